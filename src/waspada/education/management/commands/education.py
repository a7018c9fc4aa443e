"""`waspada education import|export`: political-education activities from and to spreadsheets.

    waspada education import FILE --user USERNAME [--json] [--no-progress]   # XLSX or CSV, all rows or none
    waspada education export -o FILE [--user USERNAME] [--format xlsx|csv] [--json]

The import acts as --user (the rows must lie in that user's scope, the role must be allowed to record); the
export writes what --user may export, or every activity when no user is given (the operator's full copy).

Exit codes (docs/architecture.md, Command line): 0 success; 1 the import was refused (every row error is listed,
nothing was written) or the file could not be written; 2 bad usage (an unknown user, a missing file)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from waspada.core.cli import progress
from waspada.core.errors import DomainError
from waspada.core.scope import Action
from waspada.core.spreadsheets.upload import UploadLimits
from waspada.education import selectors, spreadsheet
from waspada.education.models import Activity

# The command line may load larger files than the web form (no request to keep short).
CLI_MAX_ROWS = 50_000
CLI_MAX_BYTES = 50 * 1024 * 1024


def _usage(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Political-education activities: import them from an XLSX/CSV file, or export them."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,export}")
        loader = sub.add_parser("import", help="Import activities from an XLSX or CSV file (all rows or none).")
        loader.add_argument("file", help="The filled-in template (.xlsx or .csv).")
        loader.add_argument("--user", required=True, help="Acting user: a national admin or a Kesbangpol officer.")
        loader.add_argument("--json", action="store_true", help="Print the result (or the row errors) as JSON.")
        loader.add_argument("--no-progress", action="store_true", help="No progress bar (it shows only on a terminal).")
        writer = sub.add_parser("export", help="Export activities to an XLSX or CSV file.")
        writer.add_argument("-o", "--output", required=True, help="The file to write.")
        writer.add_argument("--user", default=None, help="Export only what this user may export (default: all).")
        writer.add_argument("--format", choices=("xlsx", "csv"), default=None,
                            help="Default: from the output's extension, else xlsx.")  # fmt: skip
        writer.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not user.is_active:
            raise _usage(f"--user: no active user “{username}”.")
        return user

    def _import(self, options: dict[str, Any]) -> None:
        user = self._user(options["user"])
        path = Path(options["file"])
        if not path.is_file():
            raise _usage(f"{path}: no such file.")
        limits = UploadLimits.from_settings(max_rows=CLI_MAX_ROWS, max_bytes=CLI_MAX_BYTES, max_seconds=300.0)
        try:
            result = spreadsheet.import_activities(
                user, path.read_bytes(), path.name, limits=limits,
                progress=lambda rows: progress(rows, enabled=not options["no_progress"], desc="checking rows",
                                               total=len(rows)),
            )  # fmt: skip
        except spreadsheet.ImportFailed as failed:
            self._refused(options, [error.as_dict() for error in failed.errors],
                          [str(error) for error in failed.errors])  # fmt: skip
        except DomainError as refused:
            errors = [{"row": 0, "column": name, "message": message} for name, message in refused.errors.items()]
            self._refused(options, errors, [f"{e['column']}: {e['message']}" for e in errors])
        else:
            if options["json"]:
                self.stdout.write(json.dumps({"ok": True, "file": str(path), **result.as_dict()}))
            else:
                self.stdout.write(f"{len(result.created)} activities imported from {path} ({result.rows} rows).")

    def _refused(self, options: dict[str, Any], errors: list[dict[str, Any]], lines: list[str]) -> None:
        if options["json"]:
            self.stdout.write(json.dumps({"ok": False, "file": options["file"], "errors": errors},
                                         ensure_ascii=False))  # fmt: skip
            raise CommandError(_("Nothing was imported."), returncode=1)
        raise CommandError("\n".join([_("Nothing was imported. Fix these rows and run the import again:"), *lines]),
                           returncode=1)  # fmt: skip

    def _export(self, options: dict[str, Any]) -> None:
        output = Path(options["output"])
        file_format = options["format"] or ("csv" if output.suffix.lower() == ".csv" else "xlsx")
        if options["user"]:
            activities = selectors.activities_for(self._user(options["user"]), Action.EXPORT)
        else:
            activities = Activity.objects.select_related("region", "created_by").prefetch_related(
                "target_groups").order_by("-start_date", "-id")  # fmt: skip
        rows = list(activities)
        content = spreadsheet.export_csv(rows) if file_format == "csv" else spreadsheet.export_xlsx(rows)
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}", returncode=1) from exc
        result = {"file": str(output), "format": file_format, "activities": len(rows), "bytes": len(content)}
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(f"{len(rows)} activities written to {output} ({file_format}).")
