"""The one incident input: every producer (API bodies, form) names the same fields, and the actions answer with
results instead of attributes set on the incident."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests.incidents.conftest import report, update
from waspada.incidents.actions.create import create_incident
from waspada.incidents.actions.writer import Writer
from waspada.incidents.forms import IncidentForm
from waspada.incidents.inputs import FIELDS, SCALAR_FIELDS, ActorInput, IncidentInput, SourceInput
from waspada.incidents.schemas import ActorIn, IncidentIn, IncidentPatch, SourceIn, patch_input


def test_the_api_bodies_name_exactly_the_input_fields() -> None:
    assert set(IncidentIn.model_fields) - {"status"} == FIELDS
    assert set(IncidentPatch.model_fields) == FIELDS - {"sources"} | {"add_sources"}
    assert all(not field.is_required() for field in IncidentPatch.model_fields.values())
    assert list(ActorIn.model_fields) == [field.name for field in dataclasses.fields(ActorInput)]
    assert list(SourceIn.model_fields) == [field.name for field in dataclasses.fields(SourceInput)]


def test_the_form_names_its_incident_fields_as_the_input_does() -> None:
    scalars = [name for name in SCALAR_FIELDS if name in IncidentForm.base_fields]
    assert set(SCALAR_FIELDS) - set(scalars) == {"secondary_types"}  # the form has no secondary types


def test_given_fields_follow_the_keys_sent() -> None:
    patch = patch_input(IncidentPatch(severity=4, add_sources=[SourceIn(kind="media", url="https://a.id/b")]))
    assert patch.given == {"severity", "sources"} and patch.sources == (SourceInput(kind="media", url="https://a.id/b"),)
    full = IncidentInput.of(report())
    assert full.given == set(report()) and full.actors == (ActorInput("supporters", "initiator", "Massa A"),)
    assert full.without({"region", "lat"}).given == full.given - {"region"} and full.without({"region"}).region is None
    with pytest.raises(TypeError):
        IncidentInput.of({"titel": "typo"})


def test_as_dict_gives_the_fields_as_plain_values() -> None:
    values = {"title": "x", "occurred_on": dt.date(2024, 2, 14), "actors": [{"actor_type": "supporters"}]}
    assert IncidentInput.of(values).as_dict() == values | {
        "actors": [{"actor_type": "supporters", "side": "initiator", "name": ""}]}  # fmt: skip


def test_create_and_update_return_what_they_did(people: dict) -> None:
    result = create_incident(Writer.of(people["bandung"]), IncidentInput.of(report()))
    assert not result.replayed and result.incident.pk
    assert [step.to_status for step in result.related["transitions"]] == ["submitted"]
    assert not hasattr(result.incident, "created_related")
    changed = update(people["bandung"], result.incident, {"severity": 5, "title": "Bentrok pendukung di TPS 12"})
    assert changed.changed == {"severity"} and changed.incident.severity == 5
