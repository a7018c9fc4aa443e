"""`waspada analyze --json FILE...`: where (and, with part 2, what) each news item is about.

The argument handling lives in the framework-free `waspada.nlp.cli`, so the same tool also runs
without Django; this wrapper only supplies the gazetteer built from the imported regions.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from waspada.news.cli import run_nlp_command
from waspada.nlp.cli import run_analyze


class Command(BaseCommand):
    help = "Analyse news items (.txt or .jsonl): one JSON object per item, per line."

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(run_nlp_command(run_analyze, argv[2:]))
