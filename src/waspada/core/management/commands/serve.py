"""`waspada serve`: gunicorn in front of Waspada (static files through WhiteNoise)."""

from __future__ import annotations

import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Waspada over HTTP with gunicorn."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="Address and port (default 127.0.0.1:8000).")
        parser.add_argument("--workers", type=int, default=2, help="Worker processes (default 2).")
        parser.add_argument("--threads", type=int, default=4, help="Threads per worker (default 4).")
        parser.add_argument("--reload", action="store_true", help="Restart when code changes (development).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            # Without DEBUG, WhiteNoise serves the collected, compressed files.
            call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable, "-m", "gunicorn", "waspada.wsgi:application",
            "--bind", options["bind"], "--workers", str(options["workers"]), "--threads", str(options["threads"]),
            "--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1",
            "--config", "python:waspada.core.gunicorn_conf",
        ]  # fmt: skip
        if options["reload"]:
            argv.append("--reload")
        self.stdout.write(f"Waspada on http://{options['bind']}/ (Ctrl+C to stop)")
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - replace this process with gunicorn
