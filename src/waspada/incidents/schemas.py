"""The API's incident bodies and where they become an `inputs.IncidentInput` (the only place they do).

`IncidentIn` states the create body's types and defaults for the OpenAPI document; the PATCH body is derived
from it (every field optional, `sources` sent as `add_sources`), so the field list is written once here and
once in inputs.py, and tests/incidents/test_inputs.py keeps the two equal."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, create_model

from waspada.core.api.schemas import Out, choice
from waspada.core.scope import Sensitivity
from waspada.incidents.actions.fields import MAX_COUNT
from waspada.incidents.actions.place import INDONESIA_BOUNDS
from waspada.incidents.inputs import IncidentInput
from waspada.incidents.models import (
    ActionStatus,
    ActorSide,
    GeoPrecision,
    HandlingLevel,
    Reliability,
    SourceKind,
    Status,
    TimePrecision,
)

StatusName = choice(Status.values)
SensitivityName = choice(Sensitivity.values)
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Severity = Annotated[int, Field(ge=1, le=5, description="1-5, the taxonomy's rubric.")]


class ActorIn(Schema):
    actor_type: str = Field(description="An actor type code of the taxonomy.")
    side: choice(ActorSide.values) = "initiator"  # type: ignore[valid-type]
    name: str = ""


class SourceIn(Schema):
    kind: choice(SourceKind.values)  # type: ignore[valid-type]
    reliability: choice(Reliability.values) = "F"  # type: ignore[valid-type]
    name: str = ""
    url: str = ""
    anonymous: bool = False
    informant_name: str = ""
    informant_contact: str = ""


class IncidentIn(Schema):
    title: str = Field(description="Not blank; at most 200 characters.")
    narrative: str = ""
    occurred_on: str = Field(description="The local date, YYYY-MM-DD.", examples=["2024-02-14"])
    occurred_time: str | None = Field(None, description="The local time, HH:MM.")
    time_precision: choice(TimePrecision.values) = "day"  # type: ignore[valid-type]
    region: str | None = Field(None, description="A kab/kota (or deeper) region code; or give lat and lng.")
    kecamatan: str | None = None
    desa: str | None = None
    lat: float | None = Field(None, ge=INDONESIA_BOUNDS["lat"][0], le=INDONESIA_BOUNDS["lat"][1])
    lng: float | None = Field(None, ge=INDONESIA_BOUNDS["lng"][0], le=INDONESIA_BOUNDS["lng"][1])
    geo_precision: choice(GeoPrecision.values) | None = None  # type: ignore[valid-type]
    event_type: str = Field(description="An event type code of the taxonomy.")
    event_subtype: str | None = None
    secondary_types: list[str] = []
    actors: list[ActorIn] = []
    dead: Count | None = None
    injured: Count | None = None
    people_involved: Count | None = None
    damage: str = ""
    severity: Severity
    sensitivity: SensitivityName = "inter_agency"  # type: ignore[valid-type]
    sources: list[SourceIn] = []
    # Not an incident field: draft or submitted, the create's choice.
    status: choice([Status.DRAFT.value, Status.SUBMITTED.value]) = Status.SUBMITTED.value  # type: ignore[valid-type]


PATCH_NAMES = {"sources": "add_sources"}  # a PATCH adds sources, it never replaces them


def _optional_fields(schema: type[Schema]) -> type[Schema]:
    """`schema`'s incident fields, each optional and null by default, so a PATCH sends only what changes."""
    fields: dict[str, Any] = {}
    for name, field in schema.model_fields.items():
        annotation: Any = field.annotation
        if name != "status":  # the bounds stay (Annotated with the field's metadata), and so do descriptions
            optional: Any = Annotated[(annotation | None, *field.metadata)] if field.metadata else annotation | None
            fields[PATCH_NAMES.get(name, name)] = (optional, Field(None, description=field.description))
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


# -- what the API answers -------------------------------------------------------------------------------------


class RedactedIncidentOut(Out):
    """A restricted incident of another office: that it exists, its type, date and kab/kota."""

    id: int
    redacted: choice([True])  # type: ignore[valid-type]
    event_type: str
    occurred_on: dt.date
    kabkota: str | None
    sensitivity: SensitivityName  # type: ignore[valid-type]


class IncidentSummaryOut(Out):
    id: int
    redacted: choice([False])  # type: ignore[valid-type]
    title: str
    occurred_on: dt.date
    time_precision: choice(TimePrecision.values)  # type: ignore[valid-type]
    province: str | None
    kabkota: str | None
    kabkota_name: str | None
    lat: float | None = Field(description="Rounded to 2 decimals (about 1 km) for viewers.")
    lng: float | None
    geo_precision: choice(GeoPrecision.values) | None  # type: ignore[valid-type]
    event_type: str
    event_subtype: str | None
    severity: int = Field(ge=1, le=5)
    sensitivity: SensitivityName  # type: ignore[valid-type]
    status: StatusName  # type: ignore[valid-type]
    handling_level: choice(HandlingLevel.values)  # type: ignore[valid-type]
    stage_tags: list[str]
    election: str | None
    corroboration: int = Field(ge=0, description="Independent sources.")
    is_demo: bool


class ActorOut(Out):
    actor_type: str
    side: choice(ActorSide.values)  # type: ignore[valid-type]
    name: str


class SourceOut(Out):
    id: int
    kind: choice(SourceKind.values)  # type: ignore[valid-type]
    reliability: choice(Reliability.values)  # type: ignore[valid-type]
    name: str
    url: str
    anonymous: bool
    merged_from: int | None


class AttachmentOut(Out):
    id: int
    name: str
    content_type: str
    size: int = Field(ge=0)


class AttachmentLinkOut(AttachmentOut):
    url: str


class TransitionOut(Out):
    from_: StatusName | None = Field(alias="from")  # type: ignore[valid-type]
    to: StatusName  # type: ignore[valid-type]
    from_level: choice(HandlingLevel.values) | None  # type: ignore[valid-type]
    to_level: choice(HandlingLevel.values) | None  # type: ignore[valid-type]
    by: str | None
    at: dt.datetime
    comment: str


class FollowupOut(Out):
    id: int
    description: str
    owner: str | None
    owner_office: str | None
    due_on: dt.date | None
    status: choice(ActionStatus.values)  # type: ignore[valid-type]
    outcome: str


class IncidentDetailOut(IncidentSummaryOut):
    narrative: str
    occurred_time: dt.time | None
    kecamatan: str | None
    desa: str | None
    placed_from_point: bool
    location_review: bool
    location_note: str
    secondary_types: list[str]
    dead: int | None
    injured: int | None
    people_involved: int | None
    damage: str
    duplicate_of: int | None
    actors: list[ActorOut]
    sources: list[SourceOut]
    attachments: list[AttachmentLinkOut]
    transitions: list[TransitionOut]
    followups: list[FollowupOut]
    created_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


IncidentListItemOut = RedactedIncidentOut | IncidentSummaryOut
IncidentOut = RedactedIncidentOut | IncidentDetailOut


class InformantOut(Out):
    source: int
    kind: choice(SourceKind.values)  # type: ignore[valid-type]
    informant_name: str
    informant_contact: str
