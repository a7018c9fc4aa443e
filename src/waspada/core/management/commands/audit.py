"""`waspada audit verify`: walk the hash chain and name the first broken event."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.core.audit import verify_chain


class Command(BaseCommand):
    help = "Audit trail tools. `verify` checks that no event was altered, removed or reordered."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify}")
        verify = sub.add_parser("verify", help="Check the hash chain; exit 1 naming the first broken event.")
        verify.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if options.get("json"):
            self.stdout.write(json.dumps(result.as_dict()))
        elif result.ok:
            self.stdout.write(f"Audit chain intact: {result.count} events verified.")
        if not result.ok:
            where = f"event {result.broken_id} (seq {result.broken_seq})" if result.broken_id else "chain head"
            message = f"Audit chain broken at {where}: {result.reason}. {result.count} events before it are intact."
            if options.get("json"):
                raise SystemExit(1)
            raise CommandError(message, returncode=1)
