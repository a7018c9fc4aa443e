"""Periodic jobs run by `waspada worker` (and `waspada schedule run-due`), safe with several workers.

Each area registers its jobs in its AppConfig.ready() by dotted path (imported only when the job runs):

    scheduler.register("elections.reminders", "waspada.elections.reminders.send_due", every=dt.timedelta(hours=1))
    scheduler.register("index.daily", "waspada.index.jobs.compute", at=dt.time(6, 0))  # every day, 06:00 WIB

A job takes no argument; what it returns (a count, say) is stored as the run's result. Each registered job has
a `ScheduledJob` row (created or updated from the registry by `sync`). `run_due(now)` claims every due job by
ONE conditional UPDATE of its row (due, not leased by another worker) that also moves `next_run_at` on and
sets a lease (`running_until`); only the worker whose UPDATE changed the row runs it, so two workers never run
the same run. The outcome (status, result, error) is written afterwards and the lease released. A job that
raises is recorded as failed and runs again at its next time; it never stops the worker or the other jobs. A
worker that dies mid-run leaves its lease, which expires after `lease` so another worker takes the job over.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import traceback
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

DEFAULT_LEASE = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Schedule:
    name: str
    path: str
    every: dt.timedelta | None
    at: dt.time | None
    lease: dt.timedelta

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        """The first run time strictly after `moment`: one interval on, or the next local `at` o'clock."""
        if self.every is not None:
            return moment + self.every
        assert self.at is not None
        zone = timezone.get_default_timezone()
        local = moment.astimezone(zone)
        candidate = dt.datetime.combine(local.date(), self.at, tzinfo=zone)
        if candidate <= local:
            candidate = dt.datetime.combine(local.date() + dt.timedelta(days=1), self.at, tzinfo=zone)
        return candidate.astimezone(dt.UTC)

    def first_run(self, now: dt.datetime) -> dt.datetime:
        """A new interval job runs at once; a daily one at its next hour."""
        return now if self.every is not None else self.next_after(now)


@dataclass(frozen=True)
class Run:
    """One run `run_due` made: status "ok" with the job's result, or "failed" with the error."""

    name: str
    status: str
    result: str = ""
    error: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "status": self.status, "result": self.result, "error": self.error}


_registry: dict[str, Schedule] = {}


def register(name: str, path: str, *, every: dt.timedelta | None = None, at: dt.time | None = None,
             lease: dt.timedelta = DEFAULT_LEASE) -> None:  # fmt: skip
    """Run the function at dotted `path` every `every`, or every day at local time `at` (TIME_ZONE, WIB).
    `lease` is how long a run may take before another worker may assume its worker died and run it again."""
    if (every is None) == (at is None):
        raise ValueError(f"Scheduled job {name!r}: give exactly one of every= or at=.")
    if every is not None and every <= dt.timedelta(0):
        raise ValueError(f"Scheduled job {name!r}: every= must be positive.")
    if lease <= dt.timedelta(0):
        raise ValueError(f"Scheduled job {name!r}: lease= must be positive.")
    _registry[name] = Schedule(name, path, every, at, lease)


def registered() -> dict[str, Schedule]:
    """Job name -> its schedule, in name order."""
    return dict(sorted(_registry.items()))


def _fields(schedule: Schedule) -> dict[str, Any]:
    return {
        "path": schedule.path,
        "every_seconds": None if schedule.every is None else int(schedule.every.total_seconds()),
        "daily_at": schedule.at,
        "lease_seconds": int(schedule.lease.total_seconds()),
    }


def sync(now: dt.datetime | None = None) -> None:
    """Create a row for each newly registered job and update those whose schedule changed (their next run is
    worked out again). Rows of jobs no longer registered stay (their history) but are never run."""
    from waspada.core.scheduler.models import ScheduledJob

    now = now or timezone.now()
    rows = {row.name: row for row in ScheduledJob.objects.filter(name__in=list(_registry))}
    for name, schedule in registered().items():
        wanted = _fields(schedule)
        row = rows.get(name)
        if row is None:
            ScheduledJob.objects.get_or_create(name=name, defaults={**wanted, "next_run_at": schedule.first_run(now)})
        elif any(getattr(row, key) != value for key, value in wanted.items()):
            changed_time = (row.every_seconds, row.daily_at) != (wanted["every_seconds"], wanted["daily_at"])
            update = dict(wanted)
            if changed_time:
                update["next_run_at"] = min(row.next_run_at, schedule.next_after(now))
            ScheduledJob.objects.filter(pk=row.pk).update(**update)


def claim(name: str, now: dt.datetime) -> bool:
    """Take the due run of job `name` with one conditional UPDATE; True for the one worker whose UPDATE changed
    the row. It moves the next run on (from now, so a worker that was down does not run a backlog) and leases
    the job until now + lease."""
    from waspada.core.scheduler.models import ScheduledJob

    schedule = _registry[name]
    free = Q(running_until__isnull=True) | Q(running_until__lt=now)
    taken = ScheduledJob.objects.filter(free, name=name, next_run_at__lte=now).update(
        running_until=now + schedule.lease, next_run_at=schedule.next_after(now), last_started_at=now,
        last_status=ScheduledJob.Status.RUNNING,
    )  # fmt: skip
    return taken == 1


def _finish(name: str, started: dt.datetime, status: str, result: str, error: str) -> None:
    from waspada.core.scheduler.models import ScheduledJob

    # Only if the lease is still ours (last_started_at unchanged): a run that outlived its lease and was taken
    # over must not overwrite the newer run's state.
    ScheduledJob.objects.filter(name=name, last_started_at=started).update(
        running_until=None, last_finished_at=timezone.now(), last_status=status, last_result=result[:200],
        last_error=error,
    )  # fmt: skip


def run_job(name: str, started: dt.datetime) -> Run:
    """Run a claimed job and record its outcome; an exception is recorded, never raised."""
    try:
        result = import_string(_registry[name].path)()
    except Exception as exc:  # one broken job must not stop the worker or the other jobs
        log.exception("scheduled job %s failed", name)
        error = "".join(traceback.format_exception_only(exc)).strip()
        _finish(name, started, "failed", "", error)
        return Run(name, "failed", error=error)
    text = "" if result is None else str(result)
    _finish(name, started, "ok", text, "")
    return Run(name, "ok", result=text)


def run_due(now: dt.datetime | None = None) -> list[Run]:
    """Every registered job due at `now` (default: the current time) that this caller manages to claim, run
    one after another in this thread. Jobs another worker claimed, or that are not due, are left alone."""
    from waspada.core.scheduler.models import ScheduledJob

    now = now or timezone.now()
    sync(now)
    due = ScheduledJob.objects.filter(name__in=list(_registry), next_run_at__lte=now).filter(
        Q(running_until__isnull=True) | Q(running_until__lt=now)).values_list("name", flat=True)  # fmt: skip
    runs = []
    for name in list(due):
        if claim(name, now):
            runs.append(run_job(name, now))
    return runs


def loop(stop: threading.Event, seconds: float | None = None) -> None:
    """Run what is due every `seconds` until `stop` is set (the worker's scheduler thread)."""
    seconds = seconds or settings.WASPADA_SCHEDULER_SECONDS
    while not stop.is_set():
        close_old_connections()  # as around a request: the thread's connection may have gone stale meanwhile
        try:
            run_due()
        except Exception:  # the database away for a moment: try again next tick
            log.exception("scheduler tick failed")
        close_old_connections()
        stop.wait(seconds)
