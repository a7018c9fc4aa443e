"""`waspada incidents import FILE --user USERNAME [--kind incidents|events] [--json] [--no-progress]`.

Exit codes (docs/architecture.md, Command line): 0 imported; 1 the file was refused or the write failed (every
problem printed); 2 bad usage (no such file, unknown user, a user whose role may not import)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from waspada.core.cli_progress import phased_progress
from waspada.core.permissions import has_permission
from waspada.core.spreadsheets.upload import UploadLimits
from waspada.incidents.intake.history import run_json
from waspada.incidents.intake.importer import ImportOutcome, import_file
from waspada.incidents.models import ImportKind

CLI_MAX_ROWS = 200_000  # no request timeout here: larger historical datasets load in one run
CLI_MAX_SECONDS = 600.0  # reading the file; the web's bound (WASPADA_UPLOAD_MAX_SECONDS) is shorter
CLI_SIZE_FACTOR = 10  # ten times the rows: ten times the web's unpacked size (WASPADA_UPLOAD_MAX_UNCOMPRESSED_BYTES)


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("import", help="Import incidents or historical events from a CSV or XLSX file: every "
                            "row is checked first, then all are written or none.")  # fmt: skip
    parser.add_argument("file", type=Path, help="The .xlsx or .csv file (first sheet; headers in row 1).")
    parser.add_argument("--user", required=True, help="Username of the importing officer (its scope applies).")
    parser.add_argument("--kind", choices=ImportKind.values, default=ImportKind.INCIDENTS,
                        help="incidents (reports, submitted for verification) or events (historical records of "
                        "another dataset, by kab/kota code). Default: incidents.")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
    parser.add_argument("--no-progress", action="store_true", help="No progress bar.")


def _outcome_json(outcome: ImportOutcome) -> str:
    return json.dumps({"import": run_json(outcome.run), "errors": [error.as_dict() for error in outcome.errors]},
                      ensure_ascii=False)  # fmt: skip


def handle_import(command: BaseCommand, options: dict[str, Any]) -> None:
    path: Path = options["file"]
    if not path.is_file():
        raise CommandError(f"No such file: {path}", returncode=2)
    user = get_user_model().objects.filter(username=options["user"]).first()
    if user is None or not user.is_active:
        raise CommandError(f"No active user {options['user']!r}.", returncode=2)
    if not has_permission(user, "incidents.import"):
        raise CommandError(f"The role of {options['user']!r} may not import incidents.", returncode=2)
    show = not options["no_progress"] and sys.stderr.isatty()
    with phased_progress("row", show=show) as progress:
        unpacked = UploadLimits.from_settings().max_uncompressed_bytes * CLI_SIZE_FACTOR
        outcome = import_file(user, path.read_bytes(), path.name, options["kind"], progress=progress,
                              max_rows=CLI_MAX_ROWS, limits={"max_seconds": CLI_MAX_SECONDS,
                                                             "max_uncompressed_bytes": unpacked})  # fmt: skip
    run = outcome.run
    if options["json"]:
        command.stdout.write(_outcome_json(outcome))
    elif outcome.committed:
        command.stdout.write(command.style.SUCCESS(f"Import #{run.pk}: {run.rows_created} incidents from {path.name}."))
    else:
        for error in outcome.errors:
            where = f"row {error.row}, {error.column}" if error.row else error.column or "file"
            command.stdout.write(f"{where}: {error.message}")
    if not outcome.committed:
        raise CommandError(f"Import #{run.pk} {run.status}: {len(outcome.errors)} problems, nothing was written.",
                           returncode=1)  # fmt: skip
