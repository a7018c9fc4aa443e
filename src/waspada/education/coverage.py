"""Does political education reach the regions at risk? For the kab/kota in a scope (national, a province or one
kab/kota) and a window of the last N weeks: each kab/kota's activities, participants and activities per 100,000
inhabitants, its category in the latest vulnerability index, and the gaps: kab/kota in the highest category
(tinggi) with no activity in the window. Optionally for one target group only. Also the figures per province and
per target group.

Counting rules (docs/education.md): an activity counts in the window when it started in it (start date from
today - 7N + 1 to today; planned ones later are left out). A kab/kota counts the activities recorded for it; an
activity recorded for a whole province counts for the province's row, not for any of its kab/kota. Per 100,000:
activities / population * 100,000 with the population of the region table (none when unknown). The index is
read, never guessed: without a computation there are no categories and no gaps, and the page says so."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Sum
from django.utils import timezone

from waspada.core.scope import Action, code_within, restrict, scope_of
from waspada.education.models import Activity, TargetGroup
from waspada.regions.models import KABKOTA_LEVELS, Level, Region
from waspada.risk import selectors as risk
from waspada.risk.models import Category
from waspada.risk.models import Level as RiskLevel

DEFAULT_WEEKS = 12
WEEK_CHOICES = (4, 8, 12, 26, 52)
MAX_WEEKS = 104
HIGH = Category.TINGGI


def per_100k(activities: int, population: int | None) -> float | None:
    return round(activities * 100_000 / population, 2) if population else None


@dataclass
class Row:
    code: str
    name: str
    province_code: str
    population: int | None
    category: str | None  # rendah / sedang / tinggi, None when the index has no score for it
    activities: int = 0
    participants: int = 0
    last_date: dt.date | None = None

    @property
    def per_100k(self) -> float | None:
        return per_100k(self.activities, self.population)

    @property
    def high_risk(self) -> bool:
        return self.category == HIGH

    @property
    def gap(self) -> bool:
        return self.high_risk and self.activities == 0

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "province_code": self.province_code,
                "population": self.population, "category": self.category, "activities": self.activities,
                "participants": self.participants, "per_100k": self.per_100k,
                "last_date": self.last_date.isoformat() if self.last_date else None, "gap": self.gap}  # fmt: skip


@dataclass
class ProvinceRow(Row):
    kabkota: int = 0
    kabkota_reached: int = 0  # kab/kota with at least one activity
    high_risk_kabkota: int = 0
    gaps: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "kabkota": self.kabkota, "kabkota_reached": self.kabkota_reached,
                "high_risk_kabkota": self.high_risk_kabkota, "gaps": self.gaps}  # fmt: skip


@dataclass
class Coverage:
    region_code: str | None  # the scope shown: None for the whole country
    weeks: int
    since: dt.date
    until: dt.date
    target_group: str | None
    index_available: bool
    index_as_of: dt.date | None
    rows: list[Row]  # kab/kota, most urgent first: gaps, then fewest activities per 100,000
    provinces: list[ProvinceRow]
    groups: dict[str, int] = field(default_factory=dict)  # target group code -> activities in the window
    activities: int = 0  # every activity in the window and scope, province-level ones included

    @property
    def gaps(self) -> list[Row]:
        return [row for row in self.rows if row.gap]

    @property
    def high_risk(self) -> int:
        return sum(1 for row in self.rows if row.high_risk)

    @property
    def reached(self) -> int:
        return sum(1 for row in self.rows if row.activities)

    def as_dict(self) -> dict[str, Any]:
        return {"region": self.region_code, "weeks": self.weeks, "since": self.since.isoformat(),
                "until": self.until.isoformat(), "target_group": self.target_group,
                "index_available": self.index_available,
                "index_as_of": self.index_as_of.isoformat() if self.index_as_of else None,
                "activities": self.activities, "kabkota": len(self.rows), "kabkota_reached": self.reached,
                "high_risk": self.high_risk if self.index_available else None,
                "gaps": [row.code for row in self.gaps] if self.index_available else None,
                "groups": self.groups, "rows": [row.as_dict() for row in self.rows],
                "provinces": [row.as_dict() for row in self.provinces]}  # fmt: skip


def _kabkota_in(code: str | None) -> Any:
    regions = Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True)
    if code is None:
        return regions
    if code.count(".") == 0:
        return regions.filter(province_code=code)
    return regions.filter(code=code)


def _sort_key(row: Row) -> tuple[Any, ...]:
    rate = row.per_100k if row.per_100k is not None else (0.0 if row.activities == 0 else float("inf"))
    return (not row.gap, not row.high_risk, rate, row.code)


def coverage(user: Any, *, weeks: int = DEFAULT_WEEKS, region: str | None = None, target_group: str | None = None,
             today: dt.date | None = None) -> Coverage:  # fmt: skip
    """The coverage for `region` (a province or kab/kota code inside the user's scope; default: the whole scope).
    A region outside the scope, or deeper than a kab/kota, shows the user's own scope instead (callers check)."""
    today = today or timezone.localdate()
    weeks = max(1, min(int(weeks), MAX_WEEKS))
    since = today - dt.timedelta(days=7 * weeks - 1)
    scope_code = scope_of(user).region_code
    shown = region if region and (scope_code is None or code_within(region, scope_code)) else scope_code
    if shown is not None and shown.count(".") > 1:
        shown = ".".join(shown.split(".")[:2])  # a viewer of a kecamatan sees its kab/kota's figures
    activities = restrict(Activity.objects.all(), user, Action.VIEW).filter(start_date__gte=since,
                                                                             start_date__lte=today)  # fmt: skip
    if shown is not None:
        activities = activities.filter(province_code=shown) if "." not in shown else activities.filter(
            kabkota_code=shown)  # fmt: skip
    if target_group:
        activities = activities.filter(target_groups__code=target_group)  # one row per activity: codes are unique

    run = risk.latest_run()
    kab_categories = risk.latest_categories(RiskLevel.KABKOTA, run.as_of) if run else {}
    index_available = bool(kab_categories)

    kabkota = list(_kabkota_in(shown).values_list("code", "name", "province_code", "population"))
    rows = {code: Row(code, name, province, population, kab_categories.get(code))
            for code, name, province, population in kabkota}  # fmt: skip
    per_region = (activities.order_by().values("kabkota_code", "province_code")
                  .annotate(n=Count("pk", distinct=True), people=Sum("participants_total"),
                            last=Max("start_date")))  # fmt: skip
    province_level: dict[str, dict[str, Any]] = {}
    total = 0
    for item in per_region:
        total += item["n"]
        row = rows.get(item["kabkota_code"])
        if row is not None:
            row.activities, row.participants, row.last_date = item["n"], item["people"] or 0, item["last"]
        elif not item["kabkota_code"]:
            province_level[item["province_code"]] = item

    provinces = _provinces(rows.values(), province_level)
    groups = dict(TargetGroup.objects.filter(activity__in=activities.values("pk")).order_by().values_list("code")
                  .annotate(n=Count("activity", distinct=True)).values_list("code", "n"))  # fmt: skip
    return Coverage(shown, weeks, since, today, target_group or None, index_available,
                    run.as_of if run and index_available else None, sorted(rows.values(), key=_sort_key),
                    provinces, groups, total)  # fmt: skip


def _provinces(rows: Any, province_level: dict[str, dict[str, Any]]) -> list[ProvinceRow]:
    """Each province of the rows: its kab/kota summed, plus the activities recorded for the province itself."""
    rows = list(rows)
    codes = sorted({row.province_code for row in rows} | set(province_level))
    info = {
        code: (name, population)
        for code, name, population in Region.objects.filter(level=Level.PROVINCE, code__in=codes).values_list(
            "code", "name", "population"
        )
    }
    result = []
    for code in codes:
        name, population = info.get(code, (code, None))
        own = [row for row in rows if row.province_code == code]
        extra = province_level.get(code, {})
        lasts = [d for d in [*(row.last_date for row in own), extra.get("last")] if d]
        result.append(ProvinceRow(
            code, name, code, population, None,  # a province's urgency is its high-risk kab/kota (gaps below)
            activities=sum(row.activities for row in own) + int(extra.get("n") or 0),
            participants=sum(row.participants for row in own) + int(extra.get("people") or 0),
            last_date=max(lasts) if lasts else None, kabkota=len(own),
            kabkota_reached=sum(1 for row in own if row.activities),
            high_risk_kabkota=sum(1 for row in own if row.high_risk), gaps=sum(1 for row in own if row.gap),
        ))  # fmt: skip
    return result
