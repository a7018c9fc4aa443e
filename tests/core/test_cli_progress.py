"""One progress bar for long command-line work: each phase restarts the count; hidden unless asked to show."""

from __future__ import annotations

import io
import sys

import pytest

from waspada.core.cli_progress import phased_progress


def test_each_phase_restarts_the_count_under_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    with phased_progress("row", show=True) as progress:
        progress("check", 5, 10)
        progress("check", 10, 10)
        progress("write", 3, 4)
    shown = err.getvalue()
    assert "check" in shown and "10/10" in shown
    assert "write" in shown and "3/4" in shown  # the second phase counts from its own total


def test_nothing_is_written_when_not_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    with phased_progress("row", show=False) as progress:
        progress("check", 1, 2)
    assert err.getvalue() == ""
