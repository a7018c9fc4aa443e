"""`waspada elections import|stage-at|check-contests`: load the calendar, ask it, and audit the contests.

Exit codes (docs/architecture.md, Command line): 0 success; 1 the work failed (invalid files, contest mismatches);
2 bad usage (an unknown region, a malformed date).
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waspada.elections import selectors
from waspada.elections.models import Election
from waspada.elections.services import ElectionDataError, check_contests, import_elections
from waspada.regions.selectors import get_region


class Command(BaseCommand):
    help = "Import the election calendar, print the stages in force on a date, or check the contests."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,stage-at,check-contests}")
        imp = sub.add_parser("import", help="Load elections, stages, stage tags and contests from the domain folder.")
        imp.add_argument("--domain-dir", type=Path, default=None, help="Domain facts folder (default: settings).")
        imp.add_argument("--json", action="store_true", help="Print the result as JSON.")
        imp.add_argument("--no-progress", action="store_true", help="Accepted for symmetry; the import is quick.")
        at = sub.add_parser("stage-at", help="Stage tags and stages in force in a region on a local date.")
        at.add_argument("region", metavar="REGION_CODE", help="Kemendagri code, e.g. 91.71")
        at.add_argument("date", metavar="YYYY-MM-DD", help="Local calendar date in the region's time zone")
        at.add_argument("--json", action="store_true", help="Print one JSON object.")
        check = sub.add_parser("check-contests", help="Compare derived contests with the counts in the domain files.")
        check.add_argument("--election", default=None, help="One election code (default: every contest election).")
        check.add_argument("--json", action="store_true", help="Print the checks as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options)
        elif action == "stage-at":
            self._stage_at(options)
        else:
            self._check(options)

    def _import(self, options: dict[str, Any]) -> None:
        domain_dir = (options["domain_dir"] or settings.DOMAIN_DIR).resolve()
        try:
            result = import_elections(domain_dir)
        except ElectionDataError as exc:
            raise CommandError(f"Import failed, nothing was written.\n{exc}", returncode=1) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
            return
        for code, figures in result.counts["elections"].items():
            contests = result.counts["contests"].get(code)
            extra = f", contests {_kinds(contests)}" if contests is not None else ""
            self.stdout.write(self.style.SUCCESS(f"{code}: {figures['stages']} stages{extra}"))
        for code in result.counts["kept_entered"]:
            self.stdout.write(f"{code}: kept as a national admin entered it (the file's version not applied)")
        self.stdout.write(f"{result.counts['stage_tags']} stage tags; {result.seconds:.2f} s.")
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))

    def _stage_at(self, options: dict[str, Any]) -> None:
        try:
            day = selectors.parse_day(options["date"])
        except ValueError:
            raise CommandError(f"Bad date {options['date']!r}: use YYYY-MM-DD.", returncode=2) from None
        region = get_region(options["region"])
        if region is None:
            raise CommandError(f"Region {options['region']} not found.", returncode=2)
        situation = selectors.stages_at(region, day)
        if options["json"]:
            self.stdout.write(json.dumps(situation.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(f"{region.code} {region.name}, {day.isoformat()} ({region.timezone})")
        self.stdout.write(f"tags: {', '.join(situation.tags)}")
        for stage in situation.stages:
            self.stdout.write(f"  {stage.election_id}: {stage.code} ({stage.name})")
        for stage in situation.possible:
            self.stdout.write(f"  possibly {stage.election_id}: {stage.code} (date not fixed in the data)")
        for code, days in situation.days_to_voting.items():
            self.stdout.write(f"days to voting, {code}: {days}")

    def _check(self, options: dict[str, Any]) -> None:
        elections = Election.objects.exclude(contest_rules={}).exclude(expected_contests={})
        if options["election"]:
            elections = elections.filter(code=options["election"])
            if not elections.exists():
                raise CommandError(f"No contest election {options['election']}.", returncode=2)
        checks = [check_contests(election) for election in elections]
        if options["json"]:
            self.stdout.write(json.dumps([check.as_dict() for check in checks]))
        else:
            for check in checks:
                style = self.style.SUCCESS if check.ok else self.style.ERROR
                self.stdout.write(style(f"{check.election}: derived {_kinds(check.derived)}, "
                                        f"expected {_kinds(check.expected)}"))  # fmt: skip
                for m in check.mismatches:
                    self.stdout.write(f"  {m['scope']} {m['kind']}: derived {m['derived']}, expected {m['expected']}")
        if any(not check.ok for check in checks):
            raise CommandError("Contest counts do not match the domain files.", returncode=1)


def _kinds(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in counts.items()) or "none"
