"""Escalation (issue 18): an alert nobody acknowledges in time moves up, kab/kota → province → national desk,
and the next office is told. The clock runs from when the current office was asked (Alert.routed_at); higher
levels wait less."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from waspada.alerts import routing
from waspada.alerts.models import Alert, AlertLevel, AlertStatus, HandlingLevel
from waspada.core.audit import record

ACKNOWLEDGE_WITHIN = {AlertLevel.AWAS: dt.timedelta(hours=12), AlertLevel.SIAGA: dt.timedelta(hours=24),
                      AlertLevel.WASPADA: dt.timedelta(hours=72)}  # fmt: skip
NEXT = {HandlingLevel.KABKOTA: HandlingLevel.PROVINCE, HandlingLevel.PROVINCE: HandlingLevel.NATIONAL}


def escalate_due(now: dt.datetime | None = None) -> str:
    """Move up every open, unacknowledged alert past its deadline; a line for the scheduler's log."""
    now = now or timezone.now()
    moved = 0
    for alert in Alert.objects.filter(status=AlertStatus.OPEN).exclude(handling_level=HandlingLevel.NATIONAL):
        if now - alert.routed_at < ACKNOWLEDGE_WITHIN[AlertLevel(alert.level)]:
            continue
        with transaction.atomic():
            before = alert.handling_level
            alert.handling_level = NEXT[HandlingLevel(before)]
            alert.escalated_at = alert.routed_at = alert.updated_at = now
            alert.save(update_fields=["handling_level", "escalated_at", "routed_at", "updated_at"])
            record(None, "alerts.escalate", alert, before={"handling_level": before},
                   after={"handling_level": alert.handling_level}, region_code=alert.kabkota_code)  # fmt: skip
            routing.announce("alert.escalated", alert)
        moved += 1
    return f"escalated {moved}"
