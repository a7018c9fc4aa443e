"""Alert pages: the alerts in the user's area, and one alert with its evidence, history and response. The pages
read the form into plain values and call responses.py, which checks and writes (and audits)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waspada.alerts import notice_log, responses
from waspada.alerts.explain import RULE_TEXTS, number_rows
from waspada.alerts.models import Alert, AlertLevel, AlertStatus
from waspada.core.errors import DomainError
from waspada.core.permissions import has_permission, requires
from waspada.incidents.models import Incident

STATUS_FILTERS = ("live", "all", *AlertStatus.values)


def _scoped(request: HttpRequest) -> Any:
    return Alert.objects.restrict(request.user).select_related("region")  # type: ignore[attr-defined]


@requires("alerts.view")
def alert_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "live")
    if status not in STATUS_FILTERS:
        status = "live"
    alerts = _scoped(request)
    if status == "live":
        alerts = alerts.filter(status__in=[AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED])
    elif status != "all":
        alerts = alerts.filter(status=status)
    alerts = list(alerts[:500])
    counts = {level: sum(1 for a in alerts if a.level == level) for level in (3, 2, 1)}
    return render(request, "alerts/list.html", {
        "alerts": alerts, "status": status, "statuses": STATUS_FILTERS,
        "counts": [(AlertLevel(level), n) for level, n in counts.items()]})  # fmt: skip


def _get(request: HttpRequest, pk: int) -> Alert:
    alert = _scoped(request).select_related("assigned_to", "acknowledged_by").filter(pk=pk).first()
    if alert is None:
        raise Http404(_("No such alert in your area."))
    return alert  # type: ignore[no-any-return]


@requires("alerts.view")
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _get(request, pk)
    ids = alert.evidence.get("incidents", [])
    incidents = Incident.objects.restrict(request.user).filter(pk__in=ids).order_by("-severity", "-occurred_on")  # type: ignore[attr-defined]
    rules = [RULE_TEXTS.get(code, code) for code in alert.evidence.get("rules", [])]
    return render(request, "alerts/detail.html", {
        "alert": alert, "rules": rules, "numbers": number_rows(alert.evidence.get("numbers", {})),
        "incidents": incidents, "history": list(reversed(alert.history)),
        "actions": alert.actions.select_related("owner"),
        "can_respond": has_permission(request.user, "alerts.respond") and alert.is_live,
        "today": timezone.localdate(),
        # Who was told of it (offices and the national desk; not the viewers' business).
        "notices": notice_log.entries(alert) if has_permission(request.user, "alerts.respond") else None})  # fmt: skip


@require_POST
@requires("alerts.respond")
def alert_respond(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _get(request, pk)
    what = request.POST.get("do", "")
    try:
        if what == "acknowledge":
            responses.acknowledge(request.user, alert)
            messages.success(request, _("Alert acknowledged; it is assigned to you."))
        elif what == "action":
            due = _date(request.POST.get("due_on", ""))
            responses.add_action(request.user, alert, description=request.POST.get("description", ""),
                                 owner_id=None, due_on=due)  # fmt: skip
            messages.success(request, _("Follow-up action added."))
        elif what == "close":
            responses.close(request.user, alert, outcome=request.POST.get("outcome", ""))
            messages.success(request, _("Alert closed."))
        else:
            messages.error(request, _("Unknown response."))
    except DomainError as exc:
        for message in exc.errors.values():
            messages.error(request, message)
    return redirect("alerts:detail", pk=alert.pk)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise DomainError({"due_on": _("Give the due date as a date.")}) from exc
