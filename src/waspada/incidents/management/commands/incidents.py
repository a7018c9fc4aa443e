"""`waspada incidents import-taxonomy | rotate-keys | demo | import`.

Exit codes (docs/architecture.md, Command line): 0 success; 1 the work failed (invalid taxonomy, missing reference
data, a refused import file); 2 bad usage.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waspada.incidents.intake import cli as import_cli
from waspada.incidents.taxonomy import TaxonomyError, import_taxonomy


class Command(BaseCommand):
    help = (
        "Load the incident taxonomy, re-encrypt informant fields under the current key, add demo incidents, or "
        "import incidents from a CSV/XLSX file."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import-taxonomy,rotate-keys,demo,import}")
        imp = sub.add_parser("import-taxonomy", help="Load event types, sub-types, actor types and the severity "
                             "rubric from taxonomy.yaml (all or nothing).")  # fmt: skip
        imp.add_argument("--domain-dir", type=Path, default=None, help="Domain facts folder (default: settings).")
        imp.add_argument("--json", action="store_true", help="Print the result as JSON.")
        rot = sub.add_parser("rotate-keys", help="Re-encrypt informant fields with the first WASPADA_FIELD_KEYS key.")
        rot.add_argument("--json", action="store_true", help="Print the result as JSON.")
        demo = sub.add_parser("demo", help="Replace the synthetic demo incidents (needs regions and elections).")
        demo.add_argument("--count", type=int, default=2400, help="How many incidents (default 2400).")
        demo.add_argument("--json", action="store_true", help="Print the result as JSON.")
        import_cli.add_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            import_cli.handle_import(self, options)
        elif action == "import-taxonomy":
            domain_dir = (options["domain_dir"] or settings.DOMAIN_DIR).resolve()
            try:
                result = import_taxonomy(domain_dir)
            except TaxonomyError as exc:
                raise CommandError(f"Taxonomy import failed, nothing was written.\n{exc}", returncode=1) from exc
            if options["json"]:
                self.stdout.write(json.dumps(result.as_dict()))
            else:
                state = "imported" if result.changed else "unchanged"
                counts = ", ".join(f"{count} {name}" for name, count in result.counts.items())
                self.stdout.write(self.style.SUCCESS(f"Taxonomy {result.version} {state}: {counts}."))
        elif action == "rotate-keys":
            from waspada.incidents.actions.keys import rotate_informant_keys

            done = rotate_informant_keys()
            self.stdout.write(json.dumps({"sources": done}) if options["json"]
                              else f"Re-encrypted the informant fields of {done} sources.")  # fmt: skip
        else:
            from waspada.incidents.demo import DemoDataMissing, create_demo_incidents

            if options["count"] < 1:
                raise CommandError("--count must be at least 1.", returncode=2)
            try:
                summary = create_demo_incidents(count=options["count"])
            except DemoDataMissing as exc:
                raise CommandError(str(exc), returncode=1) from exc
            self.stdout.write(json.dumps(summary) if options["json"] else
                              f"{summary['incidents']} demo incidents in {summary['kabkota']} kab/kota.")  # fmt: skip
