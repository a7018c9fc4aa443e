"""GET /api/v1/audit/events: the filtered trail, for national admins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from pydantic import Field

from waspada.core.api.auth import api_auth
from waspada.core.api.errors import ApiError
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import Out, PageParams, page_of, refusals
from waspada.core.audit.describe import describe
from waspada.core.audit.models import AuditEvent
from waspada.core.audit.selectors import filtered_events, parse_filter

router = Router()


class EventParams(PageParams):
    actor: str = Field("", description="A username.")
    action: str = Field("", description="An action, e.g. incident.create.")
    object_type: str = Field("", description="app_label.model, e.g. incidents.incident.")
    date_from: str = Field("", description="YYYY-MM-DD")
    date_to: str = Field("", description="YYYY-MM-DD")


class EventOut(Out):
    id: int
    seq: int
    created_at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object: str
    region_code: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    batch: dict[str, Any] | None
    request_id: str
    ip: str | None
    prev_hash: str
    hash: str
    description: str = Field(description="The event as a sentence in the request's language.")


def event_json(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.pk, "seq": event.seq, "created_at": event.created_at, "actor": event.actor_name,
        "action": event.action, "object_type": event.object_type, "object_id": event.object_id,
        "object": event.object_repr, "region_code": event.region_code, "before": event.before,
        "after": event.after, "batch": event.batch, "request_id": event.request_id, "ip": event.ip,
        "prev_hash": event.prev_hash, "hash": event.hash,
        "description": describe(event),  # the event as a sentence in the request's language
    }  # fmt: skip


@router.get("/events", summary="Audit events, newest first", auth=api_auth("audit.view"),
            response={200: page_of(EventOut), **refusals(422)})  # fmt: skip
def list_events(request: HttpRequest, params: Query[EventParams]) -> dict[str, Any]:
    audit_filter, errors = parse_filter(params.dict())
    if errors:
        detail = _("Invalid value for %(field)s.") % {"field": ", ".join(sorted(errors))}
        raise ApiError(422, detail, [{"field": f, "message": m} for f, m in errors.items()])
    return paginate(request, filtered_events(audit_filter), params.page, params.page_size, event_json)
