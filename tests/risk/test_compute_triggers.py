"""The index computes itself: after approvals (one task per transaction, debounced), nightly, and in the demo."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from waspada.core import scheduler
from waspada.monitoring.demo import create_demo_rounds
from waspada.monitoring.models import AssignmentStatus
from waspada.risk import tasks
from waspada.risk.demo import create_demo_runs
from waspada.risk.models import IndexRun, RegionScore, RunTrigger


@pytest.mark.django_db
def test_a_batch_of_approvals_enqueues_one_deferred_run(make_round: Any, approve_answers: Any,
                                                        django_capture_on_commit_callbacks: Any) -> None:  # fmt: skip
    june = make_round("Putaran Juni", dt.date(2026, 6, 15))
    pending = [approve_answers(june, code, {"a1": True}, dt.date(2026, 6, 20), status=AssignmentStatus.SUBMITTED)
               for code in ("32.73", "32.04", "31.71")]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for assignment in pending:
            assignment.status = AssignmentStatus.APPROVED
            assignment.save(update_fields=["status"])
        assignment.review_note = "ok"
        assignment.save(update_fields=["review_note"])  # not a change of status: nothing more
    assert len(callbacks) == 1
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "waspada.risk.tasks.compute_after_approvals"
    assert queued.run_after >= timezone.now() + dt.timedelta(seconds=30)  # waits for the rest of the batch


@pytest.mark.django_db
def test_the_approval_task_runs_once_for_the_batch(index_world: None) -> None:
    enqueued = timezone.now().isoformat()
    first = tasks.compute_after_approvals.call(enqueued)
    second = tasks.compute_after_approvals.call(enqueued)  # a later task of the same batch
    assert "run" in first and second == {"skipped": True}
    assert IndexRun.objects.get().trigger == RunTrigger.APPROVAL


@pytest.mark.django_db
def test_nightly_job_is_registered_and_computes(index_world: None) -> None:
    assert scheduler.registered()["risk.nightly_index"].path == "waspada.risk.tasks.nightly"
    assert tasks.nightly().startswith("run ")
    assert IndexRun.objects.get().trigger == RunTrigger.SCHEDULE


@pytest.mark.django_db
def test_demo_makes_two_runs_the_second_compared_with_the_first(index_world: None) -> None:
    create_demo_rounds()
    older, current = create_demo_runs()
    assert older.as_of < current.as_of == timezone.localdate()
    assert current.previous_id == older.pk and older.is_demo and current.is_demo
    assert RegionScore.objects.filter(run=current, change__isnull=False).exists()
    again = create_demo_runs()  # a rerun replaces them
    assert IndexRun.objects.count() == 2 and {r.pk for r in again} == set(IndexRun.objects.values_list("pk", flat=True))
