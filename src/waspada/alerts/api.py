"""/api/v1/webhooks: outbound webhook subscriptions in the caller's scope, their delivery log, a test ping.
Thin: services write and refuse (422 naming the field), the scope filter decides what a caller sees; a
subscription outside it is the same 404 as a missing one."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Answer

from waspada.alerts import services
from waspada.alerts.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from waspada.alerts.schemas import (
    WebhookCreatedOut,
    WebhookDeliveryOut,
    WebhookQueuedOut,
    WebhookSubscriptionIn,
    WebhookSubscriptionOut,
)
from waspada.core.api.auth import api_auth
from waspada.core.api.errors import not_found
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import PageParams, page_of, refusals

router = Router()
PERMISSION = "alerts.webhooks"
WebhookDeliveryPage = page_of(WebhookDeliveryOut)


def _scoped(request: HttpRequest) -> Any:
    counts = {name: Count("deliveries", filter=Q(deliveries__status=status))
              for name, status in (("n_pending", DeliveryStatus.PENDING), ("n_delivered", DeliveryStatus.DELIVERED),
                                   ("n_gave_up", DeliveryStatus.GAVE_UP))}  # fmt: skip
    return WebhookSubscription.objects.restrict(request.user).annotate(**counts)  # type: ignore[attr-defined]


def _get(request: HttpRequest, sub_id: int) -> WebhookSubscription:
    sub = _scoped(request).filter(pk=sub_id).first()
    if sub is None:
        raise not_found(_("No webhook subscription %(id)s in your area.") % {"id": sub_id})
    return sub  # type: ignore[no-any-return]


def _json(sub: Any) -> dict[str, Any]:
    return {"id": sub.pk, "name": sub.name, "url": sub.url, "scope_code": sub.scope_code, "levels": sub.levels,
            "kinds": sub.kinds, "is_active": sub.is_active, "created_at": sub.created_at,
            "pending": getattr(sub, "n_pending", 0), "delivered": getattr(sub, "n_delivered", 0),
            "given_up": getattr(sub, "n_gave_up", 0)}  # fmt: skip


@router.get("/webhooks", summary="Webhook subscriptions in your area", auth=api_auth(PERMISSION),
            response={200: list[WebhookSubscriptionOut], **refusals()})  # fmt: skip
def list_subscriptions(request: HttpRequest) -> list[dict[str, Any]]:
    return [_json(sub) for sub in _scoped(request)]


@router.post("/webhooks", summary="Subscribe a receiver; the signing secret is in the answer, once",
             auth=api_auth(PERMISSION), response={201: WebhookCreatedOut, **refusals(400, 413, 422)})  # fmt: skip
def create_subscription(request: HttpRequest, payload: WebhookSubscriptionIn) -> Answer[dict[str, Any]]:
    created = services.create_subscription(request.user, name=payload.name, url=payload.url,
                                           scope_code=payload.scope_code, levels=payload.levels,
                                           kinds=payload.kinds)  # fmt: skip
    return Answer(201, {"subscription": _json(created.subscription), "secret": created.secret})


@router.post("/webhooks/{sub_id}/disable", summary="Stop sending to a receiver (its log is kept)",
             auth=api_auth(PERMISSION), response={200: WebhookSubscriptionOut, **refusals(404, 422)})  # fmt: skip
def disable_subscription(request: HttpRequest, sub_id: int) -> dict[str, Any]:
    sub = _get(request, sub_id)
    services.disable_subscription(request.user, sub)
    return _json(_get(request, sub_id))


@router.post("/webhooks/{sub_id}/test", summary="Queue a signed test.ping to this receiver",
             auth=api_auth(PERMISSION), response={202: WebhookQueuedOut, **refusals(404, 422)})  # fmt: skip
def test_subscription(request: HttpRequest, sub_id: int) -> Answer[dict[str, int]]:
    return Answer(202, {"queued": services.send_test(request.user, _get(request, sub_id))})


@router.get("/webhooks/{sub_id}/deliveries", summary="What was sent to a receiver, newest first",
            auth=api_auth(PERMISSION), response={200: WebhookDeliveryPage, **refusals(404, 422)})  # fmt: skip
def list_deliveries(request: HttpRequest, sub_id: int, params: Query[PageParams]) -> dict[str, Any]:
    sub = _get(request, sub_id)
    rows = WebhookDelivery.objects.filter(subscription=sub).order_by("-created_at")
    return paginate(request, rows, params.page, params.page_size, _delivery_json)


def _delivery_json(row: WebhookDelivery) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "region_code": row.region_code, "level": row.level,
            "status": row.status, "attempts": row.attempts, "next_attempt_at": row.next_attempt_at,
            "last_status_code": row.last_status_code, "last_error": row.last_error, "created_at": row.created_at,
            "delivered_at": row.delivered_at}  # fmt: skip
