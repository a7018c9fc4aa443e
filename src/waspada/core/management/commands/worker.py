"""`waspada worker`: runs background jobs (exports now; detection and index runs later).

It is django-tasks-db's `db_worker` under the project's name, processing every queue by default, so one
worker serves the whole app; `--batch` runs what is waiting and exits (tests, cron)."""

from __future__ import annotations

from argparse import ArgumentParser

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Run background jobs (exports and other long work) from the database queue."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")
