"""The OpenAPI document's enums and bounds are checked by validation before a route runs; its refusals are in the
interface language (Indonesian by default) like every other API message, each naming its field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from waspada.accounts import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(national_admin: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {services.create_token(national_admin, 'batas').secret}")


def test_bounds_and_enums_are_refused_in_indonesian_naming_the_field(api: Client) -> None:
    body = {"title": "Bentrok", "occurred_on": "2024-02-14", "event_type": "violence_clash", "severity": 7,
            "status": "verified", "dead": -1}  # fmt: skip
    response = api.post("/api/v1/incidents", json.dumps(body), content_type="application/json")
    assert response.status_code == 422, response.content
    messages = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert messages == {"severity": "Paling banyak 5.", "status": "Gunakan salah satu dari: draft, submitted.",
                        "dead": "Paling sedikit 0."}  # fmt: skip


def test_page_size_past_the_maximum_is_refused_in_indonesian(api: Client) -> None:
    response = api.get("/api/v1/incidents?page_size=501")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "page_size", "message": "Paling banyak 500."}]
