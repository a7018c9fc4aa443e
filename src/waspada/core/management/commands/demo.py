"""`waspada demo`: demo accounts and data for a first look. Refuses outside DEBUG unless --force.

The work is the steps the apps register (waspada.core.demo_steps): the demo accounts, then the demo incidents.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waspada.core.demo_steps import DemoError, run_steps


class Command(BaseCommand):
    help = "Create demo users and print their credentials (development and trials only)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when WASPADA_DEBUG is off.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to create demo accounts with known passwords while WASPADA_DEBUG is off; "
                "use --force if this really is a trial server.",
                returncode=1,
            )
        try:
            run_steps(self.stdout, self.stderr)
        except DemoError as exc:
            raise CommandError(str(exc), returncode=1) from exc
