"""Who hears about an alert: the office that handles it now (kab/kota, then province, then the national desk)
in the inbox and by e-mail, and every webhook subscriber whose filters match."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from waspada.alerts import webhooks
from waspada.alerts.models import Alert, AlertLevel, HandlingLevel
from waspada.core.notifications.services import notify
from waspada.core.scope import Role

LEVEL_NAMES: dict[int, str] = {AlertLevel.WASPADA: "waspada", AlertLevel.SIAGA: "siaga", AlertLevel.AWAS: "awas"}
_TITLES = {
    "alert.raised": "%(level)s: %(region)s",
    "alert.level_changed": "%(level)s (naik): %(region)s",
    "alert.escalated": "Eskalasi %(level)s: %(region)s",
    "alert.closed": "Peringatan selesai: %(region)s",
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
    """Inbox rows (with e-mail) for the handling office and webhook deliveries, inside the caller's transaction."""
    with override("id"):  # offices read Indonesian first; the link carries the rest
        name = alert.region.name
        title = _TITLES[kind] % {"level": AlertLevel(alert.level).label, "region": name}
        rules = ", ".join(alert.evidence.get("rules", []))
        body = _("Rules: %(rules)s. Evidence as of %(date)s.") % {"rules": rules or "-",
                                                                   "date": alert.evidence.get("date", "")}  # fmt: skip
    if kind != "alert.closed":
        notify(office_users(alert), kind, title[:200], body, link=_link(alert), email=True)
    webhooks.publish(kind, payload(alert), region_code=alert.kabkota_code, level=LEVEL_NAMES.get(alert.level, ""))


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
