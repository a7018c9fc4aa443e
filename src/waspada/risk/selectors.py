"""Scoped reads of the index that pages, the API, the situation board and other apps (education, early warning)
share. What a user sees is the scope filter's job (`RegionScore.scope_spec`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from waspada.risk.models import Category, IndexRun, Level, ReferenceEdition, RegionScore, RunStatus


def latest_run(
    as_of: dt.date | None = None, round_id: int | None = None, *, include_demo: bool = True
) -> IndexRun | None:
    """The newest finished computation describing `as_of` (default: any date), for one round when given."""
    runs = IndexRun.objects.filter(status=RunStatus.DONE).select_related("method")
    if as_of is not None:
        runs = runs.filter(as_of__lte=as_of)
    if round_id is not None:
        runs = runs.filter(round_id=round_id)
    if not include_demo:
        runs = runs.filter(is_demo=False)
    return runs.order_by("-as_of", "-id").first()


def run_by_id(run_id: int) -> IndexRun | None:
    return IndexRun.objects.filter(pk=run_id, status=RunStatus.DONE).select_related("method", "previous").first()


def recent_runs(limit: int = 50) -> QuerySet[IndexRun]:
    return IndexRun.objects.filter(status=RunStatus.DONE).select_related("method", "round")[:limit]


def scores_for(run: IndexRun, user: Any, level: str | None = None) -> QuerySet[RegionScore]:
    """A run's scores the user may read, optionally at one level, most vulnerable first."""
    scores = RegionScore.objects.filter(run=run)
    if level:
        scores = scores.filter(level=level)
    return scores.restrict(user).select_related("region").order_by("rank", "region_id")  # type: ignore[attr-defined]


def score_of(run: IndexRun, region_code: str, user: Any) -> RegionScore | None:
    return scores_for(run, user).filter(region_id=region_code).first()


def latest_categories(level: str = Level.KABKOTA, as_of: dt.date | None = None) -> dict[str, str]:
    """Region code -> category (rendah/sedang/tinggi) in the newest run; empty when nothing was computed.

    Unscoped: for services that decide per region (education coverage, early-warning signals)."""
    run = latest_run(as_of)
    if run is None:
        return {}
    rows = RegionScore.objects.filter(run=run, level=level).exclude(category="")
    return dict(rows.values_list("region_id", "category"))


def high_risk_codes(level: str = Level.KABKOTA, as_of: dt.date | None = None) -> set[str]:
    return {code for code, category in latest_categories(level, as_of).items() if category == Category.TINGGI}


def region_history(region_code: str, user: Any, limit: int = 30) -> QuerySet[RegionScore]:
    """A region's score in the last computations, newest first (for its timeline)."""
    scores = RegionScore.objects.filter(region_id=region_code, run__status=RunStatus.DONE)
    return scores.restrict(user).select_related("run").order_by("-run__as_of", "-run_id")[:limit]  # type: ignore[attr-defined]


def reference_editions() -> QuerySet[ReferenceEdition]:
    return ReferenceEdition.objects.all()
