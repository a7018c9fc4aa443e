"""Reads of election reference data (readable by every signed-in user) and the stage of any date.

How a date meets a stage (docs/elections.md):
- Both ends known: active from start to end, both inclusive.
- One end null (unknown start, or open end): active only on the known day; on the unknown side the
  stage is *possible* for up to POSSIBLE_HORIZON days, and an unknown start never before the latest
  start of the regular stages listed before it. Possible stages never give tags.
- Both ends null (a rule relative to another event): never active by date; shown on the timeline.
- Contingent stages (`optional`): never active when `held` is false; possible when `held` is unknown.
- Stages of an election that applies to `contest_regions` (Pilkada) count only where a contest is held
  in the region, in one of its ancestors (a Jakarta kota inside the DKI governor race) or, for a
  province or kab/kota, in one of its parts (DI Yogyakarta through its kabupaten and kota).
- `days_to_voting` gives, for every election that applies to the region and has a voting day, the
  voting day minus the local date: 0 on voting day, negative after it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone

from waspada.elections.models import OUTSIDE_STAGES, AppliesTo, Contest, Election, ElectionImport, Stage, StageTag
from waspada.regions.models import Region

ACTIVE, POSSIBLE = "active", "possible"
POSSIBLE_HORIZON = dt.timedelta(days=365)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(text: str) -> dt.date:
    """A strict YYYY-MM-DD calendar date; ValueError otherwise (no week dates or compact forms)."""
    if not _ISO_DAY.match(text.strip()):
        raise ValueError(text)
    return dt.date.fromisoformat(text.strip())


def region_zone(region: Region | None) -> ZoneInfo:
    """The region's IANA zone; national views use the capital's (WIB)."""
    return ZoneInfo(region.timezone if region is not None and region.timezone else settings.TIME_ZONE)


def local_date_for(region: Region | None, when_utc: dt.datetime) -> dt.date:
    """The calendar date in the region's zone of an aware instant (2024-11-26T15:30Z is 27 Nov in Jayapura)."""
    if timezone.is_naive(when_utc):
        raise ValueError("local_date_for needs an aware datetime (store and pass UTC)")
    return when_utc.astimezone(region_zone(region)).date()


def local_today(region: Region | None) -> dt.date:
    return local_date_for(region, timezone.now())


def with_floors(stages: Iterable[Stage]) -> Iterator[tuple[Stage, dt.date | None]]:
    """Each stage with the latest start among the regular stages listed before it (files list stages in order):
    a stage whose start is unknown is not taken to begin before that."""
    floor: dt.date | None = None
    for stage in stages:
        yield stage, floor
        if stage.start is not None and not stage.optional and (floor is None or stage.start > floor):
            floor = stage.start


def stage_status(stage: Stage, day: dt.date, floor: dt.date | None = None) -> str | None:
    """ACTIVE, POSSIBLE or None for one stage on one local date (rules in the module docstring)."""
    if stage.optional and stage.held is False:
        return None
    start, end = stage.start, stage.end
    if start is None and end is None:
        return None
    first, last = start or end, end or start
    assert first is not None and last is not None
    if first <= day <= last:
        return POSSIBLE if stage.optional and stage.held is None else ACTIVE
    if start is None and max(last - POSSIBLE_HORIZON, floor or last - POSSIBLE_HORIZON) <= day < last:
        return POSSIBLE
    if end is None and first < day <= first + POSSIBLE_HORIZON:
        return POSSIBLE
    return None


