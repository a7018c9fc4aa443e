"""The monitoring block of the situation board (core/board.py): how far the rounds in the user's area have come,
the newest open one state by state (late, not started, draft, returned, submitted, approved)."""

from __future__ import annotations

from typing import Any

from waspada.core.board import Block
from waspada.core.permissions import has_permission
from waspada.core.scope import UserScope
from waspada.monitoring.board import STATE_LABELS, STATES, board
from waspada.monitoring.models import RoundStatus
from waspada.monitoring.selectors import rounds_for

ROUNDS_SHOWN = 3


def rounds_block(user: Any, scope: UserScope) -> Block | None:
    if not has_permission(user, "monitoring.view"):
        return None  # viewers follow no rounds
    newest = rounds_for(user).order_by("-deadline", "-id")[: ROUNDS_SHOWN * 3]
    # Rounds the user opened but that ask none of its kab/kota (covered 0) have nothing to complete here.
    rounds = [r for r in newest if r.covered][:ROUNDS_SHOWN]  # type: ignore[attr-defined]
    for round_ in rounds:
        round_.completion = round(100 * round_.submitted / round_.covered)  # type: ignore[attr-defined]
    current = next((r for r in rounds if r.status == RoundStatus.OPEN), None)
    states = []
    if current is not None:
        counts = board(user, current).counts
        states = [(state, STATE_LABELS[state], counts[state]) for state in STATES if counts[state]]
    return Block("monitoring/board_block.html", {"rounds": rounds, "current": current, "states": states})
