"""/api/v1/alerts/subscriptions: the caller's own alert subscriptions (list, add, delete). Thin: the service
(alerts/subscriptions.py) checks and writes; a region outside the caller's area is refused naming the field, and
another user's subscription is the same 404 as a missing one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja import Status as Answer

from waspada.alerts import subscriptions
from waspada.alerts.models import AlertSubscription
from waspada.alerts.routing import LEVEL_NAMES
from waspada.alerts.schemas import AlertSubscriptionIn, AlertSubscriptionOut
from waspada.core.api.auth import api_auth
from waspada.core.api.errors import not_found
from waspada.core.api.schemas import refusals
from waspada.regions.models import Region

router = Router()
PERMISSION = "alerts.subscribe"


def subscription_json(sub: AlertSubscription, names: dict[str, str]) -> dict[str, Any]:
    return {"id": sub.pk, "region": sub.region_code, "region_name": names.get(sub.region_code, ""),
            "min_level": LEVEL_NAMES.get(sub.min_level, "waspada"), "kinds": sub.kinds,
            "channels": ["inbox", "email"] if sub.email else ["inbox"], "digest": sub.digest,
            "language": sub.language, "created_at": sub.created_at, "updated_at": sub.updated_at}  # fmt: skip


def region_names(subs: list[AlertSubscription]) -> dict[str, str]:
    codes = {sub.region_code for sub in subs if sub.region_code}
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


@router.get("/alerts/subscriptions", summary="Your alert subscriptions", auth=api_auth(PERMISSION),
            response={200: list[AlertSubscriptionOut], **refusals()})  # fmt: skip
def list_subscriptions(request: HttpRequest) -> list[dict[str, Any]]:
    subs = list(subscriptions.own(request.user))
    names = region_names(subs)
    return [subscription_json(sub, names) for sub in subs]


@router.post("/alerts/subscriptions", summary="Subscribe yourself to alerts by region, level and event",
             auth=api_auth(PERMISSION), response={201: AlertSubscriptionOut, **refusals(400, 413, 422)})  # fmt: skip
def create_subscription(request: HttpRequest, payload: AlertSubscriptionIn) -> Answer[dict[str, Any]]:
    data = subscriptions.SubscriptionInput(
        region_code=payload.region, min_level=subscriptions.LEVELS[payload.min_level], kinds=payload.kinds,
        channels=payload.channels, digest=payload.digest, language=payload.language)  # fmt: skip
    sub = subscriptions.create(request.user, data)
    return Answer(201, subscription_json(sub, region_names([sub])))


@router.delete("/alerts/subscriptions/{sub_id}", summary="Delete one of your alert subscriptions (answers with it)",
               auth=api_auth(PERMISSION), response={200: AlertSubscriptionOut, **refusals(404, 422)})  # fmt: skip
def delete_subscription(request: HttpRequest, sub_id: int) -> dict[str, Any]:
    sub = subscriptions.own(request.user).filter(pk=sub_id).first()
    if sub is None:
        raise not_found(_("No subscription %(id)s among yours.") % {"id": sub_id})
    answer = subscription_json(sub, region_names([sub]))
    subscriptions.delete(request.user, sub)
    return answer
