"""The `waspada demo` step after the demo monitoring rounds: two demo index runs, so the maps and the explanations
show a change. The first as of the close of the oldest demo round (its answers, the incidents until then), the
second as of today (every office's latest approved answers, today's incidents); the second names the first as
its previous run. Demo runs count the demo incidents; a rerun replaces the earlier demo runs."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from waspada.monitoring.demo import PREFIX
from waspada.monitoring.models import Round
from waspada.regions.models import KABKOTA_LEVELS, Region
from waspada.risk.models import IndexRun, RunTrigger
from waspada.risk.services import compute_index


def create_demo_runs() -> list[IndexRun]:
    today = timezone.localdate()
    oldest = Round.objects.filter(title__startswith=PREFIX).order_by("period_end").first()
    with transaction.atomic():
        IndexRun.objects.filter(is_demo=True).delete()
    runs = []
    if oldest is not None:
        closed = oldest.closed_at or oldest.deadline
        earlier = min(today, timezone.localtime(closed).date())
        if earlier < today:
            runs.append(compute_index(None, as_of=earlier, trigger=RunTrigger.DEMO, demo=True))
    runs.append(compute_index(None, as_of=today, trigger=RunTrigger.DEMO, demo=True))
    return runs


def demo_step(stdout: Any, stderr: Any) -> bool:
    if not Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).exists():
        stderr.write("Demo index not computed: run `waspada regions import` first.")
        return False
    runs = create_demo_runs()
    described = ", ".join(f"#{run.pk} as of {run.as_of} ({run.regions_scored} regions)" for run in runs)
    stdout.write(f"{len(runs)} demo index runs: {described}.")
    return True
