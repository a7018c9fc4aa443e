"""`waspada housekeeping`: every clean-up and retry job once (what `waspada worker` does every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from waspada.core import housekeeping


class Command(BaseCommand):
    help = "Run every housekeeping job once (clean-ups and retries); for cron when no `waspada worker` runs."

    def handle(self, *args: Any, **options: Any) -> None:
        failed = []
        for name, result in housekeeping.run_all().items():
            if isinstance(result, Exception):
                failed.append(name)
                self.stderr.write(f"{name}: {_('failed')}: {type(result).__name__}: {result}")
            else:
                self.stdout.write(f"{name}: {result}")
        if failed:
            raise CommandError(_("%(count)d housekeeping job(s) failed: %(names)s") % {
                "count": len(failed), "names": ", ".join(failed)})  # fmt: skip
