"""The early-warning block of the situation board (core/board.py): live alerts in the user's area by level, the
highest first, each linking to its page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from waspada.alerts.models import Alert, AlertLevel, AlertStatus
from waspada.core.board import Block
from waspada.core.scope import UserScope

SHOWN = 5


def alerts_block(user: Any, scope: UserScope) -> Block:
    live = Alert.objects.restrict(user).filter(status__in=[AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED])  # type: ignore[attr-defined]
    alerts = list(live.select_related("region").order_by("-level", "-last_seen_on", "-id")[:SHOWN])
    # One grouped query for the counts by level (the board is every user's home page).
    by_level = dict(live.order_by().values_list("level").annotate(n=Count("id")))
    counts = [(AlertLevel(level), by_level.get(level, 0)) for level in (3, 2, 1)]
    return Block("alerts/board_block.html", {"alerts": alerts, "counts": counts, "total": sum(by_level.values())})
