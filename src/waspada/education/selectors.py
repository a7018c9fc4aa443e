"""Scoped reads of political-education activities, and the situation board's summary.

board_summary(user, today=None) returns, for what the user's scope reaches:

    {"activities_30d": int,              # activities that started in the last 30 days (today included)
     "weeks": int,                       # the window of the next two figures (coverage.DEFAULT_WEEKS)
     "index_available": bool,            # has the vulnerability index been computed yet?
     "high_risk_regions": int | None,    # kab/kota in the highest category of the latest index (None: no index)
     "high_risk_without_activity": int | None}  # of those, how many had no activity in the window
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from waspada.core.scope import Action, restrict
from waspada.education.coverage import DEFAULT_WEEKS, coverage
from waspada.education.models import Activity, Photo, TargetGroup


def activities_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Activity]:
    """The activities the user may read (or export), newest first, with what the lists show."""
    return (restrict(Activity.objects.all(), user, action).select_related("region", "created_by")
            .prefetch_related(Prefetch("target_groups", queryset=TargetGroup.objects.order_by("id")))
            .order_by("-start_date", "-id"))  # fmt: skip


def get_activity(user: Any, pk: int) -> Activity | None:
    return activities_for(user).prefetch_related("photos").filter(pk=pk).first()


def get_photo(user: Any, pk: int) -> Photo | None:
    """A photo whose activity the user may read; None otherwise (the same 404 as a missing one)."""
    photo = Photo.objects.filter(pk=pk).first()
    if photo is None or not activities_for(user).filter(pk=photo.activity_id).exists():
        return None
    return photo


def board_summary(user: Any, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    recent = restrict(Activity.objects.all(), user, Action.VIEW).filter(
        start_date__gt=today - dt.timedelta(days=30), start_date__lte=today)  # fmt: skip
    result = coverage(user, weeks=DEFAULT_WEEKS, today=today)
    return {"activities_30d": recent.count(), "weeks": DEFAULT_WEEKS, "index_available": result.index_available,
            "high_risk_regions": result.high_risk if result.index_available else None,
            "high_risk_without_activity": len(result.gaps) if result.index_available else None}  # fmt: skip