def code_prefixes(code: str) -> list[str]:
    """'32.73.01.1001' -> ['32', '32.73', '32.73.01', '32.73.01.1001']: the region and its ancestors."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


@dataclass
class StageSituation:
    region: Region | None
    date: dt.date
    tags: list[str]
    stages: list[Stage]
    possible: list[Stage]
    days_to_voting: dict[str, int]
    elections: list[Election] = field(default_factory=list)
    upcoming: list[Stage] = field(default_factory=list)  # the stages that start next (same first day), any cycle

    @property
    def outside(self) -> bool:
        return self.tags == [OUTSIDE_STAGES]

    @property
    def next_voting(self) -> tuple[Election, int] | None:
        """The election whose voting day comes next (or is today) and the days to it; None when none is ahead."""
        ahead = sorted((days, code) for code, days in self.days_to_voting.items() if days >= 0)
        if not ahead:
            return None
        by_code = {election.code: election for election in self.elections}
        return by_code[ahead[0][1]], ahead[0][0]

    def as_dict(self) -> dict[str, Any]:
        """The contract of `waspada elections stage-at --json` and GET /api/v1/stages/at."""
        return {
            "region": self.region.code if self.region is not None else None,
            "date": self.date.isoformat(),
            "tags": self.tags,
            "stages": [stage_ref(stage) for stage in self.stages],
            "days_to_voting": self.days_to_voting,
        }


def stage_ref(stage: Stage) -> dict[str, str]:
    return {"election": stage.election_id, "code": stage.code, "name": stage.name}


class Calendar:
    """Every election, stage and contest region in memory (four queries), for one or many look-ups."""

    def __init__(self, elections: Iterable[Election], contest_codes: dict[str, set[str]], tag_order: list[str]):
        self.elections = list(elections)
        self.contest_codes = contest_codes
        self.tag_rank = {code: rank for rank, code in enumerate(tag_order)}

    @classmethod
    def load(cls) -> Calendar:
        elections = Election.objects.prefetch_related(
            Prefetch("stages", queryset=Stage.objects.order_by("position", "code"))
        )
        codes: dict[str, set[str]] = {}
        for election_id, region_id in Contest.objects.values_list("election_id", "region_id"):
            codes.setdefault(election_id, set()).add(region_id)
        return cls(elections, codes, list(StageTag.objects.values_list("code", flat=True)))

    def applies(self, election: Election, region: Region | None) -> bool:
        if region is None or election.applies_to == AppliesTo.EVERYWHERE:
            return True
        if election.applies_to == AppliesTo.LISTED_REGIONS:
            codes = set(election.regions)
        else:
            codes = self.contest_codes.get(election.code, set())
        if any(prefix in codes for prefix in code_prefixes(region.code)):
            return True
        inside = region.code + "."
        return any(code.startswith(inside) for code in codes)

    def at(self, region: Region | None, day: dt.date) -> StageSituation:
        active: list[Stage] = []
        possible: list[Stage] = []
        later: list[Stage] = []
        days: dict[str, int] = {}
        applicable = [election for election in self.elections if self.applies(election, region)]
        for election in applicable:
            if election.voting_day is not None:
                days[election.code] = (election.voting_day - day).days
            for stage, floor in with_floors(election.stages.all()):
                status = stage_status(stage, day, floor)
                if status == ACTIVE:
                    active.append(stage)
                elif status == POSSIBLE:
                    possible.append(stage)
                elif stage.start is not None and stage.start > day and not (stage.optional and stage.held is False):
                    later.append(stage)
        tags = sorted({tag for stage in active for tag in stage.tags}, key=lambda t: (self.tag_rank.get(t, 999), t))
        first = min((stage.start for stage in later if stage.start), default=None)
        upcoming = [stage for stage in later if stage.start == first]
        return StageSituation(region, day, tags or [OUTSIDE_STAGES], active, possible, days, applicable, upcoming)


def calendar_version() -> tuple[Any, ...]:
    """Changes when the calendar does: the latest import and the latest change by hand (two small queries)."""
    latest = ElectionImport.objects.order_by("-started_at").values_list("id", "started_at").first()
    return (latest, Election.objects.aggregate(changed=Max("changed_at"))["changed"])


def stages_at(region: Region | None, local_date: dt.date) -> StageSituation:
    """The stages in force in a region on its local date (region None: national, every election)."""
    return Calendar.load().at(region, local_date)


def stages_at_time(region: Region | None, when_utc: dt.datetime) -> StageSituation:
    return stages_at(region, local_date_for(region, when_utc))


def elections() -> QuerySet[Election]:
    return Election.objects.annotate(stage_count=Count("stages", distinct=True))


def get_election(code: str) -> Election | None:
    return Election.objects.filter(code=code).first()


def election_stages(election: Election) -> QuerySet[Stage]:
    return election.stages.select_related("tag").order_by("position", "code")


def timeline_elections() -> list[Election]:
    return list(
        Election.objects.prefetch_related(
            Prefetch("stages", queryset=Stage.objects.select_related("tag").order_by("position", "code"))
        )
    )


def contest_counts(election: Election) -> dict[str, int]:
    rows = Contest.objects.filter(election=election).values_list("kind").annotate(n=Count("pk"))
    return dict(sorted(rows))


@dataclass
class RegionContests:
    """Contests whose electorate includes the whole region, and contests held in its parts."""

    region: Region
    covering: list[Contest]
    within: list[Contest]


def region_contests(region: Region) -> RegionContests:
    contests = Contest.objects.select_related("election", "region").order_by("election__position", "region_id", "kind")
    covering = list(contests.filter(region_id__in=code_prefixes(region.code)))
    within = list(contests.filter(region__code__startswith=region.code + "."))
    return RegionContests(region, covering, within)
