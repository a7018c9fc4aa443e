"""The JSON shapes of /api/v1/webhooks (alerts/api.py), /api/v1/alerts and /api/v1/alerts/subscriptions."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict, Field

from waspada.alerts.models import ActionStatus, AlertStatus, DeliveryStatus, HandlingLevel
from waspada.alerts.services import KINDS, LEVELS
from waspada.alerts.subscriptions import CHANNELS, DEFAULT_KINDS
from waspada.alerts.subscriptions import KINDS as SUBSCRIPTION_KINDS
from waspada.core.api.schemas import Out, choice

Level = choice(LEVELS)
Kind = choice(KINDS)


class WebhookSubscriptionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=120)]
    url: Annotated[str, Field(min_length=8, max_length=500, description="http:// or https:// address to POST to")]
    scope_code: Annotated[str, Field(max_length=13, pattern=r"^[0-9.]*$")] | None = Field(
        None, description="Region covered (within your own); empty for national; omitted: your own region")
    levels: list[Level] = Field(  # type: ignore[valid-type]
        default_factory=list, max_length=3, description="Only these levels; empty: all")
    kinds: list[Kind] = Field(  # type: ignore[valid-type]
        default_factory=list, max_length=len(KINDS), description="Only these kinds; empty: all")


class WebhookSubscriptionOut(Out):
    id: int
    name: str
    url: str
    scope_code: str
    levels: list[str]
    kinds: list[str]
    is_active: bool
    created_at: datetime.datetime
    pending: int
    delivered: int
    given_up: int


class WebhookCreatedOut(Out):
    subscription: WebhookSubscriptionOut
    secret: str = Field(description="The signing secret, shown this once only.")


class WebhookDeliveryOut(Out):
    id: uuid.UUID
    kind: str
    region_code: str
    level: str
    status: choice(DeliveryStatus.values)  # type: ignore[valid-type]
    attempts: int
    next_attempt_at: datetime.datetime
    last_status_code: int | None
    last_error: str
    created_at: datetime.datetime
    delivered_at: datetime.datetime | None


class WebhookQueuedOut(Out):
    queued: int


class AlertActionOut(Out):
    id: int
    description: str
    owner: str
    due_on: datetime.date
    status: choice(ActionStatus.values)  # type: ignore[valid-type]
    outcome: str


class AlertOut(Out):
    id: int
    region: str
    region_name: str
    province_code: str
    level: choice(("normal", "waspada", "siaga", "awas"))  # type: ignore[valid-type]
    peak_level: str
    status: choice(AlertStatus.values)  # type: ignore[valid-type]
    handling_level: choice(HandlingLevel.values)  # type: ignore[valid-type]
    opened_on: datetime.date
    last_seen_on: datetime.date
    rules: list[str]
    numbers: dict[str, float | int | str | None]
    incidents: list[int]
    acknowledged_at: datetime.datetime | None
    assigned_to: str | None
    escalated_at: datetime.datetime | None
    history: list[dict[str, Any]]
    actions: list[AlertActionOut]


class AcknowledgeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    assign_to: int | None = Field(None, ge=1, le=2**31, description="Account id to own the response (default: you)")


class ActionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    description: Annotated[str, Field(min_length=1, max_length=2000)]
    owner: int | None = Field(None, ge=1, le=2**31, description="Account id (default: you)")
    due_on: datetime.date


class CloseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    outcome: Annotated[str, Field(min_length=1, max_length=4000)]


class AlertSubscriptionIn(Schema):
    """A user's own subscription to alerts (POST /api/v1/alerts/subscriptions)."""

    model_config = ConfigDict(extra="forbid")

    region: Annotated[str, Field(max_length=13, pattern=r"^[0-9.]*$")] = Field(
        "", description="A province or kab/kota code within your area; empty: your whole area")
    min_level: choice(("waspada", "siaga", "awas")) = Field(  # type: ignore[valid-type]
        "waspada", description="Alerts of this level or higher")
    kinds: list[choice(SUBSCRIPTION_KINDS)] = Field(  # type: ignore[valid-type]
        default_factory=lambda: list(DEFAULT_KINDS), max_length=len(SUBSCRIPTION_KINDS),
        description="The events to be told of")
    channels: list[choice(CHANNELS)] = Field(  # type: ignore[valid-type]
        default_factory=lambda: ["inbox"], max_length=2, description="inbox (always) and optionally email")
    digest: bool = Field(False, description="A daily digest of the live alerts this subscription covers")
    language: choice(("id", "en")) = Field("id", description="Language of the messages")  # type: ignore[valid-type]


class AlertSubscriptionOut(Out):
    id: int
    region: str
    region_name: str
    min_level: str
    kinds: list[str]
    channels: list[str]
    digest: bool
    language: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
