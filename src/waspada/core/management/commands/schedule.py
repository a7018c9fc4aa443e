"""`waspada schedule list|run-due [--json]`: the periodic jobs the apps registered, and running what is due.

`list` shows each job's schedule, next run and last outcome; `run-due` runs once what is due now (what
`waspada worker` does every WASPADA_SCHEDULER_SECONDS), claiming each run so a worker running meanwhile never
runs it twice. Exit 1 when a job that ran failed."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core import scheduler
from waspada.core.scheduler.models import ScheduledJob


def _time(value: Any) -> str | None:
    return None if value is None else timezone.localtime(value).isoformat(timespec="seconds")


def _schedule_text(job: ScheduledJob) -> str:
    if job.every_seconds:
        return f"every {job.every_seconds}s"
    return f"daily at {job.daily_at:%H:%M}" if job.daily_at else "-"


def job_dict(job: ScheduledJob) -> dict[str, Any]:
    return {
        "name": job.name, "path": job.path, "every_seconds": job.every_seconds,
        "daily_at": job.daily_at.strftime("%H:%M") if job.daily_at else None,
        "next_run_at": _time(job.next_run_at), "running_until": _time(job.running_until),
        "last_started_at": _time(job.last_started_at), "last_finished_at": _time(job.last_finished_at),
        "last_status": job.last_status or None, "last_result": job.last_result, "last_error": job.last_error,
    }  # fmt: skip


class Command(BaseCommand):
    help = "Periodic jobs: `list` shows each job's next run and last outcome; `run-due` runs what is due now."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{list,run-due}")
        listing = sub.add_parser("list", help="Each registered job: schedule, next run, last outcome.")
        listing.add_argument("--json", action="store_true", help="Print one JSON object.")
        due = sub.add_parser("run-due", help="Run every job that is due now; exit 1 if one fails.")
        due.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "list":
            self._list(options["json"])
        else:
            self._run_due(options["json"])

    def _list(self, as_json: bool) -> None:
        scheduler.sync()
        jobs = list(ScheduledJob.objects.filter(name__in=list(scheduler.registered())))
        if as_json:
            self.stdout.write(json.dumps({"jobs": [job_dict(job) for job in jobs]}))
            return
        for job in jobs:
            last = job.last_status or "never run"
            if job.last_finished_at:
                last += f" at {_time(job.last_finished_at)}"
            if job.last_error:
                last += f": {job.last_error.splitlines()[-1]}"
            self.stdout.write(f"{job.name}  {_schedule_text(job)}  next {_time(job.next_run_at)}  last {last}")

    def _run_due(self, as_json: bool) -> None:
        runs = scheduler.run_due()
        failed = [run.name for run in runs if run.status != "ok"]
        if as_json:
            self.stdout.write(json.dumps({"runs": [run.as_dict() for run in runs], "failed": failed}))
        else:
            for run in runs:
                self.stdout.write(f"{run.name}: {run.result}" if run.status == "ok" else f"{run.name}: {run.error}")
        if failed:
            if as_json:
                raise SystemExit(1)
            raise CommandError(_("%(count)d scheduled job(s) failed: %(names)s") % {
                "count": len(failed), "names": ", ".join(failed)}, returncode=1)  # fmt: skip
