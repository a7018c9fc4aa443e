"""The political-education block of the situation board (core/board.py): activities in the last 30 days and the
high-risk regions that have had none lately, in the user's area."""

from __future__ import annotations

from typing import Any

from waspada.core.board import Block
from waspada.core.scope import UserScope
from waspada.education.selectors import board_summary


def education_block(user: Any, scope: UserScope) -> Block:
    return Block("education/board_block.html", {"education": board_summary(user)})
