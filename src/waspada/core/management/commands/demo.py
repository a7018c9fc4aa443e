"""`waspada demo`: demo accounts for a first look. Refuses outside DEBUG unless --force."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waspada.accounts.demo import DEMO_USERS, DemoError, create_demo_users
from waspada.incidents.demo import report_demo_incidents


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
            create_demo_users()
        except DemoError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write("Demo accounts (username / password):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<18} {user.password:<26} {user.description}")
        report_demo_incidents(self.stdout, self.stderr)
