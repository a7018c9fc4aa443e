"""`waspada elections stage-at REGION_CODE YYYY-MM-DD --json`: the contract and the exit codes."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.usefixtures("calendar")


def run(*args: str) -> str:
    out = StringIO()
    call_command("elections", *args, stdout=out)
    return out.getvalue()


def test_stage_at_json_contract() -> None:
    body = json.loads(run("stage-at", "91.71", "2024-11-27", "--json"))
    assert list(body) == ["region", "date", "tags", "stages", "days_to_voting"]
    assert body["tags"] == ["pemungutan_suara", "penghitungan_suara", "rekapitulasi"]
    assert body["stages"][0] == {"election": "pilkada_2024", "code": "pemungutan_suara", "name": "Pemungutan suara"}
    assert body["days_to_voting"] == {"pemilu_2024": -287, "pilkada_2024": 0}


def test_stage_at_text_output() -> None:
    text = run("stage-at", "32.73", "2024-12-20")
    assert "tags: luar_tahapan" in text and "possibly pilkada_2024: perselisihan_hasil" in text


@pytest.mark.parametrize(("args", "message"), [(("99.99", "2024-11-27"), "99.99"), (("91.71", "27/11/2024"), "YYYY")])
def test_stage_at_bad_usage_exits_2(args: tuple[str, str], message: str) -> None:
    with pytest.raises(CommandError, match=message) as failure:
        run("stage-at", *args, "--json")
    assert failure.value.returncode == 2
