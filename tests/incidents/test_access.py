"""Confidentiality: who reads what, informants only for the owning office and national roles (audited),
restricted incidents redacted to type, date and kab/kota for others in scope; queryset and object forms agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.incidents.conftest import PERSONAS, transition, update
from waspada.core.audit.models import AuditEvent
from waspada.incidents import access
from waspada.incidents.actions.keys import rotate_informant_keys
from waspada.incidents.actions.reveal import reveal_informants
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import Denied
from waspada.incidents.models import Incident, IncidentSource, Status
from waspada.incidents.selectors import detail_related
from waspada.incidents.serialize import detail_json, list_json

NAMES = [*PERSONAS, "external"]


@pytest.fixture
def mix(make_incident: Callable[..., Any]) -> dict[str, Incident]:
    return {
        "public": make_incident(sensitivity="public"),
        "shared": make_incident(sensitivity="inter_agency"),
        "restricted": make_incident(sensitivity="restricted"),
        "restricted_by_monitor": make_incident(by="monitor", sensitivity="restricted"),
        "kabbandung": make_incident(by="kabbandung", region="32.04"),
        "jakarta": make_incident(by="dki", region="31.71"),
        "unplaced": make_incident(by="nadmin", region=None),
    }


READS = {
    "nadmin": {"public", "shared", "restricted", "restricted_by_monitor", "kabbandung", "jakarta", "unplaced"},
    "analyst": {"public", "shared", "restricted", "restricted_by_monitor", "kabbandung", "jakarta", "unplaced"},
    "jabar": {"public", "shared", "kabbandung"},
    "dki": {"jakarta"},
    "bandung": {"public", "shared", "restricted", "restricted_by_monitor"},
    "kabbandung": {"kabbandung"},
    "monitor": {"public", "shared", "restricted_by_monitor"},
    "monitor2": {"public", "shared"},
    "viewer": {"public", "shared"},
    "outsider": {"jakarta"},
    "external": {"public"},
}
LISTS = {
    "jabar": {"public", "shared", "restricted", "restricted_by_monitor", "kabbandung"},
    "monitor": {"public", "shared", "restricted", "restricted_by_monitor"},
    "monitor2": {"public", "shared", "restricted", "restricted_by_monitor"},
}


@pytest.mark.parametrize("name", NAMES)
def test_reads_and_lists_per_persona(people: dict, mix: dict[str, Incident], name: str) -> None:
    user = people[name]
    readable = set(access.readable(Incident.objects.all(), user).values_list("pk", flat=True))
    listed = set(access.listed(Incident.objects.all(), user).values_list("pk", flat=True))
    assert {key for key, inc in mix.items() if inc.pk in readable} == READS[name]
    assert {key for key, inc in mix.items() if inc.pk in listed} == LISTS.get(name, READS[name])
    for incident in mix.values():  # the object form agrees with the queryset form
        assert access.can_read(user, incident) == (incident.pk in readable), (name, incident)
        assert access.can_list(user, incident) == (incident.pk in listed), (name, incident)


def test_redacted_json_keeps_only_type_date_kabkota(people: dict, mix: dict[str, Incident]) -> None:
    incident = mix["restricted"]
    for name in ("jabar", "monitor2"):
        body = detail_json(people[name], incident, detail_related(incident))
        assert body == {
            "id": incident.pk,
            "redacted": True,
            "event_type": "violence_clash",
            "occurred_on": incident.occurred_on,
            "kabkota": "32.73",
            "sensitivity": "restricted",
        }
        assert list_json(people[name], incident) == body


INFORMANTS = {"nadmin", "analyst", "bandung"}


@pytest.mark.parametrize("name", NAMES)
def test_informants_only_for_owning_office_and_national(people: dict, mix: dict[str, Incident], name: str) -> None:
    incident = mix["shared"]
    user = people[name]
    assert access.can_see_informants(user, incident) == (name in INFORMANTS)
    before = AuditEvent.objects.filter(action="incident.informant_view").count()
    if name in INFORMANTS:
        revealed = reveal_informants(Writer.of(user), incident)
        assert revealed[0]["informant_name"] == "Pak Ujang" and revealed[0]["informant_contact"] == "0812-0000-1111"
        event = AuditEvent.objects.filter(action="incident.informant_view").latest("seq")
        assert event.actor_id == user.pk and event.object_id == str(incident.pk)
        assert "Pak Ujang" not in str(event.after)
        assert AuditEvent.objects.filter(action="incident.informant_view").count() == before + 1
    else:
        with pytest.raises(Denied):
            reveal_informants(Writer.of(user), incident)
        assert AuditEvent.objects.filter(action="incident.informant_view").count() == before
    if access.can_read(user, incident):
        text = str(detail_json(user, incident, detail_related(incident)))
        assert "Pak Ujang" not in text and "0812" not in text  # never in the API's record, for anyone


def test_informants_are_encrypted_at_rest(mix: dict[str, Incident]) -> None:
    source = IncidentSource.objects.filter(incident=mix["shared"]).get()
    assert source.informant_name_enc and "Ujang" not in source.informant_name_enc
    assert source.informant_contact_enc.startswith("gAAAA")  # a Fernet token


def test_key_rotation_reencrypts(settings: Any, mix: dict[str, Incident], people: dict) -> None:
    from cryptography.fernet import Fernet

    from waspada.incidents import crypto

    old = crypto.configured_keys()
    new = Fernet.generate_key().decode()
    settings.WASPADA_FIELD_KEYS = [new, *old]
    assert rotate_informant_keys() == IncidentSource.objects.exclude(informant_name_enc="").count()
    settings.WASPADA_FIELD_KEYS = [new]  # the old keys are gone: everything must read under the new one
    assert reveal_informants(Writer.of(people["nadmin"]), mix["shared"])[0]["informant_name"] == "Pak Ujang"
    assert AuditEvent.objects.filter(action="incidents.rotate_keys").count() == 1


def test_viewer_point_is_blurred(make_incident: Callable[..., Any], people: dict) -> None:
    incident = make_incident(by="nadmin", region="32.73", lat=-6.971234, lng=107.523456)
    assert list_json(people["viewer"], incident)["lat"] == -6.97
    assert list_json(people["bandung"], incident)["lat"] == -6.971234


def test_field_monitor_edits_only_own_early_reports(make_incident: Callable[..., Any], people: dict) -> None:
    own = make_incident(by="monitor")
    other = make_incident(by="monitor2")
    assert access.can_change(people["monitor"], own) and not access.can_change(people["monitor"], other)
    transition(people["bandung"], own, Status.VERIFIED)
    own.refresh_from_db()
    assert not access.can_change(people["monitor"], own)
    with pytest.raises(Denied):
        update(people["monitor"], own, {"severity": 5})
    assert set(access.changeable(Incident.objects.all(), people["monitor"])) == set()
