"""Incident fixtures: the small regions (with boundaries), the real taxonomy and calendar, and one persona
per role and office (docs/security.md, roles and scope): national admin and analyst, Jawa Barat province,
Kota Bandung (32.73) kab/kota officer, field monitors and viewers, Kabupaten Bandung (32.04) and DKI (31)
offices for scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from waspada.core.scope import Role
from waspada.elections.services import import_elections
from waspada.incidents.actions import stages
from waspada.incidents.actions.create import create_incident
from waspada.incidents.actions.results import UpdateResult
from waspada.incidents.actions.transition import transition_incident
from waspada.incidents.actions.update import update_incident
from waspada.incidents.actions.writer import Writer
from waspada.incidents.inputs import IncidentInput
from waspada.incidents.models import Incident
from waspada.incidents.taxonomy import import_taxonomy

PERSONAS: dict[str, tuple[str, str | None]] = {
    "nadmin": (Role.NATIONAL_ADMIN, None),
    "analyst": (Role.NATIONAL_ANALYST, None),
    "jabar": (Role.PROVINCE_OFFICER, "32"),
    "dki": (Role.PROVINCE_OFFICER, "31"),
    "bandung": (Role.KABKOTA_OFFICER, "32.73"),
    "kabbandung": (Role.KABKOTA_OFFICER, "32.04"),
    "monitor": (Role.FIELD_MONITOR, "32.73"),
    "monitor2": (Role.FIELD_MONITOR, "32.73"),
    "viewer": (Role.VIEWER, "32.73"),
    "outsider": (Role.VIEWER, "31"),
}


@pytest.fixture
def reference(small_regions: Any) -> None:
    domain = Path(settings.DOMAIN_DIR)
    import_taxonomy(domain)
    import_elections(domain)
    stages.forget_calendar()


@pytest.fixture
def people(reference: None) -> dict[str, Any]:
    users = get_user_model()
    made = {}
    for username, (role, region) in PERSONAS.items():
        # No password (force_login and tokens need none): Argon2 would cost half a second per persona.
        made[username] = users.objects.create_user(username=username, password=None, role=role, scope_region_id=region)
    made["external"] = users.objects.create_user(username="external", password=None, role=Role.VIEWER,
                                                 scope_region_id="32.73", is_external=True)  # fmt: skip
    return made


@pytest.fixture
def client_for(people: dict[str, Any]) -> Callable[[str], Client]:
    def make(name: str) -> Client:
        client = Client()
        client.force_login(people[name])
        return client

    return make


def report(**overrides: Any) -> dict[str, Any]:
    """A valid report from Kota Bandung on Pemilu 2024 voting day."""
    data: dict[str, Any] = {
        "title": "Bentrok pendukung di TPS 12",
        "narrative": "Dua kelompok pendukung saling dorong di depan TPS 12 Sukasari.",
        "occurred_on": dt.date(2024, 2, 14),
        "region": "32.73",
        "event_type": "violence_clash",
        "event_subtype": "supporter_clash",
        "severity": 3,
        "sensitivity": "inter_agency",
        "injured": 2,
        "actors": [{"actor_type": "supporters", "side": "initiator", "name": "Massa A"}],
        "sources": [{"kind": "fkdm", "reliability": "B", "informant_name": "Pak Ujang",
                     "informant_contact": "0812-0000-1111"}],
    }  # fmt: skip
    data.update(overrides)
    return data


# The write actions as tests call them: a user and plain values in (the actions take a Writer and an input).


def create(user: Any, data: dict[str, Any], *, submit: bool = True) -> Incident:
    return create_incident(Writer.of(user), IncidentInput.of(data), submit=submit).incident


def update(user: Any, incident: Incident, changes: dict[str, Any]) -> UpdateResult:
    return update_incident(Writer.of(user), incident, IncidentInput.of(changes))


def transition(user: Any, incident: Incident, to: str, comment: str = "", **kwargs: Any) -> Incident:
    return transition_incident(Writer.of(user), incident, to, comment, **kwargs)


@pytest.fixture
def make_incident(people: dict[str, Any]) -> Callable[..., Any]:
    def make(by: str = "bandung", submit: bool = True, **overrides: Any) -> Any:
        return create(people[by], report(**overrides), submit=submit)

    return make
