"""Housekeeping: every registered job runs (a broken one does not stop the rest), `waspada housekeeping` runs
them once, and `waspada worker` runs them in a background thread."""

from __future__ import annotations

import datetime as dt
import io
import threading
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from waspada.core import housekeeping, scheduler
from waspada.core.management.commands import worker

pytestmark = pytest.mark.django_db

EXPECTED_JOBS = {"incidents.cleanup_exports", "incidents.purge_idempotency_keys",
                 "incidents.retry_gateway_deliveries", "tasks.prune_results"}  # fmt: skip


def counting_job() -> int:
    return 3


def broken_job() -> int:
    raise RuntimeError("disk full")


@pytest.fixture
def only(monkeypatch: pytest.MonkeyPatch) -> Any:
    def use(**jobs: str) -> None:
        monkeypatch.setattr(housekeeping, "_jobs", dict(jobs))

    return use


def test_every_area_registers_its_jobs() -> None:
    assert set(housekeeping.jobs()) == EXPECTED_JOBS


def test_the_real_jobs_run_on_an_empty_database() -> None:
    assert housekeeping.run_all() == dict.fromkeys(EXPECTED_JOBS, 0)


def test_a_broken_job_is_reported_and_the_others_still_run(only: Any) -> None:
    only(a="tests.core.test_housekeeping.broken_job", b="tests.core.test_housekeeping.counting_job")
    results = housekeeping.run_all()
    assert isinstance(results["a"], RuntimeError) and results["b"] == 3


def test_the_command_prints_counts_and_fails_naming_the_broken_job(only: Any) -> None:
    only(count="tests.core.test_housekeeping.counting_job")
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert out.getvalue() == "count: 3\n"
    only(count="tests.core.test_housekeeping.counting_job", disk="tests.core.test_housekeeping.broken_job")
    err = io.StringIO()
    with translation.override("id"), pytest.raises(CommandError, match="1 tugas pemeliharaan gagal: disk"):
        call_command("housekeeping", stdout=io.StringIO(), stderr=err)
    assert "disk: " in err.getvalue() and "RuntimeError: disk full" in err.getvalue()


def test_finished_task_results_older_than_the_setting_are_pruned(settings: Any) -> None:
    settings.WASPADA_TASK_RESULTS_KEEP_DAYS = 7
    now = timezone.now()

    def result(status: str, finished_days_ago: int | None) -> DBTaskResult:
        finished = None if finished_days_ago is None else now - dt.timedelta(days=finished_days_ago)
        return DBTaskResult.objects.create(status=status, args_kwargs={"args": [], "kwargs": {}}, task_path="x.y",
                                           backend_name="default", run_after=now, finished_at=finished,
                                           exception_class_path="", traceback="")  # fmt: skip

    old_done, old_failed = result("SUCCESSFUL", 8), result("FAILED", 30)
    keep = [result("SUCCESSFUL", 2), result("READY", None), result("RUNNING", None)]
    assert housekeeping.prune_task_results() == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {row.pk for row in keep}
    assert not DBTaskResult.objects.filter(pk__in=[old_done.pk, old_failed.pk]).exists()


def test_the_loop_runs_until_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    stop, runs = threading.Event(), []

    def run_all() -> dict[str, int]:
        runs.append(1)
        if len(runs) == 3:
            stop.set()
        return {}

    monkeypatch.setattr(housekeeping, "run_all", run_all)
    monkeypatch.setattr(housekeeping, "close_old_connections", lambda: None)  # would end the test's transaction
    housekeeping.loop(stop, minutes=0.0001)
    assert len(runs) == 3


@pytest.mark.parametrize(("arguments", "minutes", "reloaded", "started"), [
    (["--no-reload"], 10, None, True), (["--no-housekeeping", "--no-reload"], 10, None, False),
    (["--batch"], 10, None, False), (["--no-reload"], 0, None, False),
    (["--reload"], 10, None, False),  # the reloader's watching parent
    (["--reload"], 10, "true", True),  # the worker the reloader runs
])  # fmt: skip
def test_the_worker_starts_housekeeping_beside_the_job_loop(
    arguments: list[str], minutes: int, reloaded: str | None, started: bool, settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    settings.WASPADA_HOUSEKEEPING_MINUTES = minutes
    if reloaded:
        monkeypatch.setenv("RUN_MAIN", reloaded)
    else:
        monkeypatch.delenv("RUN_MAIN", raising=False)
    seen: list[bool] = []
    ran = threading.Event()
    monkeypatch.setattr(housekeeping, "run_all", lambda: ran.set() or {})
    monkeypatch.setattr(scheduler, "run_due", lambda: [])  # its own thread; tested in test_scheduler.py

    def job_loop(self: Any, *args: Any, **options: Any) -> None:  # instead of the endless job loop
        seen.append(any(thread.name == "waspada-housekeeping" for thread in threading.enumerate()))
        if started:
            assert ran.wait(5)

    monkeypatch.setattr(worker.DbWorkerCommand, "handle", job_loop)
    call_command("worker", *arguments)
    assert seen == [started]
    if started:  # the worker stopping stops the housekeeping thread
        for thread in threading.enumerate():
            if thread.name == "waspada-housekeeping":
                thread.join(5)
                assert not thread.is_alive()
