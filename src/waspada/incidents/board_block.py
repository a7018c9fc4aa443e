"""The incident block of the situation board (core/board.py): the incidents of the last days in the user's
area that the user reads in full, counted by type and by severity, and the most serious of them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count
from django.utils import timezone

from waspada.core.board import Block
from waspada.core.permissions import has_permission
from waspada.core.scope import UserScope
from waspada.incidents import access
from waspada.incidents.models import EventType, Incident, Status

RECENT_DAYS = 30
SERIOUS_SHOWN = 5
# Not incidents of the area's picture: turned down or merged into another record.
LEFT_OUT = (Status.REJECTED, Status.DUPLICATE)


def incidents_block(user: Any, scope: UserScope) -> Block | None:
    if not has_permission(user, "incidents.view"):
        return None
    since = timezone.localdate() - dt.timedelta(days=RECENT_DAYS)
    rows = access.readable(Incident.objects.all(), user).filter(occurred_on__gte=since).exclude(status__in=LEFT_OUT)
    rows = rows.filter(is_context=False)  # imported history not about an election is no election incident
    by_type: Counter[str] = Counter()
    by_severity: Counter[int] = Counter()
    for event_type, severity, n in rows.order_by().values_list("event_type_id", "severity").annotate(n=Count("id")):
        by_type[event_type] += n
        by_severity[severity] += n
    types = {t.code: t for t in EventType.objects.filter(code__in=by_type)}
    context = {
        "since": since,
        "days": RECENT_DAYS,
        "total": sum(by_type.values()),
        "types": sorted(((types[code], n) for code, n in by_type.items()), key=lambda t: (-t[1], t[0].code)),
        "severities": [(level, by_severity.get(level, 0)) for level in range(5, 0, -1)],
        "serious": list(rows.filter(severity__gte=4).select_related("event_type", "region")
                        .order_by("-severity", "-occurred_on", "-id")[:SERIOUS_SHOWN]),
    }  # fmt: skip
    return Block("incidents/board_block.html", context)
