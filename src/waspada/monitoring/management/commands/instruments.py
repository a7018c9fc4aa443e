"""`waspada instruments load-default`: load the default monitoring instrument and publish it as version 1.

Idempotent: when the instrument already has a version 1, nothing changes. Exit codes (docs/architecture.md,
Command line): 0 success; 1 the file is inconsistent (each problem named by its place, nothing written)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waspada.monitoring.errors import Invalid
from waspada.monitoring.instruments import DEFAULT_FILE, load_default


class Command(BaseCommand):
    help = "Monitoring instruments: load the default instrument (published as version 1)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load-default}")
        load = sub.add_parser("load-default", help=f"Load {DEFAULT_FILE} from the domain folder and publish it.")
        load.add_argument("--domain-dir", type=Path, default=None, help="Domain facts folder (default: settings).")
        load.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
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
        self.stdout.write(self.style.SUCCESS(
            f"{result['instrument']} version {result['version']}: {what} "
            f"({result['dimensions']} dimensions, {result['indicators']} indicators)."))
