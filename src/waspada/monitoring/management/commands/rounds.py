"""`waspada rounds open|remind|status`: open a monitoring round, send the due reminders now, a round's board counts.

    waspada rounds open --user USERNAME --version N --title T --period-start D --period-end D --deadline DT
                        [--instrument CODE] [--regions 32,33.01] [--json]
    waspada rounds remind [--json]
    waspada rounds status ROUND_ID [--json]

Exit codes (docs/architecture.md, Command line): 0 success; 1 the work failed; 2 bad usage or input (an unknown
user, version or round, a bad date, a refusal of the service naming the field)."""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from waspada.core.errors import DomainError
from waspada.monitoring import board, reminders, services
from waspada.monitoring.models import InstrumentVersion, Round

DEFAULT_INSTRUMENT = "waspada_default"


def _usage(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _date(value: str, option: str) -> dt.date:
    parsed = parse_date(value or "")
    if parsed is None:
        raise _usage(f"{option}: “{value}” is not a date (YYYY-MM-DD).")
    return parsed


def _deadline(value: str) -> dt.datetime:
    """YYYY-MM-DD (the end of that day, local time) or an ISO date-time (local time when it has no offset)."""
    try:
        moment = parse_datetime(value or "")
    except ValueError:
        moment = None
    if moment is None:
        day = parse_date(value or "")
        if day is None:
            raise _usage(f"--deadline: “{value}” is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM).")
        moment = dt.datetime.combine(day, dt.time(23, 59))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = "Monitoring rounds: open one, send the due reminders now, or show a round's completion counts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{open,remind,status}")
        opener = sub.add_parser("open", help="Open a round for the kab/kota offices (in bulk).")
        opener.add_argument("--user", required=True, help="Acting user: a national admin or a province officer.")
        opener.add_argument("--instrument", default=DEFAULT_INSTRUMENT, help="Instrument code (default: %(default)s).")
        opener.add_argument("--version", required=True, type=int, help="Published version number of the instrument.")
        opener.add_argument("--title", required=True)
        opener.add_argument("--period-start", required=True, help="YYYY-MM-DD")
        opener.add_argument("--period-end", required=True, help="YYYY-MM-DD")
        opener.add_argument("--deadline", required=True, help="YYYY-MM-DD (23:59 local) or YYYY-MM-DDTHH:MM")
        opener.add_argument(
            "--regions",
            default=None,
            help="Comma-separated province or kab/kota codes (default: all in the user's scope).",
        )
        opener.add_argument("--election", default=None, help="The election cycle's code (optional).")
        opener.add_argument("--stage", default=None, help="A stage code of that election (optional).")
        opener.add_argument("--json", action="store_true", help="Print the result as JSON.")
        remind = sub.add_parser("remind", help="Send the due reminders to late offices now.")
        remind.add_argument("--json", action="store_true", help="Print the result as JSON.")
        status = sub.add_parser("status", help="A round's completion counts.")
        status.add_argument("round_id", type=int)
        status.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        result = getattr(self, f"_{action}")(options)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(self._text(action, result))

    def _open(self, options: dict[str, Any]) -> dict[str, Any]:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None or not user.is_active:
            raise _usage(f"--user: no active user “{options['user']}”.")
        version = InstrumentVersion.objects.filter(instrument__code=options["instrument"],
                                                   number=options["version"]).first()  # fmt: skip
        if version is None:
            raise _usage(f"--version: instrument {options['instrument']} has no version {options['version']}.")
        start, end = _date(options["period_start"], "--period-start"), _date(options["period_end"], "--period-end")
        deadline = _deadline(options["deadline"])
        regions = None
        if options["regions"] is not None:
            regions = [c.strip() for c in options["regions"].split(",") if c.strip()]
            if not regions:
                raise _usage("--regions: give at least one code.")
        try:
            election, stage = services.election_and_stage(options["election"], options["stage"])
            round_ = services.open_round(user, version=version, title=options["title"], period_start=start,
                                         period_end=end, deadline=deadline, regions=regions, election=election,
                                         stage=stage)  # fmt: skip
        except DomainError as exc:
            problems = "\n".join(f"{key}: {message}" for key, message in exc.errors.items())
            raise _usage(f"The round was not opened.\n{problems}") from exc
        return {"round": round_.pk, "title": round_.title, "version": version.number,
                "deadline": round_.deadline.isoformat(), "assignments": round_.assignments.count(),
                "election": round_.election_id, "stage": stage.code if stage else None}  # fmt: skip

    def _remind(self, options: dict[str, Any]) -> dict[str, Any]:
        return reminders.send_due()

    def _status(self, options: dict[str, Any]) -> dict[str, Any]:
        round_ = Round.objects.filter(pk=options["round_id"]).first()
        if round_ is None:
            raise _usage(f"There is no round {options['round_id']}.")
        return board.board_counts(round_).as_dict()

    def _text(self, action: str, result: dict[str, Any]) -> str:
        if action == "open":
            return (f"Round {result['round']} “{result['title']}” opened for {result['assignments']} kab/kota, "
                    f"deadline {result['deadline']}.")  # fmt: skip
        if action == "remind":
            return f"{result['notifications']} reminders sent for {result['assignments']} questionnaires."
        counts = ", ".join(f"{state} {result['counts'][state]}" for state in board.STATES)
        lines = [f"Round {result['round']} “{result['title']}” ({result['status']}): {result['total']} kab/kota: "
                 f"{counts}."]  # fmt: skip
        lines += [f"  {p['code']} {p['name']}: {p['handed_in']}/{p['total']} ({p['completion']}%)"
                  for p in result["provinces"]]  # fmt: skip
        return "\n".join(lines)
