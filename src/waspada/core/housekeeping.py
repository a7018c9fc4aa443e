"""Periodic clean-up and retries, run by `waspada worker` every WASPADA_HOUSEKEEPING_MINUTES (default 10) and
once by `waspada housekeeping` (for installs that run no worker: put it in cron).

Each area registers its jobs in its AppConfig.ready() by dotted path (imported when first run, so a CLI command
does not pay for the exports' spreadsheet library); a job takes no argument and returns how many rows it
handled. Jobs are idempotent and safe to run from several workers at once; one that fails is logged and the
others still run.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

Job = Callable[[], int]
_jobs: dict[str, str] = {}


def register(name: str, path: str) -> None:
    _jobs[name] = path


def jobs() -> dict[str, str]:
    """Job name -> dotted path of its function, in name order."""
    return dict(sorted(_jobs.items()))


def run_all() -> dict[str, int | Exception]:
    """Every registered job once: name -> rows handled, or the exception that stopped it."""
    results: dict[str, int | Exception] = {}
    for name, path in jobs().items():
        try:
            job: Job = import_string(path)
            results[name] = job()
        except Exception as exc:  # one broken job must not stop the others
            log.exception("housekeeping job %s failed", name)
            results[name] = exc
    return results


def loop(stop: threading.Event, minutes: float) -> None:
    """Run every job now and then every `minutes`, until `stop` is set (the worker's background thread)."""
    while not stop.is_set():
        close_old_connections()  # as around a request: the thread's connection may have gone stale meanwhile
        run_all()
        close_old_connections()
        stop.wait(minutes * 60)


def prune_task_results() -> int:
    """Finished background-job results older than WASPADA_TASK_RESULTS_KEEP_DAYS (default 7)."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - dt.timedelta(days=settings.WASPADA_TASK_RESULTS_KEEP_DAYS)
    deleted, _per_model = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted
