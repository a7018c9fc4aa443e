"""POST/GET/PATCH /api/v1/incidents and /transitions: contract, idempotency, filters, errors naming fields."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.concurrency import at_once, skip_on_memory_sqlite
from tests.incidents.conftest import report
from waspada.accounts.services import create_token
from waspada.core.audit.models import AuditEvent
from waspada.incidents.models import Incident, IncidentSource, Status

URL = "/api/v1/incidents"


def body(**overrides: Any) -> dict[str, Any]:
    data = report(**overrides)
    data["occurred_on"] = str(data["occurred_on"])
    return data


def post(client: Client, data: dict[str, Any], key: str | None = None) -> Any:
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(URL, json.dumps(data), content_type="application/json", **headers)


def test_create_returns_the_record(client_for: Callable[[str], Client]) -> None:
    response = post(client_for("monitor"), body())
    assert response.status_code == 201, response.content
    record = response.json()
    assert record["status"] == "submitted" and record["kabkota"] == "32.73" and record["province"] == "32"
    assert "pemungutan_suara" in record["stage_tags"] and record["election"] == "pemilu_2024"
    assert record["actors"] == [{"actor_type": "supporters", "side": "initiator", "name": "Massa A"}]
    assert record["transitions"][0]["to"] == "submitted" and record["corroboration"] == 1
    assert "informant_name" not in json.dumps(record) and "Pak Ujang" not in json.dumps(record)


def test_same_key_same_body_gives_the_same_incident(client_for: Callable[[str], Client]) -> None:
    client = client_for("monitor")
    first = post(client, body(), key="phone-7f1c")
    again = post(client, body(), key="phone-7f1c")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert first.json()["id"] == again.json()["id"] and Incident.objects.count() == 1


def test_same_key_other_body_is_409(client_for: Callable[[str], Client]) -> None:
    client = client_for("monitor")
    assert post(client, body(), key="k-1").status_code == 201
    events = AuditEvent.objects.count()
    conflict = post(client, body(severity=4), key="k-1")
    assert conflict.status_code == 409
    assert conflict.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Incident.objects.count() == 1 and AuditEvent.objects.count() == events


def test_keys_are_per_user(client_for: Callable[[str], Client]) -> None:
    assert post(client_for("monitor"), body(), key="shared").status_code == 201
    assert post(client_for("monitor2"), body(), key="shared").status_code == 201
    assert Incident.objects.count() == 2


def test_bad_key_is_named(client_for: Callable[[str], Client]) -> None:
    response = post(client_for("monitor"), body(), key="has spaces")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "Idempotency-Key"


@pytest.mark.parametrize(("field", "overrides"), [
    ("region", {"region": "99.99"}),
    ("lat", {"lat": 1.29, "lng": 103.85, "region": None}),  # Singapore... 103.85 is inside the box, 1.29 too
    ("occurred_on", {"occurred_on": str(dt.date.today() + dt.timedelta(days=3))}),
    ("severity", {"severity": 9}),
])  # fmt: skip
def test_bad_input_via_api(client_for: Callable[[str], Client], field: str, overrides: dict) -> None:
    response = post(client_for("nadmin"), body(**overrides), key="bad-1")
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not Incident.objects.exists() and not IncidentSource.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="incident.").exists()


def test_point_far_outside_indonesia(client_for: Callable[[str], Client]) -> None:
    response = post(client_for("nadmin"), body(lat=48.85, lng=2.35))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "lat"


def test_roles_that_cannot_report_get_403(client_for: Callable[[str], Client]) -> None:
    for name in ("viewer", "analyst"):
        assert post(client_for(name), body()).status_code == 403
    assert not Incident.objects.exists()


def test_patch_changes_only_sent_fields(make_incident: Callable[..., Any], client_for: Callable[[str], Client]) -> None:
    incident = make_incident()
    client = client_for("bandung")
    response = client.patch(
        f"{URL}/{incident.pk}",
        json.dumps(
            {
                "severity": 4,
                "add_sources": [{"kind": "media", "url": "https://example.id/berita/1", "reliability": "B"}],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    record = response.json()
    assert record["severity"] == 4 and record["title"] == incident.title and record["corroboration"] == 2
    bad = client.patch(f"{URL}/{incident.pk}", json.dumps({"severity": 0}), content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "severity"
    assert client_for("viewer").patch(f"{URL}/{incident.pk}", "{}", content_type="application/json").status_code == 403
    assert (
        client_for("monitor2")
        .patch(f"{URL}/{incident.pk}", json.dumps({"severity": 1}), content_type="application/json")
        .status_code
        == 403
    )


def test_transitions_endpoint(make_incident: Callable[..., Any], client_for: Callable[[str], Client]) -> None:
    incident = make_incident(by="monitor2")  # the office verifies a monitor's report (four-eyes)
    denied = client_for("monitor").post(f"{URL}/{incident.pk}/transitions", json.dumps({"to": "verified"}),
                                        content_type="application/json")  # fmt: skip
    assert denied.status_code == 403 and denied.json()["errors"][0]["field"] == "to"
    ok = client_for("bandung").post(f"{URL}/{incident.pk}/transitions", json.dumps({"to": "verified", "comment": "ok"}),
                                    content_type="application/json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["status"] == Status.VERIFIED
    assert ok.json()["transitions"][-1]["by"] == "bandung"
    outside = client_for("kabbandung").get(f"{URL}/{incident.pk}")
    assert outside.status_code == 404


def test_restricted_is_redacted_in_the_api(
    make_incident: Callable[..., Any], client_for: Callable[[str], Client]
) -> None:
    incident = make_incident(sensitivity="restricted")
    record = client_for("jabar").get(f"{URL}/{incident.pk}").json()
    assert record == {
        "id": incident.pk,
        "redacted": True,
        "event_type": "violence_clash",
        "occurred_on": "2024-02-14",
        "kabkota": "32.73",
        "sensitivity": "restricted",
    }
    assert client_for("viewer").get(f"{URL}/{incident.pk}").status_code == 404
    rows = client_for("jabar").get(URL).json()["results"]
    assert rows == [record]


def test_informants_route(make_incident: Callable[..., Any], client_for: Callable[[str], Client]) -> None:
    incident = make_incident()
    assert client_for("jabar").get(f"{URL}/{incident.pk}/informants").status_code == 403
    revealed = client_for("bandung").get(f"{URL}/{incident.pk}/informants")
    assert revealed.status_code == 200 and revealed.json()[0]["informant_name"] == "Pak Ujang"
    assert AuditEvent.objects.filter(action="incident.informant_view").count() == 1


def test_list_filters_search_and_pages(make_incident: Callable[..., Any], client_for: Callable[[str], Client]) -> None:
    make_incident(
        title="Politik uang di Coblong",
        event_type="money_politics",
        event_subtype="dawn_attack",
        severity=2,
        occurred_on=dt.date(2024, 2, 13),
    )
    make_incident(
        title="Baliho dirusak",
        event_type="property_destruction",
        event_subtype="apk_damage",
        severity=1,
        occurred_on=dt.date(2023, 12, 1),
        sensitivity="public",
    )
    make_incident(by="kabbandung", region="32.04", occurred_on=dt.date(2024, 11, 27))
    client = client_for("jabar")

    def ids(query: str) -> int:
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return response.json()["count"]

    assert ids("") == 3
    assert ids("region=32.73") == 2 and ids("region=32.04") == 1
    assert ids("type=money_politics") == 1
    assert ids("date_from=2024-01-01&date_to=2024-02-13") == 1
    assert ids("stage=kampanye") == 1 and ids("stage=masa_tenang") == 1
    assert ids("severity=1") == 1 and ids("sensitivity=public") == 1
    assert ids("status=submitted") == 3
    assert ids("q=politik+uang") == 1 and ids("q=BALIHO") == 1 and ids("q=coblong") == 1 and ids("q=zzz") == 0
    page = client.get(f"{URL}?page_size=2").json()
    assert len(page["results"]) == 2 and page["next"] and page["previous"] is None
    bad = client.get(f"{URL}?severity=7")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "severity"


def test_list_query_count_is_flat(make_incident: Callable[..., Any], client_for: Callable[[str], Client]) -> None:
    client = client_for("jabar")
    make_incident()
    client.get(URL)  # warm the per-process caches (region version, zones); the count below is about rows
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(6):
        make_incident()
    make_incident(sensitivity="restricted")
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few) <= 8, [q["sql"] for q in many.captured_queries]


def test_bearer_token_and_queue(make_incident: Callable[..., Any], people: dict) -> None:
    incident = make_incident()
    secret = create_token(people["bandung"], "script").secret
    response = Client().get(f"{URL}/queue", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200 and [r["id"] for r in response.json()["results"]] == [incident.pk]


def test_race_lost_at_insert_answers_with_the_winner(people: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """A twin request passed the look-up before the winner committed: the unique key catches it."""
    from waspada.incidents import idempotency
    from waspada.incidents.actions.create import create_incident
    from waspada.incidents.actions.results import CreateResult
    from waspada.incidents.actions.writer import Writer
    from waspada.incidents.inputs import IncidentInput

    def create(claim: Any) -> CreateResult:
        return create_incident(Writer.of(people["monitor"]), IncidentInput.of(report()), claim=claim)

    winner = idempotency.once(people["monitor"], "race", {"a": 1}, create)
    real = idempotency._replay
    calls = iter([None])  # the first look-up misses, as if the winner had not committed yet
    monkeypatch.setattr(idempotency, "_replay", lambda *a: next(calls, None) or real(*a))
    twin = idempotency.once(people["monitor"], "race", {"a": 1}, create)
    assert twin.replayed and twin.incident.pk == winner.incident.pk and Incident.objects.count() == 1


@pytest.mark.concurrent
@pytest.mark.django_db(transaction=True)
def test_concurrent_resends_create_one_incident(people: dict) -> None:
    """Eight resends of one report with one key, at once: exactly one incident. Needs a real database file
    (in-memory SQLite locks whole tables): runs on PostgreSQL or with WASPADA_TEST_SQLITE_NAME set."""
    skip_on_memory_sqlite()
    secret = create_token(people["monitor"], "phone").secret
    payload = json.dumps(body())
    statuses: list[int] = []
    ids: list[int] = []

    def send(_index: int) -> None:
        response = Client().post(URL, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}",
                                 HTTP_IDEMPOTENCY_KEY="same-report")  # fmt: skip
        statuses.append(response.status_code)
        if response.status_code == 201:
            ids.append(response.json()["id"])

    at_once(8, send)
    assert statuses == [201] * 8, statuses
    assert len(set(ids)) == 1 and Incident.objects.count() == 1


def test_create_query_budget(client_for: Callable[[str], Client], people: dict,
                             django_assert_max_num_queries: Any) -> None:  # fmt: skip
    """A Bearer-token create with an Idempotency-Key: token, key look-up, then one write transaction (incident,
    stages, actors, sources, transition, the audit link: head read, event, head update; the key row). Taxonomy,
    regions and the stage calendar come from the per-process caches once warm."""
    secret = create_token(people["monitor"], "phone").secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert post(client, body(title="warm-up"), key="warm").status_code == 201  # fills the caches, touches the token
    with django_assert_max_num_queries(13):  # BEGIN and COMMIT included
        response = post(client, body(), key="budget-1")
    assert response.status_code == 201, response.content
    with django_assert_max_num_queries(11):  # a replay: token, key, the incident and its detail
        again = post(client, body(), key="budget-1")
    assert again.status_code == 201 and again.json()["id"] == response.json()["id"]


def test_housekeeping_purges_keys_older_than_a_day(client_for: Callable[[str], Client], people: dict) -> None:
    from waspada.incidents import idempotency
    from waspada.incidents.models import IdempotencyKey

    client = client_for("monitor")
    assert post(client, body(title="lama"), key="old").status_code == 201
    assert post(client, body(title="baru"), key="new").status_code == 201
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - idempotency.KEEP - dt.timedelta(1))
    assert idempotency.purge_expired() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    assert Incident.objects.count() == 2  # the incidents stay; only the resend window closed
