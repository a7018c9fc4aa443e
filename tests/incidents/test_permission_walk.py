"""The incident routes walked as every shared persona (tests/personas.py) with real incidents: one inside
every scope (Kota Bandung, inter-agency), one restricted to the Kota Bandung office, one in Kota Surabaya
(outside every regional scope). Each request runs in a rolled-back savepoint."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tests.incidents.conftest import create, report
from tests.personas import client_for, create_foreign_regions, create_personas
from waspada.incidents.models import ReviewRule

ROLES = ("national_admin", "national_analyst", "province_officer", "kabkota_officer", "field_monitor", "viewer")
# route -> persona -> (inside, restricted, outside)
EXPECT: dict[str, dict[str, tuple[int, int, int]]] = {
    "GET /incidents/{id}/": {
        "national_admin": (200, 200, 200), "national_analyst": (200, 200, 200), "province_officer": (200, 200, 404),
        "kabkota_officer": (200, 200, 404), "field_monitor": (200, 200, 404), "viewer": (200, 404, 404)},
    "GET /api/v1/incidents/{id}": {
        "national_admin": (200, 200, 200), "national_analyst": (200, 200, 200), "province_officer": (200, 200, 404),
        "kabkota_officer": (200, 200, 404), "field_monitor": (200, 200, 404), "viewer": (200, 404, 404)},
    "GET /incidents/{id}/edit/": {
        "national_admin": (200, 200, 200), "national_analyst": (403, 403, 403), "province_officer": (200, 404, 404),
        "kabkota_officer": (200, 200, 404), "field_monitor": (404, 404, 404), "viewer": (403, 403, 403)},
    "POST /incidents/{id}/informants/": {
        "national_admin": (200, 200, 200), "national_analyst": (200, 200, 200), "province_officer": (403, 404, 404),
        "kabkota_officer": (200, 200, 404), "field_monitor": (403, 404, 404), "viewer": (403, 404, 404)},
    "GET /api/v1/incidents/{id}/informants": {
        "national_admin": (200, 200, 200), "national_analyst": (200, 200, 200), "province_officer": (403, 403, 404),
        "kabkota_officer": (200, 200, 404), "field_monitor": (403, 403, 404), "viewer": (403, 404, 404)},
    "POST /api/v1/incidents/{id}/transitions": {
        "national_admin": (200, 200, 200), "national_analyst": (403, 403, 403), "province_officer": (200, 403, 404),
        "kabkota_officer": (200, 200, 404), "field_monitor": (403, 403, 404), "viewer": (403, 404, 404)},
    "PATCH /api/v1/incidents/{id}": {
        "national_admin": (200, 200, 200), "national_analyst": (403, 403, 403), "province_officer": (200, 403, 404),
        "kabkota_officer": (200, 200, 404), "field_monitor": (403, 403, 404), "viewer": (403, 403, 403)},
}  # fmt: skip


@pytest.fixture
def world(reference: None) -> dict[str, Any]:
    create_foreign_regions()
    personas = create_personas()
    # This walk checks roles and scope; the reporters here verify their own, so the four-eyes rule (its own
    # tests: test_four_eyes.py) is off.
    ReviewRule.objects.create(region_code="", four_eyes=False)
    officer = personas["kabkota_officer"]
    inside = create(officer, report())
    restricted = create(officer, report(sensitivity="restricted"))
    outside = create(personas["national_admin"], report(region="35.78", sources=[
        {"kind": "fkdm", "informant_name": "Cak Dul"}]))  # fmt: skip
    return {"personas": personas, "ids": (inside.pk, restricted.pk, outside.pk)}


def _send(client: Client, route: str, pk: int) -> int:
    method, path = route.split(" ", 1)
    url = path.format(id=pk)
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif "/api/" in url:
            data = {"to": "verified"} if url.endswith("transitions") else {"severity": 4}
            response = client.generic(method, url, json.dumps(data), content_type="application/json")
        else:
            response = client.post(url)
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize("persona", ROLES)
def test_incident_walk(world: dict[str, Any], persona: str) -> None:
    client = client_for(world["personas"][persona])
    failures = []
    for route, expected in EXPECT.items():
        got = tuple(_send(client, route, pk) for pk in world["ids"])
        if got != expected[persona]:
            failures.append(f"{persona} {route}: expected {expected[persona]}, got {got}")
    assert not failures, "\n".join(failures)
