"""`waspada informants purge --older-than DAYS [--dry-run]`: erase informant personal data collected more than
DAYS ago (UU 27/2022; docs/security.md, Retention). Run it from cron with the office's retention period.

Exit codes (docs/architecture.md, Command line): 0 success (also when nothing was old enough); 2 bad usage
(DAYS not a whole number between 1 and 36500).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.core.cli import progress
from waspada.incidents.actions.retention import MAX_DAYS, purge_informants


def days_value(text: str) -> int:
    try:
        days = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"give a whole number of days, e.g. 730 (got {text!r})") from None
    if not 1 <= days <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"give a whole number of days between 1 and {MAX_DAYS} (got {days})")
    return days


class Command(BaseCommand):
    help = "Erase informant personal data older than a retention period (UU 27/2022)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{purge}")
        purge = sub.add_parser("purge", help="Erase informant names and contacts, and gateway senders' numbers, "
                               "collected more than DAYS ago; one audit event with the counts.")  # fmt: skip
        purge.add_argument("--older-than", dest="days", metavar="DAYS", type=days_value, required=True,
                           help="Retention period in days (1-36500): data collected before it is erased.")
        purge.add_argument("--dry-run", action="store_true", help="Count what would be erased; change nothing.")
        purge.add_argument("--json", action="store_true", help="Print the result as JSON.")
        purge.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        enabled = not options["no_progress"] and not options["json"]

        def bar(items: Iterable[Any], total: int, desc: str) -> Iterator[Any]:
            return progress(items, enabled=enabled, desc=desc, total=total)

        try:
            result = purge_informants(options["days"], dry_run=options["dry_run"], progress=bar)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
            return
        counts = (f"{result.sources} source(s) with an informant identity and {result.deliveries} gateway "
                  f"deliver{'y' if result.deliveries == 1 else 'ies'} with a sender's number, older than "
                  f"{result.older_than_days} days")  # fmt: skip
        if result.dry_run:
            self.stdout.write(f"Dry run, nothing changed: would erase {counts}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Erased {counts}; recorded in the audit trail."))
