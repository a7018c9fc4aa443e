"""The API's incident bodies and where they become an `inputs.IncidentInput` (the only place they do).

`IncidentIn` states the create body's types and defaults for the OpenAPI document; the PATCH body is derived
from it (every field optional, `sources` sent as `add_sources`), so the field list is written once here and
once in inputs.py, and tests/incidents/test_inputs.py keeps the two equal."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import create_model

from waspada.incidents.inputs import IncidentInput
from waspada.incidents.models import Status


class ActorIn(Schema):
    actor_type: str
    side: str = "initiator"
    name: str = ""


class SourceIn(Schema):
    kind: str
    reliability: str = "F"
    name: str = ""
    url: str = ""
    anonymous: bool = False
    informant_name: str = ""
    informant_contact: str = ""


class IncidentIn(Schema):
    title: str
    narrative: str = ""
    occurred_on: str
    occurred_time: str | None = None
    time_precision: str = "day"
    region: str | None = None
    kecamatan: str | None = None
    desa: str | None = None
    lat: float | None = None
    lng: float | None = None
    geo_precision: str | None = None
    event_type: str
    event_subtype: str | None = None
    secondary_types: list[str] = []
    actors: list[ActorIn] = []
    dead: int | None = None
    injured: int | None = None
    people_involved: int | None = None
    damage: str = ""
    severity: int
    sensitivity: str = "inter_agency"
    sources: list[SourceIn] = []
    status: str = Status.SUBMITTED  # not an incident field: draft or submitted, the create's choice


PATCH_NAMES = {"sources": "add_sources"}  # a PATCH adds sources, it never replaces them


def _optional_fields(schema: type[Schema]) -> type[Schema]:
    """`schema`'s incident fields, each optional and null by default, so a PATCH sends only what changes."""
    fields: dict[str, Any] = {}
    for name, field in schema.model_fields.items():
        annotation: Any = field.annotation
        if name != "status":
            fields[PATCH_NAMES.get(name, name)] = (annotation | None, None)
    return create_model(f"{schema.__name__}Optional", __base__=Schema, **fields)


class IncidentPatch(_optional_fields(IncidentIn)):  # type: ignore[misc]  # a base made at import time
    pass


def create_input(body: dict[str, Any]) -> IncidentInput:
    """The create body (IncidentIn.dict()) as the create action's input."""
    return IncidentInput.of({key: value for key, value in body.items() if key != "status"})


def patch_input(payload: IncidentPatch) -> IncidentInput:
    """An IncidentPatch as the update action's input: only the keys the client sent are given."""
    values = payload.dict(exclude_unset=True)
    for name, api_name in PATCH_NAMES.items():
        if api_name in values:
            values[name] = values.pop(api_name) or []
    return IncidentInput.of(values)
