"""A round is opened for an election cycle and a stage (tahapan), through the API and the command line: the stage
must belong to the election, each wrong one refused naming its field; GET gives them back."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.personas import client_for
from waspada.elections.models import Stage
from waspada.elections.services import import_elections
from waspada.monitoring.models import InstrumentVersion, Round

DEADLINE = (timezone.now() + datetime.timedelta(days=14)).isoformat()
ROUND = {"instrument": "waspada_default", "version": 1, "title": "Putaran kampanye", "period_start": "2026-12-01",
         "period_end": "2026-12-31", "deadline": DEADLINE, "regions": ["32"]}  # fmt: skip


@pytest.fixture
def version(db: None) -> InstrumentVersion:
    call_command("instruments", "load-default", stdout=StringIO())
    import_elections(Path(settings.DOMAIN_DIR))
    return InstrumentVersion.objects.get(instrument__code="waspada_default", number=1)


def _post(client: Any, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/rounds", json.dumps(body), content_type="application/json")


def test_the_api_opens_a_round_for_an_election_and_stage(version: InstrumentVersion, national_admin: Any,
                                                         province_officer: Any) -> None:  # fmt: skip
    stage = Stage.objects.filter(election_id="pemilu_2024").order_by("position").first()
    assert stage is not None
    opened = _post(client_for(province_officer), {**ROUND, "election": "pemilu_2024", "stage": stage.code})
    assert opened.status_code == 201, opened.json()
    body = opened.json()
    assert (body["election"], body["stage"]) == ("pemilu_2024", stage.code)
    round_ = Round.objects.get(pk=body["id"])
    assert (round_.election_id, round_.stage_id) == ("pemilu_2024", stage.pk)
    fetched = client_for(national_admin).get(f"/api/v1/rounds/{round_.pk}").json()
    assert (fetched["election"], fetched["stage"]) == ("pemilu_2024", stage.code)
    listed = client_for(national_admin).get("/api/v1/rounds").json()["results"][0]
    assert (listed["election"], listed["stage"]) == ("pemilu_2024", stage.code)
    plain = _post(client_for(province_officer), ROUND)
    assert plain.status_code == 201 and (plain.json()["election"], plain.json()["stage"]) == (None, None)


def test_a_stage_of_another_election_or_unknown_codes_are_refused(version: InstrumentVersion,
                                                                  national_admin: Any) -> None:  # fmt: skip
    client = client_for(national_admin)
    other = Stage.objects.filter(election_id="pilkada_2024").exclude(
        code__in=Stage.objects.filter(election_id="pemilu_2024").values("code")).first()  # fmt: skip
    assert other is not None
    cases = [({"election": "pemilu_2024", "stage": other.code}, "stage"),
             ({"election": "pemilu_1999"}, "election"),
             ({"stage": other.code}, "stage")]  # fmt: skip
    for extra, field in cases:
        refused = _post(client, {**ROUND, **extra})
        assert refused.status_code == 422, (extra, refused.json())
        assert field in json.dumps(refused.json()), refused.json()
    assert not Round.objects.exists()


def test_the_command_opens_a_round_for_an_election_and_stage(version: InstrumentVersion, national_admin: Any) -> None:
    stage = Stage.objects.filter(election_id="pilkada_2024").first()
    assert stage is not None
    args = ["rounds", "open", "--user", national_admin.username, "--version", "1", "--title", "Pilkada",
            "--period-start", "2026-12-01", "--period-end", "2026-12-31", "--deadline", "2099-01-01",
            "--regions", "32.73"]  # fmt: skip
    out = StringIO()
    call_command(*args, "--election", "pilkada_2024", "--stage", stage.code, "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert (result["election"], result["stage"], result["assignments"]) == ("pilkada_2024", stage.code, 1)
    with pytest.raises(CommandError) as refused:
        call_command(*args, "--election", "pilkada_2024", "--stage", "tidak_ada", stdout=StringIO())
    assert refused.value.returncode == 2 and "stage" in str(refused.value)
    assert Round.objects.count() == 1
