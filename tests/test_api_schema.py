"""The API against its own OpenAPI document (issue 15, defect 8): schemathesis generates requests from
/api/v1/openapi.json for every operation and sends them to the Django WSGI app as a national admin (Bearer
token), on a small reference dataset with a few incidents. Each response must not be a server error, must have
a status the operation declares, and must match the schema declared for that status.

Bounded: MAX_EXAMPLES per operation, derandomised (the same cases every run), no deadline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from waspada.accounts import services as accounts
from waspada.elections.services import import_elections
from waspada.incidents.actions import stages
from waspada.incidents.actions.create import create_incident
from waspada.incidents.actions.writer import Writer
from waspada.incidents.inputs import IncidentInput
from waspada.incidents.intake import gateway_channels
from waspada.incidents.taxonomy import import_taxonomy

MAX_EXAMPLES = 25
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
def bearer(small_regions: Any, national_admin: Any) -> dict[str, str]:
    domain = Path(settings.DOMAIN_DIR)
    import_taxonomy(domain)
    import_elections(domain)
    stages.forget_calendar()
    cache.clear()  # throttling counts and the map's memory start empty
    _incident(national_admin)
    _incident(national_admin, sensitivity="restricted", severity=5, title="Intimidasi pemilih")
    gateway_channels.add_channel("sms-jabar", "SMS gateway Jawa Barat")
    return {"Authorization": f"Bearer {accounts.create_token(national_admin, 'schemathesis').secret}"}


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
                     suppress_health_check=list(HealthCheck))  # fmt: skip
def test_api_answers_as_its_openapi_document_says(case: Any, bearer: dict[str, str]) -> None:
    case.call_and_validate(headers=bearer, checks=CHECKS)
