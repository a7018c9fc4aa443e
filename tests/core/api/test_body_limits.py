"""Hostile JSON bodies (issue 15, defects 4 and 5): every JSON body the API takes is bounded in size and depth,
and a body past either bound gets the API's JSON error (413 too large, 400 too deep, naming the body), never
Django's HTML page or a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from waspada.accounts import services
from waspada.core.api.jsonbody import MAX_DEPTH

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(national_admin: Any) -> Client:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {services.create_token(national_admin, 'batas').secret}")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def api_error(response: Any, status: int, field: str = "body") -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    answer = response.json()
    assert set(answer) == {"detail", "errors"} and answer["detail"], answer
    assert [error["field"] for error in answer["errors"]] == [field], answer
    return answer


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 100_000])
def test_too_deep_json_body_is_a_400_naming_the_body(api: Client, depth: int) -> None:
    body = '{"items": [{"text": "x", "id": ' + nested(depth - 3) + "}]}"
    answer = api_error(api.post("/api/v1/analyze", body, content_type="application/json"), 400)
    assert str(MAX_DEPTH) in answer["errors"][0]["message"]


def test_depth_inside_strings_does_not_count(api: Client) -> None:
    text = "[" * 5_000 + "{" * 5_000
    response = api.post("/api/v1/analyze", json.dumps({"items": [{"text": text}]}), content_type="application/json")
    assert response.status_code == 200, response.content[:300]


def test_json_nested_within_the_bound_still_reaches_validation(api: Client) -> None:
    body = '{"items": [{"text": "x", "id": ' + nested(MAX_DEPTH - 3) + "}]}"
    response = api.post("/api/v1/analyze", body, content_type="application/json")
    assert response.status_code == 422, response.content[:300]  # the id is not a string: the field is named
    assert response.json()["errors"][0]["field"].startswith("items.0.id")


def test_json_body_over_the_upload_limit_is_a_json_413(api: Client) -> None:
    text = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    body = json.dumps({"items": [{"text": text}]})
    answer = api_error(api.post("/api/v1/analyze", body, content_type="application/json"), 413)
    assert f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,}" in answer["detail"] or str(
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in answer["detail"]


def test_oversize_body_is_413_before_credentials_are_checked() -> None:
    # No credentials at all: the size is refused first, in JSON, whatever route it was sent to.
    body = b"{" + b" " * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b"}"
    response = Client().post("/api/v1/incidents", body, content_type="application/json")
    api_error(response, 413)


def test_oversize_form_fields_are_a_json_413(api: Client) -> None:
    # Multipart uploads: files are not counted, but form fields beyond the limit are.
    data = {"kind": "k" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)}
    api_error(api.post("/api/v1/incidents/imports", data), 413)


def test_not_json_is_a_400_naming_the_body(api: Client) -> None:
    api_error(api.post("/api/v1/analyze", b"{not json", content_type="application/json"), 400)


def test_too_many_form_fields_are_a_json_400(api: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    api_error(api.post("/api/v1/incidents/imports", {f"f{n}": "x" for n in range(10)}), 400)
