"""Signals per kab/kota for one day (docs/alerts.md, Signals), gathered in a handful of grouped queries so a
national run over a year of 100,000 incidents stays in seconds: incident counts by day (verified and unverified
weighted differently), the region's own and its province peers' history, severe incidents, the stages in force
and the days to voting, the vulnerability index, late monitoring questionnaires, overdue grants and the
neighbours from the boundaries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from waspada.alerts.forecasting.selectors import forecast_probabilities
from waspada.alerts.rules import UNVERIFIED_WEIGHT, Params, RegionSignals
from waspada.elections.selectors import Calendar
from waspada.grants.selectors import overdue_items
from waspada.incidents.models import Incident
from waspada.incidents.models.incident import Status
from waspada.monitoring.models import Assignment, AssignmentStatus, RoundStatus
from waspada.regions.models import KABKOTA_LEVELS, Region
from waspada.regions.selectors import neighbour_map
from waspada.risk import selectors as risk

VERIFIED = (Status.VERIFIED, Status.ESCALATED, Status.HANDLED, Status.CLOSED)
WEIGHTS = {**dict.fromkeys(VERIFIED, 1.0), Status.SUBMITTED: UNVERIFIED_WEIGHT}
MONTH = 30


def gather(day: dt.date, params: Params) -> list[RegionSignals]:
    regions = list(Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).order_by("code"))
    span = max(params.history_days + params.window_days, MONTH * (params.months + 1))
    daily = _daily_counts(day - dt.timedelta(days=span - 1), day)
    window_start = day - dt.timedelta(days=params.window_days - 1)
    history_start = window_start - dt.timedelta(days=params.history_days)
    last30_start = day - dt.timedelta(days=MONTH - 1)

    per_region: dict[str, dict[str, Any]] = {}
    for region in regions:
        days = daily.get(region.code, {})
        months = [0.0] * params.months
        window = history = last30 = 0.0
        for when, weight in days.items():
            if when >= window_start:
                window += weight
            elif when >= history_start:
                history += weight
            if when >= last30_start:
                last30 += weight
            else:
                block = (last30_start - when - dt.timedelta(days=1)).days // MONTH
                if block < params.months:
                    months[block] += weight
        per_region[region.code] = {"window": window, "history": history, "last30": last30, "months": months}

    peer_rates = _peer_rates(regions, per_region, params)
    severe = _severe(window_start, day)
    calendar = Calendar.load()
    index = _index(day)
    late = _late_rounds()
    overdue = {entry["region"]: entry["count"] for entry in overdue_items(day)}
    neighbours = neighbour_map("kabkota")
    forecasts = forecast_probabilities(day)
    result = []
    for region in regions:
        mine = per_region[region.code]
        situation = calendar.at(region, day)
        ahead = [days for days in situation.days_to_voting.values() if days >= 0]
        category, change = index.get(region.code, ("", None))
        result.append(RegionSignals(
            code=region.code, population=region.population, window_count=mine["window"],
            history_count=mine["history"], peer_rate_per_capita_day=peer_rates[region.code],
            last30=mine["last30"], monthly_before=mine["months"], severe_verified=severe.get(region.code, 0),
            stage_tags=situation.tags, days_to_voting=min(ahead) if ahead else None, index_category=category,
            index_change=change, late_rounds=late.get(region.code, 0),
            overdue_grants=overdue.get(region.code, 0),
            neighbours=neighbours.get(region.code, []),
            forecast_probability=forecasts.get(region.code)))  # fmt: skip
    return result


def _daily_counts(start: dt.date, end: dt.date) -> dict[str, dict[dt.date, float]]:
    rows = (Incident.objects.filter(occurred_on__gte=start, occurred_on__lte=end, status__in=list(WEIGHTS),
                                    is_context=False)
            .exclude(kabkota_code="").values_list("kabkota_code", "occurred_on", "status")
            .annotate(n=Count("id")).order_by())  # fmt: skip
    daily: dict[str, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    for code, when, status, n in rows:
        daily[code][when] += WEIGHTS[status] * n
    return daily


def _peer_rates(regions: list[Region], per_region: dict[str, dict[str, Any]], params: Params) -> dict[str, float]:
    """Per region: the other kab/kota of its province, weighted incidents per person per day over the history."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for region in regions:
        totals[region.province_code][0] += per_region[region.code]["history"]
        totals[region.province_code][1] += region.population or 0
    rates = {}
    for region in regions:
        count, people = totals[region.province_code]
        count -= per_region[region.code]["history"]
        people -= region.population or 0
        rates[region.code] = count / people / params.history_days if people > 0 else 0.0
    return rates


def _severe(start: dt.date, end: dt.date) -> dict[str, int]:
    rows = (Incident.objects.filter(occurred_on__gte=start, occurred_on__lte=end, status__in=VERIFIED, is_context=False)
            .filter(Q(severity__gte=5) | Q(dead__gt=0)).values_list("kabkota_code")
            .annotate(n=Count("id")).order_by())  # fmt: skip
    return dict(rows)


def _index(day: dt.date) -> dict[str, tuple[str, float | None]]:
    run = risk.latest_run(day)
    if run is None:
        return {}
    rows = run.scores.filter(level="kabkota").values_list("region_id", "category", "change")
    return {code: (category, change) for code, category, change in rows}


def _late_rounds() -> dict[str, int]:
    """Questionnaires of open rounds past their deadline and not submitted (or returned and not resubmitted)."""
    rows = (Assignment.objects.filter(round__status=RoundStatus.OPEN, round__deadline__lt=timezone.now(),
                                      status__in=[AssignmentStatus.NOT_STARTED, AssignmentStatus.DRAFT,
                                                  AssignmentStatus.RETURNED])
            .values_list("kabkota_code").annotate(n=Count("id")).order_by())  # fmt: skip
    return dict(rows)
