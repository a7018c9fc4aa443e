"""`waspada ew run [--date D] [--json]`: the daily early-warning run (the worker schedules it; idempotent per day).
`waspada ew digest [--date D] [--json]`: the subscribers' daily digests of a date (idempotent per day)."""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from waspada.alerts import digest, engine


class Command(BaseCommand):
    help = "Early warning: compute the signals and rules for a day and update the alerts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{run,digest}")
        run = sub.add_parser("run", help="Run the rules for one day (default: today).")
        run.add_argument("--date", help="The day, YYYY-MM-DD (default: today, Asia/Jakarta).")
        run.add_argument("--json", action="store_true", help="Print the run's figures as JSON.")
        daily = sub.add_parser("digest", help="Send the subscribers' daily digests of one day (default: today).")
        daily.add_argument("--date", help="The day, YYYY-MM-DD (default: today, Asia/Jakarta).")
        daily.add_argument("--json", action="store_true", help="Print the counts as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = _day(options["date"])
        if options["action"] == "digest":
            counts = digest.send(day)
            if options["json"]:
                self.stdout.write(json.dumps(counts))
                return
            self.stdout.write(self.style.SUCCESS(
                f"Digest {counts['date']}: {counts['users']} subscribers, {counts['sent']} sent, "
                f"{counts['nothing_new']} with nothing new, {counts['already_sent']} already sent."))  # fmt: skip
            return
        result = engine.run(day)
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(self.style.SUCCESS(
            f"Early warning {result['date']}: {result['regions']} kab/kota, {result['raised']} alerts raised, "
            f"{result['rose']} raised a level, {result['updated']} updated, {result['lapsed']} lapsed "
            f"({result['seconds']} s)."))  # fmt: skip


def _day(text: str | None) -> dt.date:
    if not text:
        return timezone.localdate()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--date: “{text}” is not a date in the form YYYY-MM-DD.", returncode=2) from exc
    if day > timezone.localdate():
        raise CommandError(f"--date: {day} is in the future; early warning reads what has happened.", returncode=2)
    return day
