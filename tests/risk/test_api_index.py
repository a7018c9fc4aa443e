"""GET /api/v1/index: the newest run matching the query, scores in the caller's scope, bad parameters named."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from waspada.risk import services

D1 = dt.date(2026, 6, 30)


@pytest.fixture
def computed(make_round: Any, approve_answers: Any, make_incident: Any) -> dict[str, Any]:
    june = make_round("Putaran Juni", dt.date(2026, 6, 15))
    approve_answers(june, "32.73", {"a1": True, "a2": 4, "a3": 2, "b1": "sedang", "b2": False}, dt.date(2026, 6, 20))
    approve_answers(june, "31.71", {"a1": True, "a2": 5, "a3": 9, "b1": "tinggi", "b2": True}, dt.date(2026, 6, 20))
    make_incident("32.73", D1, "violence_clash", 4)
    first = services.compute_index(as_of=D1)
    second = services.compute_index(as_of=D1 + dt.timedelta(days=30))
    by_round = services.compute_index(as_of=D1, round_id=june.pk)
    return {"first": first, "second": second, "round": june, "by_round": by_round}


def _get(user: Any, query: str = "") -> Any:
    client = Client()
    client.force_login(user)
    return client.get(f"/api/v1/index{query}")


@pytest.mark.django_db
def test_national_user_reads_every_region_most_vulnerable_first(computed: dict[str, Any], risk_users: Any) -> None:
    answer = _get(risk_users["analyst"], "?level=kabkota")
    assert answer.status_code == 200
    body = answer.json()
    assert body["run"]["id"] == computed["second"].pk and body["run"]["previous"] == computed["first"].pk
    assert [r["region"] for r in body["results"]] == ["31.71", "32.73", "32.04"]
    assert [r["rank"] for r in body["results"]] == [1, 2, 3]
    top = body["results"][0]
    assert top["category"] == "tinggi" and top["provisional"] is False and top["contributions"]
    assert body["results"][2]["provisional"] is True  # Kabupaten Bandung answered nothing


@pytest.mark.django_db
def test_province_user_sees_only_its_province(computed: dict[str, Any], risk_users: Any) -> None:
    body = _get(risk_users["jabar"]).json()
    assert sorted(r["region"] for r in body["results"]) == ["32", "32.04", "32.73"]
    body = _get(risk_users["bandung"]).json()
    assert [r["region"] for r in body["results"]] == ["32.73"]


@pytest.mark.django_db
def test_date_and_round_choose_the_run(computed: dict[str, Any], risk_users: Any) -> None:
    admin = risk_users["admin"]
    assert _get(admin, f"?date={D1.isoformat()}").json()["run"]["id"] == computed["first"].pk
    assert _get(admin, f"?round={computed['round'].pk}").json()["run"]["id"] == computed["by_round"].pk
    assert _get(admin, "?date=2026-01-01").json() == {"run": None, "count": 0, "next": None, "previous": None,
                                                       "results": []}


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "field"), [("?date=30-06-2026", "date"), ("?level=desa", "level"),
                                               ("?round=999999", "round"), ("?kabkota=32.73", "kabkota"),
                                               ("?page=9", "page")])  # fmt: skip
def test_bad_parameters_are_named(computed: dict[str, Any], risk_users: Any, query: str, field: str) -> None:
    answer = _get(risk_users["admin"], query)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [field]


@pytest.mark.django_db
def test_anonymous_is_refused(computed: dict[str, Any]) -> None:
    assert Client().get("/api/v1/index").status_code == 401
