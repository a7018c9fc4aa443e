"""The scheduler: a registered job runs when due and not before, its next run moves on by its interval (or to
the next day's hour), a failure is recorded and retried at the next run without stopping the others, a run is
claimed by one worker only (one conditional UPDATE), a lease that expired lets another worker take over, and
`waspada schedule` lists and runs the jobs."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from tests.concurrency import at_once, skip_on_memory_sqlite
from waspada.core import scheduler
from waspada.core.management.commands import worker
from waspada.core.scheduler.models import ScheduledJob

pytestmark = pytest.mark.django_db

ran: list[str] = []  # what the jobs below did, in order
T0 = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)  # 10:00 WIB
TEN_MINUTES = dt.timedelta(minutes=10)


def counting_job() -> int:
    ran.append("count")
    return 3


def broken_job() -> int:
    ran.append("broken")
    raise RuntimeError("disk full")


def slow_job() -> None:
    ran.append("slow")


@pytest.fixture(autouse=True)
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, scheduler.Schedule]:
    """Only the test's jobs (the apps' own registrations are tested on their own below)."""
    jobs: dict[str, scheduler.Schedule] = {}
    monkeypatch.setattr(scheduler, "_registry", jobs)
    ran.clear()
    return jobs


def row(name: str) -> ScheduledJob:
    return ScheduledJob.objects.get(name=name)


def test_register_needs_exactly_one_schedule_and_positive_times() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        scheduler.register("x", "a.b")
    with pytest.raises(ValueError, match="exactly one"):
        scheduler.register("x", "a.b", every=TEN_MINUTES, at=dt.time(6))
    with pytest.raises(ValueError, match="positive"):
        scheduler.register("x", "a.b", every=dt.timedelta(0))
    assert scheduler.registered() == {}


def test_a_new_interval_job_runs_at_once_then_not_until_its_interval_passed() -> None:
    scheduler.register("count", "tests.core.test_scheduler.counting_job", every=TEN_MINUTES)
    assert scheduler.run_due(T0) == [scheduler.Run("count", "ok", result="3")]
    job = row("count")
    assert job.next_run_at == T0 + TEN_MINUTES and job.running_until is None
    assert (job.last_status, job.last_result, job.last_started_at) == ("ok", "3", T0)
    assert job.last_finished_at is not None and job.last_error == ""
    assert scheduler.run_due(T0 + dt.timedelta(minutes=9, seconds=59)) == []  # not due yet
    assert ran == ["count"]
    assert [run.name for run in scheduler.run_due(T0 + TEN_MINUTES)] == ["count"]
    assert row("count").next_run_at == T0 + 2 * TEN_MINUTES
    assert ran == ["count", "count"]


def test_a_worker_that_was_down_runs_once_not_the_missed_backlog() -> None:
    scheduler.register("count", "tests.core.test_scheduler.counting_job", every=TEN_MINUTES)
    scheduler.run_due(T0)
    later = T0 + dt.timedelta(hours=5)
    scheduler.run_due(later)
    scheduler.run_due(later)
    assert ran == ["count", "count"] and row("count").next_run_at == later + TEN_MINUTES


def test_a_daily_job_runs_at_its_local_hour() -> None:
    scheduler.register("daily", "tests.core.test_scheduler.counting_job", at=dt.time(6, 0))  # 06:00 WIB = 23:00 UTC
    assert scheduler.run_due(T0) == []  # 10:00 WIB: today's 06:00 has passed, so the first run is tomorrow's
    first = dt.datetime(2026, 12, 7, 23, 0, tzinfo=dt.UTC)
    assert row("daily").next_run_at == first
    assert scheduler.run_due(first - dt.timedelta(seconds=1)) == []
    assert [run.status for run in scheduler.run_due(first + dt.timedelta(minutes=2))] == ["ok"]
    assert row("daily").next_run_at == first + dt.timedelta(days=1)


def test_a_failure_is_recorded_retried_next_interval_and_does_not_stop_the_others() -> None:
    scheduler.register("a-broken", "tests.core.test_scheduler.broken_job", every=TEN_MINUTES)
    scheduler.register("b-count", "tests.core.test_scheduler.counting_job", every=TEN_MINUTES)
    runs = scheduler.run_due(T0)
    assert [(run.name, run.status) for run in runs] == [("a-broken", "failed"), ("b-count", "ok")]
    assert runs[0].error == "RuntimeError: disk full"
    broken = row("a-broken")
    assert (broken.last_status, broken.last_error, broken.running_until) == ("failed", "RuntimeError: disk full", None)
    assert broken.next_run_at == T0 + TEN_MINUTES  # retried at its next time, not in a tight loop
    assert scheduler.run_due(T0 + dt.timedelta(minutes=1)) == []
    assert [run.name for run in scheduler.run_due(T0 + TEN_MINUTES)] == ["a-broken", "b-count"]
    assert ran == ["broken", "count", "broken", "count"]


def test_a_missing_function_is_a_recorded_failure() -> None:
    scheduler.register("gone", "tests.core.test_scheduler.no_such_job", every=TEN_MINUTES)
    [run] = scheduler.run_due(T0)
    assert run.status == "failed" and "no_such_job" in run.error and row("gone").last_status == "failed"


def test_only_one_claim_of_a_due_run_succeeds() -> None:
    scheduler.register("count", "tests.core.test_scheduler.counting_job", every=TEN_MINUTES)
    scheduler.sync(T0)
    assert scheduler.claim("count", T0) is True
    assert scheduler.claim("count", T0) is False  # the second worker's UPDATE matches no row
    assert row("count").running_until == T0 + scheduler.DEFAULT_LEASE


def test_a_lease_holds_off_other_workers_until_it_expires() -> None:
    scheduler.register("slow", "tests.core.test_scheduler.slow_job", every=TEN_MINUTES,
                       lease=dt.timedelta(minutes=30))  # fmt: skip
    scheduler.sync(T0)
    assert scheduler.claim("slow", T0)  # worker A claims, then dies before finishing
    for minutes in (10, 20, 29):  # due again, but A's lease still stands
        assert scheduler.run_due(T0 + dt.timedelta(minutes=minutes)) == []
    taken_over = T0 + dt.timedelta(minutes=31)
    assert [run.name for run in scheduler.run_due(taken_over)] == ["slow"]  # worker B takes over
    job = row("slow")
    assert (job.last_status, job.last_started_at, job.running_until) == ("ok", taken_over, None)
    # A finishing late does not overwrite B's newer run.
    scheduler._finish("slow", T0, "failed", "", "late")
    assert row("slow").last_status == "ok"


def test_changing_a_schedule_updates_its_row_and_unregistered_rows_never_run() -> None:
    scheduler.register("count", "tests.core.test_scheduler.counting_job", every=dt.timedelta(hours=6))
    scheduler.run_due(T0)
    assert row("count").next_run_at == T0 + dt.timedelta(hours=6)
    scheduler.register("count", "tests.core.test_scheduler.counting_job", every=TEN_MINUTES)
    scheduler.sync(T0 + dt.timedelta(minutes=1))
    job = row("count")
    assert job.every_seconds == 600 and job.next_run_at == T0 + dt.timedelta(minutes=11)
    ScheduledJob.objects.create(name="retired", path="tests.core.test_scheduler.broken_job", every_seconds=60,
                                lease_seconds=60, next_run_at=T0)  # fmt: skip
    assert [run.name for run in scheduler.run_due(T0 + dt.timedelta(hours=1))] == ["count"]


@pytest.mark.concurrent
@pytest.mark.django_db(transaction=True)  # the workers' threads see the job row committed
def test_workers_racing_for_one_due_run_run_it_once() -> None:
    """Eight workers tick at the same moment: exactly one runs the job. Needs a database file (tests.concurrency)."""
    skip_on_memory_sqlite()
    scheduler.register("count", "tests.core.test_scheduler.counting_job", every=TEN_MINUTES)
    scheduler.sync(T0)
    runs: list[list[scheduler.Run]] = []
    at_once(8, lambda index: runs.append(scheduler.run_due(T0 + dt.timedelta(seconds=1))))
    assert sorted(len(worker_runs) for worker_runs in runs) == [0] * 7 + [1]
    assert ran == ["count"] and row("count").last_status == "ok"


def test_the_loop_ticks_until_stopped_and_survives_a_failing_tick(monkeypatch: pytest.MonkeyPatch) -> None:
    stop, ticks = threading.Event(), []

    def run_due() -> list[scheduler.Run]:
        ticks.append(1)
        if len(ticks) == 1:
            raise RuntimeError("database away")
        if len(ticks) == 3:
            stop.set()
        return []

    monkeypatch.setattr(scheduler, "run_due", run_due)
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)  # would end the test's transaction
    scheduler.loop(stop, seconds=0.001)
    assert len(ticks) == 3


@pytest.mark.parametrize(("arguments", "seconds", "started"), [
    (["--no-reload"], 30, True), (["--no-scheduler", "--no-reload"], 30, False), (["--batch"], 30, False),
    (["--no-reload"], 0, False),
])  # fmt: skip
def test_the_worker_runs_the_scheduler_beside_the_job_loop(
    arguments: list[str], seconds: int, started: bool, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.WASPADA_SCHEDULER_SECONDS = seconds
    monkeypatch.delenv("RUN_MAIN", raising=False)
    ticked = threading.Event()
    monkeypatch.setattr(scheduler, "run_due", lambda: ticked.set() or [])
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    seen: list[bool] = []

    def job_loop(self: Any, *args: Any, **options: Any) -> None:  # instead of the endless job loop
        seen.append(any(thread.name == "waspada-scheduler" for thread in threading.enumerate()))
        if started:
            assert ticked.wait(5)

    monkeypatch.setattr(worker.DbWorkerCommand, "handle", job_loop)
    call_command("worker", "--no-housekeeping", *arguments)
    assert seen == [started]
    for thread in threading.enumerate():  # the worker stopping stops the scheduler thread
        if thread.name == "waspada-scheduler":
            thread.join(5)
            assert not thread.is_alive()


def test_schedule_list_shows_next_run_and_last_outcome() -> None:
    scheduler.register("broken", "tests.core.test_scheduler.broken_job", every=TEN_MINUTES)
    scheduler.register("daily", "tests.core.test_scheduler.counting_job", at=dt.time(6, 0))
    scheduler.run_due(T0)
    out = io.StringIO()
    call_command("schedule", "list", "--json", stdout=out)
    jobs = {job["name"]: job for job in json.loads(out.getvalue())["jobs"]}
    assert set(jobs) == {"broken", "daily"}
    assert jobs["broken"]["last_status"] == "failed" and jobs["broken"]["last_error"] == "RuntimeError: disk full"
    assert jobs["broken"]["every_seconds"] == 600 and jobs["daily"]["daily_at"] == "06:00"
    assert jobs["daily"]["last_status"] is None
    assert jobs["broken"]["next_run_at"] == timezone.localtime(T0 + TEN_MINUTES).isoformat(timespec="seconds")
    text = io.StringIO()
    call_command("schedule", "list", stdout=text)
    lines = text.getvalue().splitlines()
    assert lines[0].startswith("broken  every 600s  next ") and lines[0].endswith("RuntimeError: disk full")
    assert lines[1].startswith("daily  daily at 06:00") and lines[1].endswith("last never run")


def test_schedule_run_due_runs_what_is_due_and_fails_naming_the_broken_job() -> None:
    scheduler.register("count", "tests.core.test_scheduler.counting_job", every=TEN_MINUTES)
    out = io.StringIO()
    call_command("schedule", "run-due", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"runs": [{"name": "count", "status": "ok", "result": "3", "error": ""}],
                                          "failed": []}  # fmt: skip
    out = io.StringIO()
    call_command("schedule", "run-due", stdout=out)  # nothing due any more
    assert out.getvalue() == "" and ran == ["count"]
    scheduler.register("disk", "tests.core.test_scheduler.broken_job", every=TEN_MINUTES)
    with translation.override("id"), pytest.raises(CommandError, match="1 tugas terjadwal gagal: disk"):
        call_command("schedule", "run-due", stdout=io.StringIO())
    with pytest.raises(SystemExit):
        scheduler.register("disk2", "tests.core.test_scheduler.broken_job", every=TEN_MINUTES)
        call_command("schedule", "run-due", "--json", stdout=io.StringIO())
