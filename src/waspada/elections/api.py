"""GET /api/v1/elections, /elections/{code}, /elections/{code}/stages, /elections/{code}/contests, /stages/at.

Mounted once at the API root (`api.add_router("", router)`); the two child routers keep the paths.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from waspada.core.api.errors import invalid, not_found
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import Out, PageParams, choice, page_of, refusals
from waspada.elections import selectors
from waspada.elections.models import (
    AppliesTo,
    Contest,
    ContestKind,
    ContestOrigin,
    Election,
    ElectionKind,
    ElectionOrigin,
    Stage,
)
from waspada.regions.selectors import get_region

router = Router()
elections_router = Router()
stages_router = Router()


class ContestParams(PageParams):
    region: str | None = Field(None, description="A region code: the contests whose electorate covers it.")
    kind: choice(ContestKind.values) | None = None  # type: ignore[valid-type]


class StageAtParams(Schema):
    region: str = Field(description="A region code.")
    date: str = Field(description="A local calendar date, YYYY-MM-DD.", examples=["2024-11-27"])


class ElectionOut(Out):
    code: str
    name: str
    name_id: str
    name_en: str
    kind: choice(ElectionKind.values)  # type: ignore[valid-type]
    applies_to: choice(AppliesTo.values)  # type: ignore[valid-type]
    voting_day: str | None = Field(description="YYYY-MM-DD")
    legal_basis: list[Any] = Field(description="As in the election's source file.")
    legal_basis_id: list[Any] = Field(description="The legal basis in Indonesian.")
    contest_types: list[Any]
    expected_contests: dict[str, Any]
    contests: dict[str, int] = Field(description="Contests by kind.")
    stages: int = Field(ge=0)
    source_file: str | None
    regions: list[str] = Field(description="Region codes an election held only in some places covers (PSU...).")
    origin: choice(ElectionOrigin.values)  # type: ignore[valid-type]
    provisional: bool = Field(description="Dates not yet confirmed by a national admin.")
    confirmed_at: str | None = Field(description="When a national admin confirmed the dates (ISO 8601).")
    source_note: str | None


class ElectionDetailOut(ElectionOut):
    details: dict[str, Any] = Field(description="Scale, disputes... as in the election's source file.")
    sources: dict[str, Any] = Field(description="Source id -> URL.")


class SourceOut(Out):
    id: str
    url: str | None


class StageOut(Out):
    election: str
    code: str
    name: str
    name_id: str
    name_en: str
    tag: str
    tags: list[str]
    start: str | None = Field(description="YYYY-MM-DD")
    end: str | None = Field(description="YYYY-MM-DD")
    contingent: bool
    contingent_on: str | None
    contingent_on_id: str | None
    held: bool | None
    rule: str | None
    rule_id: str | None = Field(description="The rule in Indonesian.")
    note: str | None
    note_id: str | None = Field(description="The note in Indonesian.")
    comments: list[Any]
    unverified: bool
    sources_disagree: bool
    sources: list[SourceOut]


class ContestOut(Out):
    election: str
    region: str
    region_name: str
    kind: choice(ContestKind.values)  # type: ignore[valid-type]
    origin: choice(ContestOrigin.values)  # type: ignore[valid-type]


class StageRefOut(Out):
    election: str
    code: str
    name: str


class StageAtOut(Out):
    region: str | None
    date: str = Field(description="YYYY-MM-DD")
    tags: list[str]
    stages: list[StageRefOut]
    days_to_voting: dict[str, int] = Field(description="Election code -> days until its voting day.")
    possible_stages: list[StageRefOut]


def election_summary(election: Election) -> dict[str, Any]:
    return {
        "code": election.code,
        "name": election.name,
        "name_id": election.name_id,
        "name_en": election.name_en,
        "kind": election.kind,
        "applies_to": election.applies_to,
        "voting_day": election.voting_day.isoformat() if election.voting_day else None,
        "legal_basis": election.legal_basis,
        "legal_basis_id": election.legal_basis_id,
        "contest_types": election.contest_types,
        "expected_contests": election.expected_contests,
        "contests": selectors.contest_counts(election),
        "stages": getattr(election, "stage_count", None) or election.stages.count(),
        "source_file": election.source_file or None,
        "regions": election.regions,
        "origin": election.origin,
        "provisional": election.provisional,
        "confirmed_at": election.confirmed_at.isoformat() if election.confirmed_at else None,
        "source_note": election.source_note or None,
    }


def stage_detail(stage: Stage, sources: dict[str, str]) -> dict[str, Any]:
    return {
        "election": stage.election_id,
        "code": stage.code,
        "name": stage.name,
        "name_id": stage.name_id,
        "name_en": stage.name_en,
        "tag": stage.tag_id,
        "tags": stage.tags,
        "start": stage.start.isoformat() if stage.start else None,
        "end": stage.end.isoformat() if stage.end else None,
        "contingent": stage.optional,
        "contingent_on": stage.contingent_on or None,
        "contingent_on_id": stage.contingent_on_id or None,
        "held": stage.held,
        "rule": stage.rule or None,
        "rule_id": stage.rule_id or None,
        "note": stage.note or None,
        "note_id": stage.note_id or None,
        "comments": stage.comments,
        "unverified": stage.unverified,
        "sources_disagree": stage.sources_disagree,
        "sources": [{"id": source, "url": sources.get(source)} for source in stage.sources],
    }


def contest_summary(contest: Contest) -> dict[str, Any]:
    return {
        "election": contest.election_id,
        "region": contest.region_id,
        "region_name": contest.region.name,
        "kind": contest.kind,
        "origin": contest.origin,
    }


def _election_or_404(code: str) -> Election:
    election = selectors.get_election(code)
    if election is None:
        raise not_found(_("Election %(code)s not found.") % {"code": code})
    return election


@elections_router.get("", summary="List elections", response={200: page_of(ElectionOut), **refusals(422)})
def list_elections(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    return paginate(request, selectors.elections(), params.page, params.page_size, election_summary)


@elections_router.get("/{code}", summary="One election", response={200: ElectionDetailOut, **refusals(404)})
def get_election(request: HttpRequest, code: str) -> dict[str, Any]:
    election = _election_or_404(code)
    return {**election_summary(election), "details": election.details, "sources": election.sources}


@elections_router.get("/{code}/stages", summary="The stages of an election, in the order of its file",
                      response={200: page_of(StageOut), **refusals(404, 422)})  # fmt: skip
def list_stages(request: HttpRequest, code: str, params: Query[PageParams]) -> dict[str, Any]:
    election = _election_or_404(code)
    stages = selectors.election_stages(election)
    return paginate(request, stages, params.page, params.page_size, lambda s: stage_detail(s, election.sources))


@elections_router.get("/{code}/contests", summary="Contests of an election, optionally those covering a region",
                      response={200: page_of(ContestOut), **refusals(404, 422)})  # fmt: skip
def list_contests(request: HttpRequest, code: str, params: Query[ContestParams]) -> dict[str, Any]:
    election = _election_or_404(code)
    contests = election.contests.select_related("region").order_by("region_id", "kind")
    if params.kind is not None:
        if params.kind not in ContestKind.values:
            message = _("Unknown kind %(value)r; use one of: %(choices)s.")
            raise invalid("kind", message % {"value": params.kind, "choices": ", ".join(ContestKind.values)})
        contests = contests.filter(kind=params.kind)
    if params.region is not None:
        region = get_region(params.region)
        if region is None:
            raise invalid("region", _("No region has code %(code)s.") % {"code": params.region})
        contests = contests.filter(region_id__in=selectors.code_prefixes(region.code))
    return paginate(request, contests, params.page, params.page_size, contest_summary)


@stages_router.get("/at", summary="Stage tags and stages in force in a region on a local date",
                   response={200: StageAtOut, **refusals(404, 422)})  # fmt: skip
def stage_at(request: HttpRequest, params: Query[StageAtParams]) -> dict[str, Any]:
    try:
        day = selectors.parse_day(params.date)
    except ValueError:
        raise invalid("date", _("Use a calendar date as YYYY-MM-DD, e.g. 2024-11-27.")) from None
    region = get_region(params.region)
    if region is None:
        raise not_found(_("Region %(code)s not found.") % {"code": params.region})
    situation = selectors.stages_at(region, day)
    return {**situation.as_dict(), "possible_stages": [selectors.stage_ref(s) for s in situation.possible]}


router.add_router("/elections", elections_router)
router.add_router("/stages", stages_router)
