"""Remembered map answers: reused while nothing changed, counted again after any write, never shared across users."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.incidents.conftest import transition
from waspada.incidents.maps import memo
from waspada.incidents.models import Incident


def _counting_queries(client: Client, url: str) -> tuple[dict[str, Any], int]:
    with CaptureQueriesContext(connection) as queries:
        data = client.get(url).json()
    return data, sum("incidents_incident" in query["sql"] for query in queries.captured_queries)


def test_answer_reused_until_a_write(world: dict[str, Any], client_for: Callable[[str], Client],
                                     people: dict[str, Any]) -> None:  # fmt: skip
    memo.clear()
    client = client_for("bandung")
    url = "/api/v1/incidents/map?status=verified"
    first, counted = _counting_queries(client, url)
    assert first["total"] == 0 and counted == 3  # counts per kab/kota, per kecamatan (a kab/kota office), points
    again, counted = _counting_queries(client, url)
    assert again == first and counted == 0  # nothing changed: nothing counted
    incident = Incident.objects.get(pk=world["ids"][0])
    transition(people["jabar"], incident, "verified", "")  # a write (not by its reporter), with its audit event
    after, counted = _counting_queries(client, url)
    assert after["total"] == 1 and after["kabkota"] == {"32.73": 1} and counted == 3


def test_answers_are_per_user(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    memo.clear()
    assert client_for("analyst").get("/api/v1/incidents/map").json()["total"] == 6
    assert client_for("viewer").get("/api/v1/incidents/map").json()["total"] == 1
    # Same kab/kota, same filters: the office reads its restricted item (a point), its field monitor does not.
    office = client_for("bandung").get("/api/v1/incidents/map").json()
    monitor = client_for("monitor").get("/api/v1/incidents/map").json()
    assert len(office["points"]) == 2 and len(monitor["points"]) == 1


def test_memory_is_bounded(world: dict[str, Any], client_for: Callable[[str], Client], monkeypatch: Any) -> None:
    memo.clear()
    monkeypatch.setattr(memo._answers, "size", 3)
    client = client_for("analyst")
    for day in range(1, 8):
        client.get(f"/api/v1/incidents/map?date_from=2024-01-0{day}")
    assert len(memo._answers) == 3


def test_summary_counted_again_after_a_write(world: dict[str, Any], client_for: Callable[[str], Client],
                                             make_incident: Callable[..., Any]) -> None:  # fmt: skip
    memo.clear()
    client = client_for("jabar")
    before = client.get("/api/v1/incidents/summary").json()
    assert client.get("/incidents/summary/").context["data"] == before  # page and API share the counts
    _, counted = _counting_queries(client, "/api/v1/incidents/summary")
    assert counted == 0
    make_incident("bandung", event_type="money_politics", event_subtype="")
    after = client.get("/api/v1/incidents/summary").json()
    assert after["total"] == before["total"] + 1
    assert after["by_type"]["money_politics"] == before["by_type"]["money_politics"] + 1
