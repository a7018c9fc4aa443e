"""Which run a reader means (i17-core): without a round, the newest run computed by date (each region's latest
answers), so a run restricted to one round never stands in for the index of the day; a round's runs when asked."""

from __future__ import annotations

import datetime as dt

from waspada.risk.models import IndexRun, RunStatus
from waspada.risk.selectors import latest_run


def run_for(as_of: dt.date | None = None, round_id: int | None = None) -> IndexRun | None:
    if round_id is not None:
        return latest_run(as_of, round_id)
    runs = IndexRun.objects.filter(status=RunStatus.DONE, round__isnull=True).select_related("method")
    if as_of is not None:
        runs = runs.filter(as_of__lte=as_of)
    return runs.order_by("-as_of", "-id").first()
