"""Who hears about an alert: the office that handles it now (kab/kota, then province, then the national desk)
in the inbox and by e-mail, every user whose own subscription matches (alerts/subscriptions.py; once per event,
never twice for someone already told as the office), and every webhook subscriber whose filters match. Each
inbox message is linked to the alert (AlertNotice), and each webhook delivery carries it, so the alert's page
shows who was told of what, when and with which outcome."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from waspada.alerts import subscriptions, webhooks
from waspada.alerts.models import Alert, AlertLevel, AlertNotice, HandlingLevel, NoticeRoute
from waspada.core.notifications.models import Notification
from waspada.core.notifications.services import notify
from waspada.core.scope import Role

LEVEL_NAMES: dict[int, str] = {AlertLevel.WASPADA: "waspada", AlertLevel.SIAGA: "siaga", AlertLevel.AWAS: "awas"}
_TITLES = {
    "alert.raised": gettext_lazy("%(level)s: %(region)s"),
    "alert.level_changed": gettext_lazy("%(level)s (raised): %(region)s"),
    "alert.escalated": gettext_lazy("Escalated %(level)s: %(region)s"),
    "alert.closed": gettext_lazy("Alert over: %(region)s"),
}


def office_users(alert: Alert) -> list[Any]:
    """The accounts of the office that handles the alert now."""
    users = get_user_model().objects.filter(is_active=True)
    if alert.handling_level == HandlingLevel.KABKOTA:
        users = users.filter(role=Role.KABKOTA_OFFICER, scope_region_id=alert.kabkota_code)
    elif alert.handling_level == HandlingLevel.PROVINCE:
        users = users.filter(role=Role.PROVINCE_OFFICER, scope_region_id=alert.province_code)
    else:
        users = users.filter(role__in=[Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST])
    return list(users)


def announce(kind: str, alert: Alert) -> None:
    """Inbox rows (with e-mail) for the handling office and the matching subscribers, and webhook deliveries,
    inside the caller's transaction; every inbox row is linked to the alert (the notification log)."""
    office = office_users(alert) if kind != "alert.closed" else []
    if office:
        route = NoticeRoute.ESCALATION if kind == "alert.escalated" else NoticeRoute.OFFICE
        title, body = _message(kind, alert, "id")  # offices read Indonesian first; the link carries the rest
        _log(alert, notify(office, kind, title, body, link=_link(alert), email=True), route)
    told = {user.pk for user in office}
    by_language: dict[str, list[subscriptions.Match]] = {}
    for match in subscriptions.matching(kind, alert.kabkota_code, alert.level, exclude=told).values():
        by_language.setdefault(match.language, []).append(match)
    for language, matches in sorted(by_language.items()):
        title, body = _message(kind, alert, language)
        rows = notify([m.user for m in matches], kind, title, body, link=_alert_link(alert),
                      email=[m.user.pk for m in matches if m.email])  # fmt: skip
        _log(alert, rows, NoticeRoute.SUBSCRIPTION)
    webhooks.publish(kind, payload(alert), region_code=alert.kabkota_code, level=LEVEL_NAMES.get(alert.level, ""),
                     alert=alert)  # fmt: skip


def _message(kind: str, alert: Alert, language: str) -> tuple[str, str]:
    with override(language):
        title = _TITLES[kind] % {"level": AlertLevel(alert.level).label, "region": alert.region.name}
        rules = ", ".join(alert.evidence.get("rules", []))
        body = _("Rules: %(rules)s. Evidence as of %(date)s.") % {"rules": rules or "-",
                                                                   "date": alert.evidence.get("date", "")}  # fmt: skip
    return str(title)[:200], body


def _log(alert: Alert, rows: list[Notification], route: str) -> None:
    AlertNotice.objects.bulk_create([AlertNotice(alert=alert, notification=row, route=route) for row in rows])


def _alert_link(alert: Alert) -> str:
    return reverse("alerts:detail", args=[alert.pk])


def _link(alert: Alert) -> str:
    """The incidents behind the alert: the region's list from the start of the rules' window."""
    since = alert.evidence.get("window_start") or alert.opened_on.isoformat()
    return f"{reverse('incidents:list')}?region={alert.kabkota_code}&date_from={since}"


def payload(alert: Alert) -> dict[str, Any]:
    return {"alert": alert.pk, "region": alert.kabkota_code, "region_name": alert.region.name,
            "level": LEVEL_NAMES.get(alert.level, "normal"), "status": alert.status,
            "handling_level": alert.handling_level, "opened_on": alert.opened_on.isoformat(),
            "last_seen_on": alert.last_seen_on.isoformat(), "rules": alert.evidence.get("rules", []),
            "numbers": alert.evidence.get("numbers", {}), "incidents": alert.evidence.get("incidents", [])}  # fmt: skip
