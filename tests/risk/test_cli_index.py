"""`waspada index compute` and `waspada index load-method`: JSON out, exit codes, nothing written on bad usage."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from waspada.risk.models import IndexMethod, IndexRun


@pytest.mark.django_db
def test_compute_prints_the_run_as_json(make_round: Any, approve_answers: Any) -> None:
    june = make_round("Putaran Juni", dt.date(2026, 6, 15))
    approve_answers(june, "32.73", {"a1": True, "a2": 5, "a3": 9, "b1": "tinggi", "b2": True}, dt.date(2026, 6, 20))
    out = StringIO()
    call_command("index", "compute", "--date", "2026-06-30", "--json", stdout=out)
    result = json.loads(out.getvalue())
    run = IndexRun.objects.get()
    assert result["run_id"] == run.pk and result["as_of"] == "2026-06-30" and result["regions_scored"] == 5
    assert result["categories"]["kabkota"] == {"rendah": 2, "sedang": 0, "tinggi": 1}
    assert result["duration_s"] >= 0 and result["method_version"] == 1 and result["previous_run_id"] is None
    out = StringIO()
    call_command("index", "compute", "--round", str(june.pk), "--date", "2026-06-30", stdout=out)
    assert "Index run #" in out.getvalue() and "tinggi 1" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "message"), [(["--date", "30/06/2026"], "--date"),
                                               (["--date", "2999-01-01"], "--date"),
                                               (["--round", "4242"], "--round")])  # fmt: skip
def test_bad_usage_exits_2(index_world: None, args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as failed:
        call_command("index", "compute", *args, stdout=StringIO())
    assert failed.value.returncode == 2 and message in str(failed.value)
    assert not IndexRun.objects.exists()


@pytest.mark.django_db
def test_load_method(index_world: None) -> None:
    out = StringIO()
    call_command("index", "load-method", "--json", stdout=out)
    call_command("index", "load-method", "--json", stdout=out)
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert (first["created"], second["created"], second["version"]) == (True, False, 1)
    assert IndexMethod.objects.count() == 1
