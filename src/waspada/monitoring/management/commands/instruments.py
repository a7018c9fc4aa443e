"""`waspada instruments load-default`: load the default monitoring instrument and publish it as version 1.

Idempotent: when the instrument already has a version 1, nothing changes. Exit codes (docs/architecture.md,
Command line): 0 success; 1 the file is inconsistent (each problem named by its place, nothing written).

`waspada instruments export --code CODE [--version N] -o FILE`: the version (default: the latest published) as an
XLSForm workbook. `waspada instruments import FILE --user NAME`: an XLSForm workbook as a new draft version.
`waspada instruments import-submissions --round ID FILE --user NAME`: a KoBoToolbox / ODK Central export (CSV or
XLSX) as answers to the round's questionnaires (monitoring/submissions_import.py). Exit 1 naming each problem,
nothing written; 2 a missing instrument, round or user."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waspada.core.errors import DomainError
from waspada.monitoring.errors import Invalid
from waspada.monitoring.instruments import DEFAULT_FILE, load_default
from waspada.monitoring.models import InstrumentVersion, Round, VersionStatus


class Command(BaseCommand):
    help = "Monitoring instruments: load the default instrument (published as version 1)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True,
                                    metavar="{load-default,export,import,import-submissions}")  # fmt: skip
        load = sub.add_parser("load-default", help=f"Load {DEFAULT_FILE} from the domain folder and publish it.")
        load.add_argument("--domain-dir", type=Path, default=None, help="Domain facts folder (default: settings).")
        load.add_argument("--json", action="store_true", help="Print the result as JSON.")
        export = sub.add_parser("export", help="Write an instrument version as an XLSForm workbook.")
        export.add_argument("--code", required=True, help="The instrument's code.")
        export.add_argument("--version", type=int, default=None, help="Version number (default: latest published).")
        export.add_argument("-o", "--output", type=Path, required=True, help="The .xlsx file to write.")
        imp = sub.add_parser("import", help="Read an XLSForm workbook as a new draft version.")
        imp.add_argument("file", type=Path)
        imp.add_argument("--user", required=True, help="Username of the national administrator importing it.")
        subs = sub.add_parser("import-submissions", help="Save a KoBoToolbox / ODK Central export as answers.")
        subs.add_argument("--round", type=int, required=True, dest="round_id", help="The round's id.")
        subs.add_argument("file", type=Path)
        subs.add_argument(
            "--user",
            required=True,
            help="Username: an office's officer, or a round manager (national admin, province "
            "officer) importing on behalf of the offices in scope.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "export":
            return self._export(options)
        if action in ("import", "import-submissions"):
            return self._import(action, options)
        domain_dir = (options["domain_dir"] or settings.DOMAIN_DIR).resolve()
        try:
            version, created = load_default(domain_dir)
        except FileNotFoundError as exc:
            raise CommandError(f"{exc.filename}: file not found.", returncode=1) from exc
        except Invalid as exc:
            lines = "\n".join(exc.errors.values())
            raise CommandError(f"{DEFAULT_FILE}: nothing was written.\n{lines}", returncode=1) from exc
        result = {"instrument": version.instrument.code, "version": version.number, "created": created,
                  "dimensions": version.dimensions.count(), "indicators": version.indicators.count()}  # fmt: skip
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        what = "loaded and published" if created else "already loaded, unchanged"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['instrument']} version {result['version']}: {what} "
                f"({result['dimensions']} dimensions, {result['indicators']} indicators)."
            )
        )

    def _export(self, options: dict[str, Any]) -> None:
        from waspada.monitoring.xlsform import export_version

        versions = InstrumentVersion.objects.filter(instrument__code=options["code"]).select_related("instrument")
        if options["version"] is not None:
            version = versions.filter(number=options["version"]).first()
        else:
            version = versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()
        if version is None:
            raise CommandError(f"No such instrument version: {options['code']} {options['version'] or ''}".strip(),
                               returncode=2)  # fmt: skip
        options["output"].write_bytes(export_version(version))
        self.stdout.write(f"{version.instrument.code} version {version.number} written to {options['output']}.")

    def _import(self, action: str, options: dict[str, Any]) -> None:
        from django.contrib.auth import get_user_model

        from waspada.monitoring.submissions_import import import_submissions
        from waspada.monitoring.xlsform import import_workbook

        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No such user: {options['user']}.", returncode=2)
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror}).", returncode=2) from exc
        try:
            if action == "import":
                version = import_workbook(user, content)
                message = (f"{version.instrument.code} version {version.number} imported as a draft "
                           f"({version.indicators.count()} indicators).")  # fmt: skip
            else:
                round_ = Round.objects.select_related("version").filter(pk=options["round_id"]).first()
                if round_ is None:
                    raise CommandError(f"No such round: {options['round_id']}.", returncode=2)
                result = import_submissions(user, round_, content, path.name)
                message = f"{result['rows']} rows, {result['answers']} answers saved"
                message += " on behalf of the offices." if result["on_behalf"] else "."
        except DomainError as exc:
            lines = "\n".join(exc.errors.values())
            raise CommandError(f"{path.name}: nothing was saved.\n{lines}", returncode=1) from exc
        self.stdout.write(self.style.SUCCESS(message))
