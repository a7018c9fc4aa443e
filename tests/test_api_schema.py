"""The API against its own OpenAPI document (issue 15, defect 8): schemathesis generates requests from
/api/v1/openapi.json for every operation and sends them to the Django WSGI app as a national admin (Bearer
token; the gateway webhook signed with its channel's secret), on a small reference dataset with a few incidents.
Each response must not be a server error, must have a status the operation declares, and must match the schema
declared for that status.

Bounded: MAX_EXAMPLES per operation, derandomised (the same cases every run), no deadline."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from waspada.accounts import services as accounts
from waspada.elections.services import import_elections
from waspada.incidents.actions import stages
from waspada.incidents.actions.create import create_incident
from waspada.incidents.actions.writer import Writer
from waspada.incidents.inputs import IncidentInput
from waspada.incidents.intake import gateway_channels
from waspada.incidents.intake.webhook_auth import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature
from waspada.incidents.taxonomy import import_taxonomy
from waspada.monitoring import instruments as monitoring_instruments
from waspada.monitoring import services as monitoring

MAX_EXAMPLES = 25
CHANNEL = "sms-jabar"
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def _incident(user: Any, **overrides: Any) -> None:
    data: dict[str, Any] = {
        "title": "Bentrok pendukung di TPS 12", "narrative": "Dua kelompok pendukung saling dorong.",
        "occurred_on": dt.date(2024, 2, 14), "region": "32.73", "event_type": "violence_clash",
        "event_subtype": "supporter_clash", "severity": 3, "sensitivity": "inter_agency", "injured": 2,
        "actors": [{"actor_type": "supporters", "side": "initiator", "name": "Massa A"}],
        "sources": [{"kind": "fkdm", "reliability": "B", "informant_name": "Pak Ujang"}],
    }  # fmt: skip
    data.update(overrides)
    create_incident(Writer.of(user), IncidentInput.of(data), submit=True)


@pytest.fixture
def bearer(small_regions: Any, national_admin: Any) -> Iterator[dict[str, str]]:
    domain = Path(settings.DOMAIN_DIR)
    import_taxonomy(domain)
    import_elections(domain)
    stages.forget_calendar()
    cache.clear()  # throttling counts and the map's memory start empty
    _incident(national_admin)
    _incident(national_admin, sensitivity="restricted", severity=5, title="Intimidasi pemilih")
    # A published instrument and an open round, so the monitoring routes answer with data, not only 404s.
    version, _created = monitoring_instruments.load_default(domain, national_admin)
    monitoring.open_round(national_admin, version=version, title="Putaran uji", period_start=dt.date(2026, 12, 1),
                          period_end=dt.date(2026, 12, 31), deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=14))
    gateway_secret = gateway_channels.add_channel(CHANNEL, "SMS gateway Jawa Barat").secret
    secret = accounts.create_token(national_admin, "schemathesis").secret
    # identity: the map and summary gzip for clients that accept it, and this test client does not unpack it
    # The WSGI app is called directly, not through Django's test client: keep its request signals from closing
    # the test's database connection (and its transaction) as the test client does, or PostgreSQL loses both.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Bearer {secret}", "Accept-Encoding": "identity", "gateway": gateway_secret}
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.mark.django_db
# A cache key that memcached or Redis would refuse (built from a client's text) is a server error in waiting.
@pytest.mark.filterwarnings("error::django.core.cache.backends.base.CacheKeyWarning")
@schema.parametrize()
@hypothesis_settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
                     suppress_health_check=list(HealthCheck))  # fmt: skip
def test_api_answers_as_its_openapi_document_says(case: Any, bearer: dict[str, str]) -> None:
    headers = {key: value for key, value in bearer.items() if key != "gateway"}
    if case.path.endswith("/intake/webhook/{channel}"):
        # Signed like a real gateway, on its channel, so the generated bodies reach the parser and the intake.
        raw = case.body if isinstance(case.body, bytes) else b"" if case.body is NOT_SET else json.dumps(case.body)
        raw = raw.encode() if isinstance(raw, str) else raw
        case.body, case.path_parameters = raw, {"channel": CHANNEL}
        stamp = str(int(time.time()))
        headers = {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: signature(bearer["gateway"], stamp, raw)}
    case.call_and_validate(headers=headers, checks=CHECKS)


# -- the document itself --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{method.upper()} {path}", operation) for path, methods in document["paths"].items()
            for method, operation in methods.items()]  # fmt: skip


def _json_schema(document: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any] | None:
    content = answer.get("content", {}).get("application/json")
    return None if content is None else _resolve(document, content["schema"])


def _typed(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    """An object with declared properties, a list of such, or a union of them: never a bare object or Any."""
    schema = _resolve(document, schema)
    if "anyOf" in schema or "oneOf" in schema:
        return all(_typed(document, part) for part in schema.get("anyOf", schema.get("oneOf")))
    if schema.get("type") == "array":
        return _typed(document, schema["items"])
    return schema.get("type") == "object" and bool(schema.get("properties"))


@pytest.mark.django_db
def test_every_operation_declares_its_error_statuses_in_the_error_shape(document: dict[str, Any]) -> None:
    error_fields = {"detail", "errors"}
    for name, operation in _operations(document):
        answers = operation["responses"]
        assert "401" in answers, f"{name} does not declare 401"
        if "/intake/webhook/" not in name:
            assert "403" in answers, f"{name} does not declare 403"
        if "{" in name:
            assert "404" in answers, f"{name} has a path parameter but does not declare 404"
        checked = [parameter for parameter in operation.get("parameters", [])
                   if parameter["in"] != "path" or parameter["schema"].get("type") != "string"]  # fmt: skip
        if checked or operation.get("requestBody"):
            assert "422" in answers, f"{name} takes validated input but does not declare 422"
        if "application/json" in operation.get("requestBody", {}).get("content", {}):
            assert {"400", "413"} <= set(answers), f"{name} takes a JSON body but does not declare 400 and 413"
        for status, answer in answers.items():
            if int(status) >= 400:
                schema = _json_schema(document, answer)
                assert schema is not None, f"{name} {status} has no JSON schema"
                parts = schema.get("anyOf", [schema])
                assert all(error_fields <= set(_resolve(document, part)["properties"]) for part in parts), (
                    f"{name} {status} is not the API's error shape")


@pytest.mark.django_db
def test_every_json_answer_is_a_typed_schema(document: dict[str, Any]) -> None:
    for name, operation in _operations(document):
        for status, answer in operation["responses"].items():
            schema = _json_schema(document, answer)
            if int(status) < 400 and int(status) != 304:
                assert schema is not None or "content" in answer, f"{name} {status} declares no content"
            if schema is not None:
                assert _typed(document, schema), f"{name} {status} answers an untyped object"


@pytest.mark.django_db
def test_request_schemas_carry_enums_and_bounds(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    incident = schemas["IncidentIn"]["properties"]
    assert incident["status"]["enum"] == ["draft", "submitted"]
    assert (incident["severity"]["minimum"], incident["severity"]["maximum"]) == (1, 5)
    assert set(incident["sensitivity"]["enum"]) == {"public", "inter_agency", "restricted"}
    assert "enum" in incident["time_precision"]
    assert "enum" in _resolve(document, schemas["SourceIn"]["properties"]["kind"])
    assert "enum" in schemas["TransitionIn"]["properties"]["to"]
    assert set(schemas["ExportIn"]["properties"]["format"]["enum"]) == {"csv", "xlsx", "geojson"}
    patch = schemas["IncidentPatch"]["properties"]["severity"]["anyOf"][0]
    assert (patch["minimum"], patch["maximum"]) == (1, 5)  # the PATCH body keeps the create body's bounds
    pages = [parameter for _name, operation in _operations(document) for parameter in operation.get("parameters", [])
             if parameter["name"] == "page_size"]  # fmt: skip
    assert pages and all(parameter["schema"]["maximum"] == settings.API_PAGE_SIZE_MAX for parameter in pages)
