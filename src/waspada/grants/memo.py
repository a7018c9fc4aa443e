"""A small per-process memory of grants boards, keyed by who asks, the filters, the day and the data version.

The national board counts 2,000 agreements and 3,000 tranches (about 150 ms) and is the same for everyone with the
same scope until the next write. Every grant write goes through a service, an import or the demo, each recording
an audit event in its transaction, so the audit chain's head (sequence and hash) is the data version, as for the
incident map (incidents/maps/memo.py). The day is in the key because compliance depends on it. A write that
bypassed the audit trail would be served stale for at most TTL_SECONDS. At most SIZE boards are kept."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from waspada.core.audit.models import AuditChainHead
from waspada.core.scope import scope_of
from waspada.grants.board import Board

SIZE = 64
TTL_SECONDS = 300.0
ENABLED = True  # the benchmark turns it off to measure the counting itself

_lock = threading.Lock()
_boards: OrderedDict[Any, tuple[float, Board]] = OrderedDict()


def data_version() -> tuple[int, str]:
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    return (int(head[0]), str(head[1])) if head else (0, "")


def clear() -> None:
    with _lock:
        _boards.clear()


def board(user: Any, filters: tuple[Any, ...], as_of: dt.date, build: Callable[[], Board]) -> Board:
    """The board for this user's scope and filters on `as_of`, built again only when the data changed."""
    if not ENABLED:
        return build()
    scope = scope_of(user)
    key = (data_version(), scope.role, scope.region_code, scope.external, filters, as_of)
    with _lock:
        found = _boards.get(key)
        if found is not None and time.monotonic() - found[0] < TTL_SECONDS:
            _boards.move_to_end(key)
            return found[1]
    result = build()  # outside the lock: two first requests may both count, never wait on each other
    with _lock:
        _boards[key] = (time.monotonic(), result)
        _boards.move_to_end(key)
        while len(_boards) > SIZE:
            _boards.popitem(last=False)
    return result
