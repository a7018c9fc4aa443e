"""/api/v1/alerts: the alerts in the caller's scope, and the response to them (acknowledge, follow-up actions,
close). Thin: responses.py writes and refuses; the scope filter decides what a caller sees, and an alert outside
it is the same 404 as a missing one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Answer
from pydantic import Field

from waspada.alerts import responses
from waspada.alerts.models import Alert, AlertAction, AlertStatus
from waspada.alerts.routing import LEVEL_NAMES
from waspada.alerts.schemas import AcknowledgeIn, ActionIn, AlertActionOut, AlertOut, CloseIn
from waspada.core.api.auth import api_auth
from waspada.core.api.errors import not_found
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import PageParams, choice, page_of, refusals

router = Router()
RESPOND = refusals(400, 404, 409, 413, 422)  # a JSON body, an alert by id, a closed alert
AlertPage = page_of(AlertOut)


class AlertFilter(PageParams):
    status: choice(("live", "all", *AlertStatus.values)) = Field(  # type: ignore[valid-type]
        "live", description="live = open or acknowledged")
    level: choice(("waspada", "siaga", "awas")) | None = Field(  # type: ignore[valid-type]
        None, description="This level or higher")
    region: str = Field("", max_length=13, pattern=r"^[0-9.]*$", description="Within this region code")


def _scoped(request: HttpRequest) -> Any:
    return (Alert.objects.restrict(request.user).select_related("region", "assigned_to")  # type: ignore[attr-defined]
            .prefetch_related("actions__owner"))  # fmt: skip


def _get(request: HttpRequest, alert_id: int) -> Alert:
    alert = _scoped(request).filter(pk=alert_id).first()
    if alert is None:
        raise not_found(_("No alert %(id)s in your area.") % {"id": alert_id})
    return alert  # type: ignore[no-any-return]


def _action_json(action: AlertAction) -> dict[str, Any]:
    return {"id": action.pk, "description": action.description, "owner": action.owner.get_username(),
            "due_on": action.due_on, "status": action.status, "outcome": action.outcome}  # fmt: skip


def _json(alert: Alert) -> dict[str, Any]:
    evidence = alert.evidence or {}
    return {"id": alert.pk, "region": alert.kabkota_code, "region_name": alert.region.name,
            "province_code": alert.province_code, "level": LEVEL_NAMES.get(alert.level, "normal"),
            "peak_level": LEVEL_NAMES.get(alert.peak_level, "normal"), "status": alert.status,
            "handling_level": alert.handling_level, "opened_on": alert.opened_on,
            "last_seen_on": alert.last_seen_on, "rules": evidence.get("rules", []),
            "numbers": evidence.get("numbers", {}), "incidents": evidence.get("incidents", []),
            "acknowledged_at": alert.acknowledged_at,
            "assigned_to": alert.assigned_to.get_username() if alert.assigned_to else None,
            "escalated_at": alert.escalated_at, "history": alert.history,
            "actions": [_action_json(a) for a in alert.actions.all()]}  # fmt: skip


@router.get("/alerts", summary="Alerts in your area, highest level first", auth=api_auth("alerts.view"),
            response={200: AlertPage, **refusals(422)})  # fmt: skip
def list_alerts(request: HttpRequest, filters: Query[AlertFilter]) -> dict[str, Any]:
    alerts = _scoped(request)
    if filters.status == "live":
        alerts = alerts.filter(status__in=[AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED])
    elif filters.status != "all":
        alerts = alerts.filter(status=filters.status)
    if filters.level:
        minimum = {name: level for level, name in LEVEL_NAMES.items()}[filters.level]
        alerts = alerts.filter(level__gte=minimum)
    if filters.region:
        alerts = alerts.filter(kabkota_code__startswith=filters.region)
    return paginate(request, alerts, filters.page, filters.page_size, _json)


@router.get("/alerts/{alert_id}", summary="One alert with its evidence, history and actions",
            auth=api_auth("alerts.view"), response={200: AlertOut, **refusals(404, 422)})  # fmt: skip
def get_alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    return _json(_get(request, alert_id))


@router.post("/alerts/{alert_id}/acknowledge", summary="Acknowledge (and assign) an alert",
             auth=api_auth("alerts.respond"), response={200: AlertOut, **RESPOND})  # fmt: skip
def acknowledge(request: HttpRequest, alert_id: int, payload: AcknowledgeIn) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    alert = _get(request, alert_id)
    assignee = None
    if payload.assign_to is not None:
        assignee = get_user_model().objects.filter(pk=payload.assign_to, is_active=True).first()
        if assignee is None:
            raise responses.DomainError({"assign_to": _("No active account with that id.")})
    responses.acknowledge(request.user, alert, assign_to=assignee)
    return _json(_get(request, alert_id))


@router.post("/alerts/{alert_id}/actions", summary="Add a follow-up action with an owner and a due date",
             auth=api_auth("alerts.respond"), response={201: AlertActionOut, **RESPOND})  # fmt: skip
def add_action(request: HttpRequest, alert_id: int, payload: ActionIn) -> Answer[dict[str, Any]]:
    action = responses.add_action(request.user, _get(request, alert_id), description=payload.description,
                                  owner_id=payload.owner, due_on=payload.due_on)  # fmt: skip
    return Answer(201, _action_json(action))


@router.post("/alerts/{alert_id}/close", summary="Close an alert with its outcome",
             auth=api_auth("alerts.respond"), response={200: AlertOut, **RESPOND})  # fmt: skip
def close(request: HttpRequest, alert_id: int, payload: CloseIn) -> dict[str, Any]:
    responses.close(request.user, _get(request, alert_id), outcome=payload.outcome)
    return _json(_get(request, alert_id))


