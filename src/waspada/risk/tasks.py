"""When the index is computed without anyone asking: after approved questionnaires (a background task, debounced)
and every night (core.scheduler, registered in apps.py).

Debouncing: a batch of approvals makes one run. Within one transaction the approvals enqueue one task (on
commit); each task is deferred by APPROVAL_DELAY where the backend can defer (the database backend can), and a
task finding that an approval run started after it was enqueued has nothing left to do and returns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from waspada.monitoring.models import Assignment, AssignmentStatus
from waspada.risk.models import IndexRun, RunTrigger

APPROVAL_DELAY = dt.timedelta(seconds=60)


@task()
def compute_after_approvals(enqueued_at: str) -> dict[str, Any]:
    """The run after approvals, unless one already started after this task was enqueued (it saw them all)."""
    since = dt.datetime.fromisoformat(enqueued_at)
    if IndexRun.objects.filter(trigger=RunTrigger.APPROVAL, started_at__gte=since).exists():
        return {"skipped": True}
    from waspada.risk.services import compute_index

    run = compute_index(None, trigger=RunTrigger.APPROVAL)
    return {"run": run.pk, "regions_scored": run.regions_scored}


def _enqueue() -> None:
    now = timezone.now()
    queued = compute_after_approvals
    if queued.get_backend().supports_defer:
        queued = queued.using(run_after=now + APPROVAL_DELAY)
    queued.enqueue(now.isoformat())


def on_assignment_saved(sender: Any, instance: Assignment, created: bool, update_fields: Any = None,
                        **kwargs: Any) -> None:  # fmt: skip
    """post_save of monitoring.Assignment: an approval (status saved as approved) schedules a run after commit."""
    if instance.status != AssignmentStatus.APPROVED:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    # One enqueue per transaction: Django drops the pending callbacks of a transaction that rolls back.
    if any(entry[1] is _enqueue for entry in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue)


def nightly() -> str:
    """The scheduled daily run (core.scheduler): today's index from every approved questionnaire and incident."""
    from waspada.risk.services import compute_index

    run = compute_index(None, trigger=RunTrigger.SCHEDULE)
    return f"run {run.pk}: {run.regions_scored} regions"
