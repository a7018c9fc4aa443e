"""`waspada grants import|export|status`: the grant agreements from and to the finance offices' XLSX layout, and
the board's counts.

    waspada grants import FILE --user USERNAME [--json] [--no-progress]
    waspada grants export -o FILE [--user USERNAME] [--election CODE]
    waspada grants status [--user USERNAME] [--election CODE] [--as-of YYYY-MM-DD] [--json]

Without --user, export and status read every region (the operator's view); with it, that user's scope.
Exit codes (docs/architecture.md, Command line): 0 success; 1 the file was refused (every problem printed, nothing
written); 2 bad usage (no such file, unknown user, a bad date)."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.dateparse import parse_date

from waspada.core.cli_progress import phased_progress
from waspada.core.spreadsheets.upload import UploadLimits
from waspada.grants import board, selectors, spreadsheet
from waspada.grants.models import Agreement

CLI_MAX_ROWS = 200_000  # no request timeout on the command line
CLI_MAX_SECONDS = 600.0


def _usage(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Regional grants: import or export the XLSX of agreements and tranches, or show the board's counts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,export,status}")
        imp = sub.add_parser("import", help="Import agreements and tranche payments (all rows checked, then all "
                             "written or none).")  # fmt: skip
        imp.add_argument("file", type=Path, help="The .xlsx with the sheets NPHD and Tahap.")
        imp.add_argument("--user", required=True, help="Username of the importing officer (its scope applies).")
        imp.add_argument("--json", action="store_true", help="Print the result as JSON.")
        imp.add_argument("--no-progress", action="store_true", help="No progress bar.")
        exp = sub.add_parser("export", help="Write the agreements and tranches as XLSX.")
        exp.add_argument("-o", "--output", required=True, type=Path, help="The .xlsx file to write.")
        exp.add_argument("--user", default=None, help="Limit to this user's scope (default: every region).")
        exp.add_argument("--election", default=None, help="Only this election's agreements.")
        status = sub.add_parser("status", help="The board's counts: signing and disbursement by recipient, overdue.")
        status.add_argument("--user", default=None, help="Limit to this user's scope (default: every region).")
        status.add_argument("--election", default=None, help="Only this election's agreements.")
        status.add_argument("--as-of", default=None, help="The day to judge compliance on (default: today).")
        status.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _user(self, name: str | None) -> Any:
        if name is None:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None or not user.is_active:
            raise _usage(f"--user: no active user “{name}”.")
        return user

    def _agreements(self, options: dict[str, Any]) -> Any:
        user = self._user(options["user"])
        rows = Agreement.objects.select_related("region") if user is None else selectors.agreements_for(user)
        if options["election"]:
            rows = rows.filter(election_id=options["election"])
        return rows.order_by("election_id", "region_id", "recipient")

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise _usage(f"No such file: {path}")
        user = self._user(options["user"])
        show = not options["no_progress"] and not options["json"] and sys.stderr.isatty()
        limits = UploadLimits.from_settings(max_rows=CLI_MAX_ROWS, max_seconds=CLI_MAX_SECONDS,
                                            max_bytes=200 * 1024 * 1024,
                                            max_uncompressed_bytes=1024 * 1024 * 1024)  # fmt: skip
        with phased_progress("row", show=show) as progress:
            result = spreadsheet.import_workbook(user, path.read_bytes(), limits=limits, progress=progress)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        elif result.committed:
            self.stdout.write(self.style.SUCCESS(
                f"{result.created} agreements created, {result.updated} updated, {result.tranches} tranches, "
                f"{result.payments} payments from {path.name}."))  # fmt: skip
        else:
            for error in result.errors:
                self.stdout.write(str(error))
        if not result.committed:
            raise CommandError(f"{len(result.errors)} problems; nothing was written.", returncode=1)

    def _export(self, options: dict[str, Any]) -> None:
        rows = list(self._agreements(options))
        grouped = selectors.tranches_by_agreement([a.pk for a in rows])
        options["output"].write_bytes(spreadsheet.export_workbook(rows, grouped, timezone.localdate()))
        self.stdout.write(f"{len(rows)} agreements written to {options['output']}.")

    def _status(self, options: dict[str, Any]) -> None:
        as_of = timezone.localdate()
        if options["as_of"]:
            as_of = parse_date(options["as_of"])  # type: ignore[assignment]
            if as_of is None:
                raise _usage(f"--as-of: “{options['as_of']}” is not a date (YYYY-MM-DD).")
        result = board.build(self._agreements(options), as_of)
        user = self._user(options["user"])
        overdue = selectors.overdue_items(as_of, scope_user=user)
        payload = {**result.as_dict(), "overdue_regions": len(overdue),
                   "overdue_items": sum(entry["count"] for entry in overdue)}  # fmt: skip
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, cls=DjangoJSONEncoder))
            return
        lines = [f"Grants on {payload['as_of']}: {payload['regions']} regions, {payload['overdue_items']} overdue "
                 f"items in {payload['overdue_regions']} regions."]  # fmt: skip
        for recipient, counts in payload["by_recipient"].items():
            lines.append(f"  {recipient}: {counts['total']} agreements; signed on time {counts['on_time']}, late "
                         f"{counts['late']}, not yet {counts['not_yet']}; paid {counts['paid']}, overdue "
                         f"{counts['overdue']}, not due {counts['not_due']}")  # fmt: skip
        self.stdout.write("\n".join(lines))
