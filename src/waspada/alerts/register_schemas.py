"""The JSON shapes of /api/v1/alerts/register (alerts/api_register.py); every name starts with RiskEntry, as the
OpenAPI document needs names unique across the routers."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict, Field

from waspada.alerts.register_choices import BANDS, MitigationKind, RiskStatus
from waspada.core.api.schemas import Out, PageParams, choice

Code = Annotated[str, Field(min_length=2, max_length=13, pattern=r"^[0-9.]+$")]
Score = Annotated[int, Field(ge=1, le=5)]
Text = Annotated[str, Field(max_length=4000)]


class RiskEntryIn(Schema):
    model_config = ConfigDict(extra="forbid")

    region: Code = Field(description="Province or regency/city code, within your area")
    risk: Annotated[str, Field(min_length=1, max_length=4000)]
    category: Annotated[str, Field(max_length=40)] | None = Field(None, description="An event type code (optional)")
    likelihood: Score
    impact: Score
    owner: int = Field(ge=1, le=2**31, description="Account id of an office that works in the region")
    mitigation_kind: choice(MitigationKind.values)  # type: ignore[valid-type]
    mitigation: Text = ""
    status: choice(RiskStatus.values) = RiskStatus.IDENTIFIED.value  # type: ignore[valid-type]
    due_on: datetime.date | None = None
    outcome: Text = Field("", description="Required when the status is closed")
    alert: int | None = Field(None, ge=1, le=2**31, description="An alert of the same region (optional)")


class RiskEntryPatch(Schema):
    """Only the fields sent change; null clears an optional field."""

    model_config = ConfigDict(extra="forbid")

    region: Code | None = None
    risk: Annotated[str, Field(min_length=1, max_length=4000)] | None = None
    category: Annotated[str, Field(max_length=40)] | None = None
    likelihood: Score | None = None
    impact: Score | None = None
    owner: int | None = Field(None, ge=1, le=2**31)
    mitigation_kind: choice(MitigationKind.values) | None = None  # type: ignore[valid-type]
    mitigation: Text | None = None
    status: choice(RiskStatus.values) | None = None  # type: ignore[valid-type]
    due_on: datetime.date | None = None
    outcome: Text | None = None
    alert: int | None = Field(None, ge=1, le=2**31)


class RiskEntryChangeOut(Out):
    at: datetime.datetime
    by: str
    changes: dict[str, list[Any]]


class RiskEntryOut(Out):
    id: int
    region: str
    region_name: str
    province_code: str
    risk: str
    category: str | None
    likelihood: int
    impact: int
    rating: int
    band: choice(tuple(name for name, _low, _high in BANDS))  # type: ignore[valid-type]
    owner: int
    owner_name: str
    mitigation_kind: choice(MitigationKind.values)  # type: ignore[valid-type]
    mitigation: str
    status: choice(RiskStatus.values)  # type: ignore[valid-type]
    due_on: datetime.date | None
    outcome: str
    alert: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    closed_on: datetime.date | None


class RiskEntryDetailOut(RiskEntryOut):
    history: list[RiskEntryChangeOut]


class RiskEntryFilter(PageParams):
    status: choice(("open", *RiskStatus.values)) | None = Field(  # type: ignore[valid-type]
        None, description="open = every status but closed"
    )
    mitigation_kind: choice(MitigationKind.values) | None = None  # type: ignore[valid-type]
    band: choice(tuple(name for name, _low, _high in BANDS)) | None = Field(  # type: ignore[valid-type]
        None, description="This rating band or higher"
    )
    region: str = Field("", max_length=13, pattern=r"^[0-9.]*$", description="Within this region code")
    owner: int | None = Field(None, ge=1, le=2**31)
