"""GET /api/v1/audit/events: the filtered trail, for national admins."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from waspada.core.api.auth import api_auth
from waspada.core.api.errors import ApiError
from waspada.core.api.pagination import DEFAULT_PAGE_SIZE, paginate
from waspada.core.audit.describe import describe
from waspada.core.audit.models import AuditEvent
from waspada.core.audit.selectors import filtered_events, parse_filter

router = Router()


class EventParams(Schema):
    actor: str = ""
    action: str = ""
    object_type: str = ""
    date_from: str = ""
    date_to: str = ""
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def event_json(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.pk, "seq": event.seq, "created_at": event.created_at, "actor": event.actor_name,
        "action": event.action, "object_type": event.object_type, "object_id": event.object_id,
        "object": event.object_repr, "region_code": event.region_code, "before": event.before,
        "after": event.after, "batch": event.batch, "request_id": event.request_id, "ip": event.ip,
        "prev_hash": event.prev_hash, "hash": event.hash,
        "description": describe(event),  # the event as a sentence in the request's language
    }  # fmt: skip


@router.get("/events", summary="Audit events, newest first", auth=api_auth("audit.view"))
def list_events(request: HttpRequest, params: Query[EventParams]) -> dict[str, Any]:
    audit_filter, errors = parse_filter(params.dict())
    if errors:
        detail = _("Invalid value for %(field)s.") % {"field": ", ".join(sorted(errors))}
        raise ApiError(422, detail, [{"field": f, "message": m} for f, m in errors.items()])
    return paginate(request, filtered_events(audit_filter), params.page, params.page_size, event_json)
