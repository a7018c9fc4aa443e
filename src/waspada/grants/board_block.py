"""The grants block of the situation board (core/board.py): agreements signed late or not yet, tranches overdue and
the money still owed, in the user's area (issue 21: both grants and education on the board)."""

from __future__ import annotations

from typing import Any

from waspada.core.board import Block
from waspada.core.permissions import has_permission
from waspada.core.scope import UserScope
from waspada.grants.selectors import board_summary


def grants_block(user: Any, scope: UserScope) -> Block | None:
    if not has_permission(user, "grants.view"):
        return None
    return Block("grants/board_block.html", {"grants": board_summary(user)})
