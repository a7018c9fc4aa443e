"""The JSON shapes of /api/v1/education/activities: a body in (unknown keys refused), typed answers out.

The activity types, facilitation forms and target groups are enums of data/domain/education.yaml, so the OpenAPI
document lists what is accepted; the service checks the rest (dates, scope, totals) and names the field."""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict, Field

from waspada.core.api.schemas import Out, choice
from waspada.education.validation import MAX_BUDGET, MAX_GROUPS, MAX_PARTICIPANTS, TEXT_LIMITS
from waspada.education.vocabulary import vocabulary

_terms = vocabulary()
ActivityType = choice(_terms.codes("activity_types"))
FacilitationForm = choice(_terms.codes("facilitation_forms"))
TargetGroupCode = choice(_terms.codes("target_groups"))
RegionCode = Annotated[str, Field(min_length=1, max_length=13, pattern=r"^[0-9.]+$")]
Count = Annotated[int, Field(ge=0, le=MAX_PARTICIPANTS)]


def _text(name: str, required: bool = False) -> object:
    if required:
        return Field(min_length=1, max_length=TEXT_LIMITS[name])
    return Field("", max_length=TEXT_LIMITS[name])


class ActivityIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = _text("title", required=True)  # type: ignore[assignment]
    start_date: datetime.date = Field(description="Not before 2000-01-01 and at most 366 days ahead.")
    end_date: datetime.date | None = Field(None, description="On or after the start; omitted: a one-day activity.")
    region: RegionCode = Field(description="A province or kab/kota code inside your scope.")
    organiser: str = _text("organiser", required=True)  # type: ignore[assignment]
    activity_type: ActivityType  # type: ignore[valid-type]
    facilitation_form: FacilitationForm  # type: ignore[valid-type]
    target_groups: list[TargetGroupCode] = Field(min_length=1, max_length=MAX_GROUPS)  # type: ignore[valid-type]
    participants_male: Count | None = None
    participants_female: Count | None = None
    participants_total: Count | None = Field(None, description="At least men plus women; omitted: their sum.")
    partners: str = _text("partners")  # type: ignore[assignment]
    budget_idr: Annotated[int, Field(ge=0, le=MAX_BUDGET)] | None = Field(None, description="Whole rupiah.")
    materials: str = _text("materials")  # type: ignore[assignment]
    outcome_notes: str = _text("outcome_notes")  # type: ignore[assignment]


class ActivityFilters(Schema):
    region: RegionCode | None = Field(None, description="A province or kab/kota code: activities inside it.")
    since: datetime.date | None = Field(None, description="Started on or after this date.")
    until: datetime.date | None = Field(None, description="Started on or before this date.")
    target_group: TargetGroupCode | None = None  # type: ignore[valid-type]
    activity_type: ActivityType | None = None  # type: ignore[valid-type]


class PhotoOut(Out):
    id: int
    content_type: str
    size: int = Field(ge=0)
    url: str


class ActivityOut(Out):
    id: int
    title: str
    start_date: datetime.date
    end_date: datetime.date
    region: str
    region_name: str
    province_code: str
    kabkota_code: str
    organiser: str
    activity_type: str
    facilitation_form: str
    target_groups: list[str]
    participants_male: int | None
    participants_female: int | None
    participants_total: int | None
    partners: str
    budget_idr: int | None
    materials: str
    outcome_notes: str
    photos: list[PhotoOut]
    created_by: str | None
    created_at: datetime.datetime
