"""/api/v1/alerts/register: scope, 422 naming the field, 403 for a region outside the area, PATCH history."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from waspada.alerts.models import RiskEntry


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def _body(owner: Any, **extra: Any) -> dict[str, Any]:
    return {"region": "32.73", "risk": "Hoaks politik identitas menjelang pemungutan suara", "likelihood": 3,
            "impact": 4, "owner": owner.pk, "mitigation_kind": "clarification", **extra}  # fmt: skip


def test_create_read_patch(ew_world: dict[str, Any]) -> None:
    client = _client(ew_world["bandung"])
    made = _send(client, "post", "/api/v1/alerts/register", _body(ew_world["bandung"], due_on="2025-07-15"))
    assert made.status_code == 201, made.content
    item = made.json()
    assert (item["rating"], item["band"], item["status"], item["due_on"]) == (12, "high", "identified", "2025-07-15")
    patched = _send(client, "patch", f"/api/v1/alerts/register/{item['id']}", {"status": "closed", "outcome": "Aman"})
    assert patched.status_code == 200 and patched.json()["closed_on"] is not None
    assert patched.json()["history"][0]["changes"]["status"] == ["identified", "closed"]
    cleared = _send(client, "patch", f"/api/v1/alerts/register/{item['id']}", {"due_on": None})
    assert cleared.json()["due_on"] is None
    listed = _client(ew_world["jabar"]).get("/api/v1/alerts/register?status=closed&region=32").json()
    assert [row["id"] for row in listed["results"]] == [item["id"]]
    assert _client(ew_world["jabar"]).get("/api/v1/alerts/register?status=open").json()["count"] == 0


def test_refusals_name_the_field(ew_world: dict[str, Any]) -> None:
    client = _client(ew_world["bandung"])
    bad = _send(client, "post", "/api/v1/alerts/register", _body(ew_world["bandung"], likelihood=7))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "likelihood"
    bad = _send(client, "post", "/api/v1/alerts/register", _body(ew_world["bandung"], category="bukan_tipe"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "category"
    bad = _send(client, "post", "/api/v1/alerts/register", _body(ew_world["bandung"], status="closed"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "outcome"
    outside = _send(client, "post", "/api/v1/alerts/register", _body(ew_world["bandung"], region="32.04"))
    assert outside.status_code == 403 and outside.json()["errors"][0]["field"] == "region"
    assert _send(client, "post", "/api/v1/alerts/register", {**_body(ew_world["bandung"]), "x": 1}).status_code == 422
    assert not RiskEntry.objects.exists()
    viewer = _send(_client(ew_world["viewer"]), "post", "/api/v1/alerts/register", _body(ew_world["bandung"]))
    assert viewer.status_code == 403


def test_out_of_scope_entries_are_404(ew_world: dict[str, Any]) -> None:
    made = _send(_client(ew_world["bandung"]), "post", "/api/v1/alerts/register", _body(ew_world["bandung"])).json()
    other = _client(ew_world["kabbandung"])
    assert other.get(f"/api/v1/alerts/register/{made['id']}").status_code == 404
    assert _send(other, "patch", f"/api/v1/alerts/register/{made['id']}", {"impact": 1}).status_code == 404
    assert other.get("/api/v1/alerts/register").json()["count"] == 0
    moved = _send(_client(ew_world["bandung"]), "patch", f"/api/v1/alerts/register/{made['id']}", {"region": "32.04"})
    assert moved.status_code == 403  # moving it out of the area is refused like creating it there
