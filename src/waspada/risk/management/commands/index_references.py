"""`waspada index-references load [--file PATH] [--json]`: the published index editions as reference rows.

Exit codes (docs/architecture.md, Command line): 0 success (loaded, or unchanged); 1 the file is wrong (nothing
was written, the message names the edition and the entry).
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waspada.risk.reference import REFERENCE_FILE, ReferenceDataError, load_references


class Command(BaseCommand):
    help = "Load the published vulnerability-index editions (Bawaslu's IKP, Polri's) for comparison."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load}")
        load = sub.add_parser("load", help=f"Load {REFERENCE_FILE} from the domain folder (all-or-nothing).")
        load.add_argument("--file", type=Path, default=None, help=f"Another file (default: {REFERENCE_FILE}).")
        load.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = (options["file"] or settings.DOMAIN_DIR / REFERENCE_FILE).resolve()
        try:
            result = load_references(path)
        except ReferenceDataError as exc:
            raise CommandError(f"Load failed, nothing was written.\n{exc}", returncode=1) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
            return
        if not result.changed:
            self.stdout.write(f"{path.name}: unchanged, {len(result.editions)} editions already loaded.")
            return
        for code, scores in result.editions.items():
            self.stdout.write(self.style.SUCCESS(f"{code}: {scores} published figures"))
        self.stdout.write(f"{len(result.editions)} editions loaded from {path.name}.")
