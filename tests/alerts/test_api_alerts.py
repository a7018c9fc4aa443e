"""/api/v1/alerts: what each office sees, and the response record through the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client

from tests.alerts.conftest import DAY
from waspada.alerts.models import Alert, AlertStatus
from waspada.core.audit.models import AuditEvent


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_offices_see_alerts_in_their_area_only(alert: Alert, ew_world: dict[str, Any]) -> None:
    listed = _client(ew_world["jabar"]).get("/api/v1/alerts").json()
    assert [item["region"] for item in listed["results"]] == ["32.73"]
    item = listed["results"][0]
    assert (item["level"], item["status"], item["handling_level"]) == ("awas", "open", "kabkota")
    assert item["numbers"]["window_count"] == 6 and len(item["incidents"]) == 6
    assert _client(ew_world["kabbandung"]).get("/api/v1/alerts").json()["count"] == 0
    assert _client(ew_world["kabbandung"]).get(f"/api/v1/alerts/{alert.pk}").status_code == 404
    assert _client(ew_world["viewer"]).get(f"/api/v1/alerts/{alert.pk}").status_code == 200
    assert _client(ew_world["nadmin"]).get("/api/v1/alerts?level=awas&region=32").json()["count"] == 1
    assert _client(ew_world["nadmin"]).get("/api/v1/alerts?status=closed").json()["count"] == 0


def test_the_office_acknowledges_plans_and_closes(alert: Alert, ew_world: dict[str, Any]) -> None:
    client = _client(ew_world["bandung"])
    acknowledged = _post(client, f"/api/v1/alerts/{alert.pk}/acknowledge", {})
    assert acknowledged.status_code == 200
    assert (acknowledged.json()["status"], acknowledged.json()["assigned_to"]) == ("acknowledged", "bandung")
    due = str(DAY + dt.timedelta(days=2))
    plan = {"description": "Rapat koordinasi Forkopimda dan patroli gabungan", "due_on": due}
    action = _post(client, f"/api/v1/alerts/{alert.pk}/actions", plan)
    assert action.status_code == 201 and action.json()["owner"] == "bandung"
    early = _post(client, f"/api/v1/alerts/{alert.pk}/actions", {"description": "x", "due_on": "2025-01-01"})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "due_on"
    outsider = _post(client, f"/api/v1/alerts/{alert.pk}/actions", {
        "description": "x", "due_on": str(DAY), "owner": ew_world["kabbandung"].pk})  # fmt: skip
    assert outsider.status_code == 422 and outsider.json()["errors"][0]["field"] == "owner"
    closed = _post(client, f"/api/v1/alerts/{alert.pk}/close", {"outcome": "Situasi kondusif setelah mediasi"})
    assert closed.json()["status"] == "closed" and closed.json()["actions"][0]["status"] == "cancelled"
    assert _post(client, f"/api/v1/alerts/{alert.pk}/acknowledge", {}).status_code == 409
    actions = set(AuditEvent.objects.filter(action__startswith="alerts.").values_list("action", flat=True))
    assert {"alerts.acknowledge", "alerts.action_add", "alerts.close", "alerts.ew_run"} <= actions
    assert Alert.objects.get().status == AlertStatus.CLOSED


def test_a_viewer_reads_but_cannot_respond(alert: Alert, ew_world: dict[str, Any]) -> None:
    assert _post(_client(ew_world["viewer"]), f"/api/v1/alerts/{alert.pk}/acknowledge", {}).status_code == 403
