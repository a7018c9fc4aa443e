"""`waspada worker`: runs background jobs (exports now; detection and index runs later), the housekeeping and
the scheduled periodic jobs.

It is django-tasks-db's `db_worker` under the project's name, processing every queue by default, so one
worker serves the whole app; `--batch` runs what is waiting and exits (tests, cron). Beside the job loop a
thread runs the housekeeping jobs (`waspada.core.housekeeping`) every WASPADA_HOUSEKEEPING_MINUTES, unless
`--batch` or `--no-housekeeping` is given or the setting is 0, and another runs the scheduled jobs that are due
(`waspada.core.scheduler`: reminders, later the index and early warning) every WASPADA_SCHEDULER_SECONDS
(default 30), unless `--batch` or `--no-scheduler` is given or the setting is 0. Several workers may run: each
scheduled run is claimed by one of them."""

from __future__ import annotations

import os
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Run background jobs (exports and other long work) from the database queue."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")
        parser.add_argument("--no-housekeeping", action="store_true",
                            help="Do not run the clean-up and retry jobs in this worker.")  # fmt: skip
        parser.add_argument("--no-scheduler", action="store_true",
                            help="Do not run the scheduled periodic jobs in this worker.")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        minutes = settings.WASPADA_HOUSEKEEPING_MINUTES
        stop = threading.Event()
        # With --reload (the default under DEBUG) this runs twice: in the watching parent and in the worker it
        # restarts; only the worker (RUN_MAIN set by Django's reloader) keeps house.
        watcher = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not options.pop("no_housekeeping") and not options["batch"] and minutes > 0 and not watcher:
            from waspada.core.housekeeping import loop

            threading.Thread(target=loop, args=(stop, minutes), name="waspada-housekeeping", daemon=True).start()
        seconds = settings.WASPADA_SCHEDULER_SECONDS
        if not options.pop("no_scheduler") and not options["batch"] and seconds > 0 and not watcher:
            from waspada.core import scheduler

            threading.Thread(target=scheduler.loop, args=(stop, seconds), name="waspada-scheduler",
                             daemon=True).start()  # fmt: skip
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
