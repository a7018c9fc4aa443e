"""`waspada regions import|stats`: load the official regions and report what the database holds."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waspada.regions.services import import_is_current, import_regions, region_stats
from waspada.regions.sources import ReferenceDataError


class Command(BaseCommand):
    help = "Import the official regions and boundaries, or print their counts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,stats}")
        imp = sub.add_parser("import", help="Import regions, boundaries and web layers from WASPADA_DATA_DIR.")
        imp.add_argument("--data-dir", type=Path, default=None, help="Reference data folder (default: settings).")
        imp.add_argument("--domain-dir", type=Path, default=None, help="Domain facts folder (default: settings).")
        imp.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")
        imp.add_argument("--json", action="store_true", help="Print the result as JSON.")
        imp.add_argument("--if-changed", action="store_true",
                         help="Skip the import when the files are those of the last import (used by `make run`).")
        stats = sub.add_parser("stats", help="Count regions and boundaries in the database.")
        stats.add_argument("--json", action="store_true", help="Print the counts as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "stats":
            self._stats(options["json"])
        else:
            self._import(options)

    def _stats(self, as_json: bool) -> None:
        counts = region_stats()
        if as_json:
            self.stdout.write(json.dumps(counts))
            return
        for key, value in counts.items():
            self.stdout.write(f"{key}: {value}")

    def _import(self, options: dict[str, Any]) -> None:
        data_dir = (options["data_dir"] or settings.DATA_DIR).resolve()
        domain_dir = (options["domain_dir"] or settings.DOMAIN_DIR).resolve()
        show = not options["no_progress"] and sys.stderr.isatty()
        if options["if_changed"] and import_is_current(data_dir):
            self.stdout.write(f"Regions are up to date with the files in {data_dir}; nothing to import.")
            return
        try:
            result = import_regions(data_dir, domain_dir, show_progress=show)
        except ReferenceDataError as exc:
            raise CommandError(f"Import failed, nothing was written. {exc}", returncode=1) from exc
        national_layers = {key: size for key, size in result.layers.items() if key.startswith("national-")}
        summary = {
            "seconds": round(result.seconds, 1),
            "decree": result.decree,
            "counts": result.counts,
            "deactivated": result.deactivated,
            "simplification": result.report,
            "layers_gzip_bytes": national_layers,
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {counts['province']} provinces, {counts['kabkota']} kab/kota, "
                f"{counts['kecamatan']} kecamatan, {counts['desa']} desa/kelurahan "
                f"({result.decree}) in {result.seconds:.1f} s."
            )
        )
        for kind, figures in result.report.items():
            if not isinstance(figures, dict):
                continue  # layers_version
            self.stdout.write(
                f"Simplified {kind} layer: overlap between neighbours {figures['simplified_overlap_km2']} km² "
                f"(source {figures['source_overlap_km2']} km²), gaps {figures['simplified_gap_km2']} km² "
                f"(source {figures['source_gap_km2']} km²)."
            )
        for key, size in national_layers.items():
            self.stdout.write(f"Layer {key}: {size:,} bytes gzipped.")
