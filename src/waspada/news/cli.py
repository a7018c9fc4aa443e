"""Glue between the management commands and the framework-free NLP command functions."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TextIO

from django.conf import settings

from waspada.nlp import cli as nlp_cli

NlpCommand = Callable[..., int]


def _actions() -> dict[str, NlpCommand]:
    actions: dict[str, NlpCommand] = {"evaluate": nlp_cli.run_evaluate}
    train = getattr(nlp_cli, "run_train", None)
    if train is not None:
        actions["train"] = train
    return actions


NLP_ACTIONS = _actions()


class _LazyGazetteer:
    """Loads the database gazetteer on first use, so bad usage (exit 2) never waits for it or a database."""

    def __getattr__(self, name: str) -> object:
        from waspada.news.gazetteer import get_gazetteer

        return getattr(get_gazetteer(), name)


def run_nlp_command(command: NlpCommand, argv: list[str], stdout: TextIO | None = None) -> int:
    """Run with the project's data and cache folders as defaults, and the database gazetteer when present."""
    from waspada.news.gazetteer import cache_dir

    os.environ.setdefault("WASPADA_DATA_DIR", str(settings.DATA_DIR))
    os.environ.setdefault("WASPADA_DOMAIN_DIR", str(settings.DOMAIN_DIR))
    os.environ.setdefault("WASPADA_CACHE_DIR", str(cache_dir()))
    out = stdout or sys.stdout
    takes_gazetteer = command in (nlp_cli.run_analyze, nlp_cli.run_evaluate)
    # Help and an explicit --data-dir need no database; otherwise analyse with the imported regions.
    if not takes_gazetteer or "--data-dir" in argv or any(arg in {"-h", "--help"} for arg in argv):
        return command(argv, out)
    return command(argv, out, gazetteer=_LazyGazetteer())
