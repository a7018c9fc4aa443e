"""`waspada history import FILE --source acled|snpk|ucdp --user USERNAME [--json] [--no-progress]`: an outside
dataset's export, as downloaded, into historical events (docs/history.md).

`waspada history synthesize [--seed N] [--from D --to D] [--events N] [--replace] [--json] [--no-progress]`: the
generated history for tests and the demo (docs/history.md, "Synthetic history"); exit 1 when another synthetic
history is stored and --replace is not given, 2 for a bad range or count.

Exit codes (docs/architecture.md, Command line): 0 imported (events refused one by one are listed, with their
reasons, and do not fail the run); 1 the file was refused whole or the write failed (every problem printed);
2 bad usage (no such file, unknown user, a role that may not import, an unknown source or SNPK, whose layout
is not established)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from waspada.core.cli_progress import phased_progress
from waspada.core.permissions import has_permission
from waspada.core.scope import Role
from waspada.core.spreadsheets.upload import UploadLimits
from waspada.incidents.errors import Invalid
from waspada.incidents.intake.cli import CLI_MAX_ROWS, CLI_MAX_SECONDS, CLI_SIZE_FACTOR
from waspada.incidents.intake.datasets import synthesize
from waspada.incidents.intake.datasets.importer import import_history
from waspada.incidents.intake.history import run_json
from waspada.incidents.models import ExternalSource


class Command(BaseCommand):
    help = "Import an ACLED or UCDP export as downloaded into historical events (placed by point, then by name)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,synthesize}")
        imp = sub.add_parser(
            "import",
            help="Read the export, place every event in today's regions and write them in one transaction; a file "
            "that is not the export it claims is refused whole.",
        )
        imp.add_argument("file", type=Path, help="The .csv or .xlsx export (first sheet; headers in row 1).")
        imp.add_argument(
            "--source",
            required=True,
            choices=ExternalSource.values,
            help="The dataset that wrote the file: acled, ucdp (GED) or snpk (layout not established).",
        )
        imp.add_argument("--user", default="", help="Username of the importing officer (its scope applies). "
                         "Default: the only active national admin, if there is exactly one.")  # fmt: skip
        imp.add_argument("--json", action="store_true", help="Print the result as JSON.")
        imp.add_argument("--no-progress", action="store_true", help="No progress bar.")
        syn = sub.add_parser(
            "synthesize",
            help="Generate a synthetic history (seeded: base rates, stages, contagion, flare-ups) and write it as "
            "closed historical incidents marked synthetic; the same inputs write nothing the second time.",
        )
        syn.add_argument("--seed", type=int, default=synthesize.synthetic.DEFAULT_SEED, help="Random seed.")
        syn.add_argument("--from", dest="start", type=_date, default=synthesize.synthetic.DEFAULT_START,
                         help="First day, YYYY-MM-DD (default %(default)s).")  # fmt: skip
        syn.add_argument("--to", dest="end", type=_date, default=synthesize.synthetic.DEFAULT_END,
                         help="Last day, YYYY-MM-DD, before today (default %(default)s).")  # fmt: skip
        syn.add_argument(
            "--events",
            type=int,
            default=synthesize.synthetic.DEFAULT_EVENTS,
            help="Target number of events (the total comes within a few per cent; default %(default)s).",
        )
        syn.add_argument("--replace", action="store_true", help="Delete the stored synthetic history first.")
        syn.add_argument("--json", action="store_true", help="Print the result as JSON.")
        syn.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "synthesize":
            self._synthesize(options)
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}", returncode=2)
        user = _user(options["user"])
        show = not options["no_progress"] and not options["json"] and sys.stderr.isatty()
        with phased_progress("event", show=show) as progress:
            unpacked = UploadLimits.from_settings().max_uncompressed_bytes * CLI_SIZE_FACTOR
            limits = {"max_seconds": CLI_MAX_SECONDS, "max_uncompressed_bytes": unpacked}
            try:
                outcome = import_history(user, path.read_bytes(), path.name, options["source"], progress=progress,
                                         max_rows=CLI_MAX_ROWS, limits=limits)  # fmt: skip
            except Invalid as invalid:
                raise CommandError(
                    " ".join(str(message) for message in invalid.errors.values()), returncode=2
                ) from None
        run = outcome.run
        if options["json"]:
            self.stdout.write(json.dumps({"import": run_json(run), **outcome.as_json()}, ensure_ascii=False))
        elif outcome.committed:
            summary = run.summary
            self.stdout.write(self.style.SUCCESS(
                f"Import #{run.pk} ({run.dataset}): {summary.get('placed', 0)} placed in a kab/kota, "
                f"{summary.get('province_only', 0)} at province level, {summary.get('refused', 0)} refused; "
                f"{summary.get('created', 0)} new, {summary.get('updated', 0)} updated, "
                f"{summary.get('unchanged', 0)} unchanged."))  # fmt: skip
            for refusal in outcome.refused:
                self.stdout.write(f"row {refusal.row}: {refusal.message}")
        else:
            for problem in [*(error.as_dict() for error in outcome.errors), *(r.as_dict() for r in outcome.refused)]:
                where = f"row {problem['row']}" + (f", {problem['column']}" if problem["column"] else "")
                self.stdout.write(f"{where if problem['row'] else 'file'}: {problem['message']}")
        if not outcome.committed:
            raise CommandError(f"Import #{run.pk} {run.status}: {run.error_count} problems, nothing was written.",
                               returncode=1)  # fmt: skip

    def _synthesize(self, options: dict[str, Any]) -> None:
        show = not options["no_progress"] and not options["json"] and sys.stderr.isatty()
        with phased_progress("event", show=show) as progress:
            try:
                result = synthesize.synthesize(seed=options["seed"], start=options["start"], end=options["end"],
                                               events=options["events"], replace=options["replace"],
                                               progress=progress)  # fmt: skip
            except synthesize.SynthesisError as error:
                raise CommandError(str(error), returncode=1 if error.field in ("replace", "") else 2) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        stats = result.stats
        self.stdout.write(self.style.SUCCESS(
            f"Synthetic history {result.key} ({stats['start']} to {stats['end']}, seed {stats['seed']}): "
            f"{stats['events']:,} events ({stats['election_related']:,} election-related, {stats['context']:,} "
            f"context), {result.created:,} written, {result.unchanged:,} already stored, {result.replaced:,} "
            f"replaced; {result.seconds['total']} s."))  # fmt: skip


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _user(username: str) -> Any:
    users = get_user_model().objects.filter(is_active=True)
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.", returncode=2)
    else:
        admins = list(users.filter(role=Role.NATIONAL_ADMIN)[:2])
        if len(admins) != 1:
            raise CommandError("Name the importing officer with --user USERNAME.", returncode=2)
        user = admins[0]
    if not has_permission(user, "incidents.import"):
        raise CommandError(f"The role of {user.get_username()!r} may not import incidents.", returncode=2)
    return user
