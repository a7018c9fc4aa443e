"""`waspada nlp evaluate|train`: measure and retrain the news analysis."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from waspada.news.cli import NLP_ACTIONS, run_nlp_command


class Command(BaseCommand):
    help = "News analysis tools: " + ", ".join(NLP_ACTIONS)

    def run_from_argv(self, argv: list[str]) -> None:
        action = argv[2] if len(argv) > 2 else ""
        if action not in NLP_ACTIONS:
            usage = "usage: waspada nlp {" + ",".join(NLP_ACTIONS) + "} [options]"
            stream = sys.stdout if action in {"-h", "--help"} else sys.stderr
            print(usage, file=stream)
            sys.exit(0 if stream is sys.stdout else 2)
        sys.exit(run_nlp_command(NLP_ACTIONS[action], argv[3:]))
