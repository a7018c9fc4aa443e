"""The election block of the situation board (core/board.py): the stages in force today in the user's area
(its local date), the ones that start next and the days to the next voting day."""

from __future__ import annotations

import threading
from typing import Any

from waspada.core.board import Block
from waspada.core.scope import UserScope
from waspada.elections import selectors
from waspada.elections.models import Election
from waspada.regions.selectors import active_regions

# The calendar in memory, reloaded when calendar_version() changes (an import, or a cycle a national admin
# entered or changed): two small queries per board instead of loading every election, stage and contest.
_cached: dict[str, Any] = {}
_lock = threading.Lock()


def _calendar() -> selectors.Calendar:
    version = selectors.calendar_version()
    with _lock:
        if _cached.get("version") != version:
            _cached["calendar"], _cached["version"] = selectors.Calendar.load(), version
        return _cached["calendar"]  # type: ignore[no-any-return]


def stages_block(user: Any, scope: UserScope) -> Block:
    template = "elections/board_block.html"
    if not Election.objects.exists():
        return Block(template, {"loaded": False})
    region = active_regions().filter(code=scope.region_code).first() if scope.region_code else None
    day = selectors.local_today(region)
    situation = _calendar().at(region, day)
    ahead = situation.next_voting
    return Block(template, {
        "loaded": True, "region": region, "day": day, "situation": situation,
        "next_voting": {"election": ahead[0], "days": ahead[1]} if ahead else None,
    })  # fmt: skip
