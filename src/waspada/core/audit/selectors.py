"""Filtering audit events for the national desk (browse, export)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.audit.models import AuditEvent

FILTERS = ("actor", "action", "object_type", "date_from", "date_to")


@dataclass
class AuditFilter:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def parse_filter(params: Any) -> tuple[AuditFilter, dict[str, str]]:
    """Filters from a query string, and a message per field that could not be read."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name in FILTERS:
        raw = str(params.get(name, "") or "").strip()[:100]
        if name.startswith("date_") and raw:
            try:
                values[name] = dt.date.fromisoformat(raw)
            except ValueError:
                errors[name] = _("Use a date like 2024-02-14.")
        elif not name.startswith("date_"):
            values[name] = raw
    return AuditFilter(**values), errors


def filtered_events(f: AuditFilter) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if f.actor:
        events = events.filter(actor_name__iexact=f.actor)
    if f.action:
        events = events.filter(action__startswith=f.action)
    if f.object_type:
        events = events.filter(object_type=f.object_type)
    zone = timezone.get_current_timezone()
    if f.date_from:
        events = events.filter(created_at__gte=dt.datetime.combine(f.date_from, dt.time.min, zone))
    if f.date_to:
        events = events.filter(created_at__lt=dt.datetime.combine(f.date_to + dt.timedelta(days=1), dt.time.min, zone))
    return events.order_by("-seq")


def known_values() -> dict[str, list[str]]:
    """Choices for the filter form (distinct actions and object types)."""
    return {
        "actions": list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()),
        "object_types": list(AuditEvent.objects.exclude(object_type="").order_by("object_type")
                             .values_list("object_type", flat=True).distinct()),  # fmt: skip
    }
