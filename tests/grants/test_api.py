"""/api/v1/grants and /api/v1/grants/{id}/tranches: scoped reads, creates, payments and refusals naming the field."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client

from tests.personas import client_for
from waspada.elections.models import Election
from waspada.grants import services
from waspada.grants.models import Agreement

BODY = {
    "election": "pilkada_2024",
    "region": "32.73",
    "recipient": "bawaslu",
    "number": "12/NPHD/2023",
    "signed_on": "2023-11-20",
    "amount_agreed": 20_000_000_000,
    "budget_prior_pct": 40,
    "budget_election_pct": 60,
}


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_create_list_and_pay(pilkada: Election, kabkota_officer: Any, province_officer: Any) -> None:
    client = client_for(kabkota_officer)
    created = _post(client, "/api/v1/grants", BODY)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["signing"] == "on_time" and body["rule_version"] == 1 and len(body["tranches"]) == 2
    assert body["tranches"][1]["due_on"] == "2024-06-27" and body["tranches"][1]["compliance"] == "late"
    assert "ttd_belum_cair" in body["derived_problems"]
    paid = _post(client, f"/api/v1/grants/{body['id']}/tranches", {"seq": 1, "paid_on": "2023-11-30",
                                                                    "amount_paid": 8_000_000_000})  # fmt: skip
    assert paid.status_code == 200 and paid.json()["state"] == "dibayar_tepat_waktu"
    listed = client_for(province_officer).get("/api/v1/grants?recipient=bawaslu&region=32").json()
    assert listed["count"] == 1 and listed["results"][0]["amount_paid"] == 8_000_000_000
    tranches = client.get(f"/api/v1/grants/{body['id']}/tranches").json()
    assert [t["seq"] for t in tranches] == [1, 2]


def test_refusals_name_the_field_and_write_nothing(pilkada: Election, kabkota_officer: Any) -> None:
    client = client_for(kabkota_officer)
    for changes, field in [({"budget_prior_pct": 70, "budget_election_pct": 60}, "budget_election_pct"),
                           ({"region": "35.78"}, "region"), ({"budget_prior_pct": 101}, "budget_prior_pct"),
                           ({"colour": "red"}, "colour")]:  # fmt: skip
        answer = _post(client, "/api/v1/grants", {**BODY, **changes})
        assert answer.status_code == 422, answer.content
        assert field in {e["field"].split(".")[-1] for e in answer.json()["errors"]}, answer.json()
    assert not Agreement.objects.exists()
    agreement = services.save_agreement(kabkota_officer, services.AgreementInput(
        election="pilkada_2024", region="32.73", recipient="kpu", signed_on=dt.date(2024, 1, 15),
        amount_agreed=1_000_000))  # fmt: skip
    before = _post(client, f"/api/v1/grants/{agreement.pk}/tranches", {"seq": 1, "paid_on": "2024-01-01",
                                                                      "amount_paid": 10})  # fmt: skip
    beyond = _post(client, f"/api/v1/grants/{agreement.pk}/tranches", {"seq": 2, "paid_on": "2024-07-01",
                                                                      "amount_paid": 2_000_000})  # fmt: skip
    assert before.status_code == beyond.status_code == 422
    assert before.json()["errors"][0]["field"] == "paid_on" and beyond.json()["errors"][0]["field"] == "amount_paid"


def test_foreign_agreements_are_404_and_viewers_403(pilkada: Election, national_admin: Any, kabkota_officer: Any,
                                                   viewer: Any) -> None:  # fmt: skip
    foreign = services.save_agreement(national_admin, services.AgreementInput(
        election="pilkada_2024", region="35.78", recipient="kpu"))  # fmt: skip
    client = client_for(kabkota_officer)
    assert client.get(f"/api/v1/grants/{foreign.pk}/tranches").status_code == 404
    assert _post(client, f"/api/v1/grants/{foreign.pk}/tranches", {"seq": 1, "amount_paid": 0}).status_code == 404
    assert client.get("/api/v1/grants").json()["count"] == 0
    assert client_for(viewer).get("/api/v1/grants").status_code == 403
