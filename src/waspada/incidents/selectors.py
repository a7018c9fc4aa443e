"""Scoped reads of incidents: the filtered list, full-text search, one incident, and the review queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from waspada.core.scope import Role, Sensitivity, code_within, scope_of
from waspada.incidents import access
from waspada.incidents.models import (
    EventType,
    FollowUpAction,
    HandlingLevel,
    Incident,
    IncidentStage,
    SeverityLevel,
    Status,
)
from waspada.nlp.text import norm_key
from waspada.regions.models import Region

LIST_RELATED = ("event_type", "event_subtype", "region")
# The `context` filter's accepted values -> IncidentFilter.context ("" leaves context events out).
CONTEXT_VALUES = {"": "", "0": "", "false": "", "exclude": "", "1": "include", "true": "include",
                  "include": "include", "only": "only"}  # fmt: skip


@dataclass
class IncidentFilter:
    """The list's filters; parse() fills `errors` (field -> message) instead of raising."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    region: str = ""
    event_type: str = ""
    status: str = ""
    stage: str = ""
    severity: int | None = None
    severity_min: int | None = None
    sensitivity: str = ""
    handling_level: str = ""
    q: str = ""
    demo: bool | None = None
    # Context events (imported history that is not election-related, `is_context`) are not election incidents:
    # left out unless asked for. "" leaves them out, "include" counts them with the rest, "only" shows them alone.
    context: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, params: dict[str, Any]) -> IncidentFilter:
        result = cls()

        def text(key: str) -> str:
            return str(params.get(key) or "").strip()[:200]

        for key in ("date_from", "date_to"):
            if text(key):
                try:
                    setattr(result, key, dt.date.fromisoformat(text(key)))
                except ValueError:
                    result.errors[key] = _("Give the date as YYYY-MM-DD.")
        for key in ("severity", "severity_min"):
            if text(key):
                if text(key) in {"1", "2", "3", "4", "5"}:
                    setattr(result, key, int(text(key)))
                else:
                    result.errors[key] = _("Severity is a number from 1 to 5.")
        result.region, result.event_type, result.stage, result.q = (text("region"), text("type") or text("event_type"),
                                                                    text("stage"), text("q"))  # fmt: skip
        for key, choices in (("status", Status), ("sensitivity", Sensitivity), ("handling_level", HandlingLevel)):
            value = text(key)
            if value and value not in choices.values:
                result.errors[key] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)}
            else:
                setattr(result, key, value)
        if text("demo") in {"0", "1", "true", "false"}:
            result.demo = text("demo") in {"1", "true"}
        context = text("context").lower()
        if context in CONTEXT_VALUES:
            result.context = CONTEXT_VALUES[context]
        else:
            result.errors["context"] = _("Context events: choose one of exclude, include, only.")
        return result

    def active(self) -> dict[str, Any]:
        names = ("date_from", "date_to", "region", "event_type", "status", "stage", "severity", "severity_min",
                 "sensitivity", "handling_level", "q", "context")  # fmt: skip
        return {name: getattr(self, name) for name in names if getattr(self, name) not in (None, "")}


def region_refusal(user: Any, code: str) -> tuple[int, str] | None:
    """Why a region filter cannot apply for this user, or None: (422, ...) no such region, (403, ...) a region
    outside the work area, which would only show an empty list. A region containing the area (a kab/kota
    officer filtering by its province) is fine: the list shows the part the user may see."""
    if not code:
        return None
    region = Region.objects.filter(code=code).only("name").first()
    if region is None:
        return 422, _("No region has code %(code)s.") % {"code": code}
    scope_code = scope_of(user).region_code
    if scope_code and not code_within(code, scope_code) and not code_within(scope_code, code):
        return 403, _("Region %(name)s (%(code)s) is outside your work area.") % {"name": region.name, "code": code}
    return None


def _region_q(code: str) -> Q:
    if "." not in code:
        return Q(province_code=code)
    if code.count(".") == 1:
        return Q(kabkota_code=code)
    return Q(place_code=code) | Q(place_code__startswith=code + ".")


def search_condition(query: str) -> Q:
    """Every word must appear (word prefix match) in the normalised text of title, narrative, places,
    types and actor names. Portable: LIKE on SQLite and PostgreSQL; no ranking, no stemming."""
    condition = Q()
    for word in norm_key(query).split()[:8]:
        condition &= Q(search_text__contains=" " + word)
    return condition


