"""`waspada index compute [--round ID] [--date YYYY-MM-DD] [--demo] [--json] [--no-progress]`: compute and store the
vulnerability index (docs/index.md) for every kab/kota and province, with a progress bar on a terminal.
`waspada index load-method [--domain-dir D] [--json]`: put the parameters of index_method.yaml in use (a new
method version when they differ from the one in use).

Exit codes (docs/architecture.md, Command line): 0 success; 1 the computation or the method file failed (the
message names the problem, nothing half-written); 2 bad usage (a date that is not a date or lies ahead, an
unknown round)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.core.cli_progress import phased_progress
from waspada.risk.method import METHOD_FILE, MethodError, load_method_file
from waspada.risk.models import IndexRun, RunTrigger
from waspada.risk.services import RunInvalid, compute_index


def run_json(run: IndexRun) -> dict[str, Any]:
    summary = run.summary or {}
    return {"run_id": run.pk, "as_of": run.as_of.isoformat(), "round": run.round_id,
            "method_version": run.method.version,
            "status": run.status, "trigger": run.trigger, "demo": run.is_demo, "previous_run_id": run.previous_id,
            "regions_scored": run.regions_scored, "duration_s": run.duration_s,
            "categories": summary.get("categories", {}), "provisional": summary.get("provisional", 0)}  # fmt: skip


def _day(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date {text!r}: use a calendar date as YYYY-MM-DD.", returncode=2) from None


class Command(BaseCommand):
    help = "The vulnerability index: compute it now, or load the method parameters."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{compute,load-method}")
        compute = sub.add_parser("compute", help="Compute the index for every kab/kota and province.")
        compute.add_argument("--round", type=int, default=None, dest="round_id",
                             help="Only this monitoring round's approved answers (default: each region's latest).")
        compute.add_argument("--date", default=None, help="As of this day, YYYY-MM-DD (default: today).")
        compute.add_argument("--demo", action="store_true", help="A demo run: demo incidents count.")
        compute.add_argument("--json", action="store_true", help="Print the run as JSON.")
        compute.add_argument("--no-progress", action="store_true", help="No progress bar.")
        load = sub.add_parser("load-method", help=f"Put the parameters of {METHOD_FILE} in use.")
        load.add_argument("--domain-dir", type=Path, default=None, help="Domain facts folder (default: settings).")
        load.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load-method":
            return self._load(options)
        day = _day(options["date"])
        show = not options["no_progress"] and sys.stderr.isatty()
        with phased_progress("region", show=show) as progress:
            try:
                run = compute_index(None, as_of=day, round_id=options["round_id"], demo=options["demo"],
                                    trigger=RunTrigger.MANUAL, progress=progress)  # fmt: skip
            except RunInvalid as exc:
                raise CommandError("; ".join(f"--{k}: {v}" for k, v in exc.errors.items()), returncode=2) from exc
            except MethodError as exc:
                raise CommandError(f"{METHOD_FILE}: " + "; ".join(f"{k}: {v}" for k, v in exc.errors.items()),
                                   returncode=1) from exc  # fmt: skip
            except Exception as exc:  # the run is kept as failed with its error
                raise CommandError(f"The computation failed: {exc}", returncode=1) from exc
        result = run_json(run)
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        cats = result["categories"].get("kabkota", {})
        self.stdout.write(self.style.SUCCESS(
            f"Index run #{run.pk} as of {result['as_of']} (method v{result['method_version']}): "
            f"{run.regions_scored} regions in {run.duration_s} s; kab/kota tinggi {cats.get('tinggi', 0)}, "
            f"sedang {cats.get('sedang', 0)}, rendah {cats.get('rendah', 0)}."))  # fmt: skip

    def _load(self, options: dict[str, Any]) -> None:
        try:
            method, created = load_method_file(domain_dir=options["domain_dir"])
        except FileNotFoundError as exc:
            raise CommandError(f"{exc.filename}: file not found.", returncode=1) from exc
        except MethodError as exc:
            lines = "\n".join(f"{k}: {v}" for k, v in exc.errors.items())
            raise CommandError(f"{METHOD_FILE}: nothing was loaded.\n{lines}", returncode=1) from exc
        if options["json"]:
            self.stdout.write(json.dumps({"version": method.version, "created": created, "name": method.name}))
            return
        what = "now in use" if created else "already in use, unchanged"
        self.stdout.write(self.style.SUCCESS(f"Index method v{method.version} ({method.name}): {what}."))