def incidents_for(user: Any, flt: IncidentFilter | None = None) -> QuerySet[Incident]:
    """What the list shows: every incident the user may know of (restricted ones of others redacted), filtered.
    Filters on what a redacted row hides (text, severity, status) keep only the rows the user reads in full."""
    flt = flt or IncidentFilter()
    rows = access.listed(Incident.objects.all(), user)
    if flt.date_from:
        rows = rows.filter(occurred_on__gte=flt.date_from)
    if flt.date_to:
        rows = rows.filter(occurred_on__lte=flt.date_to)
    if flt.region:
        rows = rows.filter(_region_q(flt.region))
        if flt.region.count(".") > 1:  # below kab/kota: a redacted row hides its place, so it never matches
            rows = rows.filter(access.readable_q(user))
    if flt.event_type:
        rows = rows.filter(event_type_id=flt.event_type)
    if flt.stage:
        # IN over the tag's index, not a correlated EXISTS: SQLite runs the EXISTS per row (about 200 ms
        # against 12 ms over 100,000 incidents).
        rows = rows.filter(pk__in=IncidentStage.objects.filter(tag_id=flt.stage).values("incident_id"))
    if flt.sensitivity:
        rows = rows.filter(sensitivity=flt.sensitivity)
    if flt.demo is not None:
        rows = rows.filter(is_demo=flt.demo)
    if flt.context == "":
        rows = rows.filter(is_context=False)
    elif flt.context == "only":
        rows = rows.filter(is_context=True)
    hidden = Q()
    if flt.status:
        hidden &= Q(status=flt.status)
    if flt.handling_level:
        hidden &= Q(handling_level=flt.handling_level)
    if flt.severity:
        hidden &= Q(severity=flt.severity)
    if flt.severity_min:
        hidden &= Q(severity__gte=flt.severity_min)
    if flt.q:
        hidden &= search_condition(flt.q)
    if hidden:
        rows = rows.filter(hidden)
        if _may_be_redacted(user):
            rows = rows.filter(access.readable_q(user))
    return rows.select_related(*LIST_RELATED).prefetch_related(
        Prefetch("stage_links", queryset=IncidentStage.objects.only("incident_id", "tag_id"))
    )


def _may_be_redacted(user: Any) -> bool:
    """National roles read everything; viewers list only what they read; others may see redacted rows."""
    scope = scope_of(user)
    return not scope.is_national and scope.role != Role.VIEWER


def incident_for(user: Any, pk: int) -> Incident | None:
    """One incident the user may at least know of (None: not found or outside the scope, 404 either way)."""
    incident = (
        Incident.objects.select_related(
            "event_type", "event_subtype", "region", "kecamatan", "desa", "election", "created_by", "duplicate_of"
        )  # fmt: skip
        .filter(pk=pk)
        .first()
    )
    if incident is None or not access.can_list(user, incident):
        return None
    return incident


def detail_related(incident: Incident) -> dict[str, Any]:
    return {
        "actors": list(incident.actors.select_related("actor_type")),
        "sources": list(incident.sources.all()),
        "attachments": list(incident.attachments.all()),
        "transitions": list(incident.transitions.select_related("actor")),
        "followups": list(incident.followups.select_related("owner")),
        "stage_tags": list(incident.stage_links.select_related("tag").order_by("tag__position")),
        "merged": list(incident.merged.only("id", "title")),
    }


# ---------------------------------------------------------------------------------------------------------
# Review queue: what needs this office's action now.


def queue_condition(user: Any) -> Q | None:
    scope = scope_of(user)
    role, code = scope.role, scope.region_code
    if role in (Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST):
        national = Q(handling_level=HandlingLevel.NATIONAL)
        return (
            (national & Q(status__in=[Status.SUBMITTED, Status.ESCALATED, Status.HANDLED]))
            | Q(status=Status.SUBMITTED, kabkota_code="")
            | Q(status=Status.SUBMITTED, needs_review=True)  # flagged at intake (issue 15), wherever it was placed
        )
    if role == Role.PROVINCE_OFFICER:
        mine = Q(province_code=code)
        return mine & (
            Q(handling_level=HandlingLevel.PROVINCE, status__in=[Status.ESCALATED, Status.HANDLED])
            | Q(status=Status.SUBMITTED, handling_level=HandlingLevel.KABKOTA, severity__gte=4)
        )
    if role == Role.KABKOTA_OFFICER:
        return Q(kabkota_code=code, handling_level=HandlingLevel.KABKOTA,
                 status__in=[Status.SUBMITTED, Status.VERIFIED, Status.HANDLED])  # fmt: skip
    if role == Role.FIELD_MONITOR:
        return Q(created_by_id=scope.user_id, status=Status.DRAFT)
    return None


def review_queue(user: Any) -> QuerySet[Incident]:
    """Incidents waiting for the user's office, oldest first within severity, read in full only."""
    condition = queue_condition(user)
    if condition is None:
        return Incident.objects.none()
    rows = access.readable(Incident.objects.all(), user).filter(condition)
    return rows.select_related(*LIST_RELATED).order_by("-severity", "updated_at", "id")


def open_followups(user: Any) -> QuerySet[FollowUpAction]:
    """Open follow-up actions of incidents the user reads, overdue first."""
    readable = access.readable(Incident.objects.all(), user).values("pk")
    scope = scope_of(user)
    rows = FollowUpAction.objects.filter(incident_id__in=readable, status__in=["open", "in_progress"])
    if not scope.is_national:
        rows = rows.filter(Q(owner_office=scope.region_code) | Q(owner_id=scope.user_id))
    return rows.select_related("incident", "owner").order_by("due_on", "id")


def event_types() -> QuerySet[EventType]:
    return EventType.objects.prefetch_related("subtypes")


def severity_rubric() -> list[SeverityLevel]:
    return list(SeverityLevel.objects.all())
