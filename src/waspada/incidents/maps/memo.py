"""A small per-process memory of map and summary answers, keyed by who asks, the filters and the data version.

Many people open the same map (the national view, this month's filters) while the data changes a few times an
hour; each answer costs 40-150 ms of counting over 100,000 incidents and is the same every time until the next
write. So answers are kept, under a key that changes whenever the answer could:
- the data version is the audit chain's head (sequence and hash, one indexed row). Every write to incidents goes
  through a service that records an audit event in the same transaction (edits, transitions, imports, gateway
  reports, demo data: docs/architecture.md, Writes and the audit trail), so a committed write moves the head
  and every older entry stops matching. The hash, not only the sequence, so that a rolled-back chain (tests)
  never meets an old entry;
- who asks: user id, role, scope region and the external flag (what the scope filter reads);
- the filters, normalised.
A write that bypassed the audit log would be served stale for at most TTL_SECONDS. Memory is bounded: at most
SIZE entries of about 80 kB (gzipped), least recently used dropped first. Per process, no shared cache needed.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from waspada.core.audit.models import AuditChainHead
from waspada.core.scope import scope_of
from waspada.incidents.maps.aggregate import map_data
from waspada.incidents.maps.area import Area
from waspada.incidents.maps.respond import Packed, pack
from waspada.incidents.maps.summary import summarise
from waspada.incidents.selectors import IncidentFilter

SIZE = 128
TTL_SECONDS = 300.0
ENABLED = True  # the benchmark turns it off to measure the counting itself


class Lru:
    """A bounded, thread-safe, per-process memory: at most `size` entries, each kept `ttl` seconds at most."""

    def __init__(self, size: int, ttl: float) -> None:
        self.size, self.ttl = size, ttl
        self._lock = threading.Lock()
        self._entries: OrderedDict[Any, tuple[float, Any]] = OrderedDict()

    def get(self, key: Any) -> Any:
        with self._lock:
            found = self._entries.get(key)
            if found is None or time.monotonic() - found[0] >= self.ttl:
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


_answers = Lru(SIZE, TTL_SECONDS)
_summaries = Lru(SIZE, TTL_SECONDS)


def data_version() -> tuple[int, str]:
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    return (int(head[0]), str(head[1])) if head else (0, "")


def _key(user: Any, flt: IncidentFilter) -> tuple[Any, ...]:
    scope = scope_of(user)
    filters = tuple(sorted((name, str(value)) for name, value in flt.active().items()))
    return data_version(), scope.user_id, scope.role, scope.region_code, scope.external, filters, flt.demo


def clear() -> None:
    _answers.clear()
    _summaries.clear()


def map_answer(user: Any, flt: IncidentFilter) -> Packed:
    """The packed map JSON for this user and filter, counted again only when the data changed."""
    if not ENABLED:
        return pack(map_data(user, flt))
    key = _key(user, flt)
    packed = _answers.get(key)
    if packed is None:
        packed = pack(map_data(user, flt))  # outside any lock: two first requests may both count, never wait
        _answers.put(key, packed)
    return packed


def summary_answer(user: Any, flt: IncidentFilter, where: Area) -> dict[str, Any]:
    """The summary's counts (about 3 kB; 280 ms for a national view of 100,000 incidents), same rules. Read-only:
    the same dict is handed to every caller."""
    if not ENABLED:
        return summarise(user, flt, where)
    key = (*_key(user, flt), where.code, where.domain)
    found = _summaries.get(key)
    if found is None:
        found = summarise(user, flt, where)
        _summaries.put(key, found)
    return found  # type: ignore[no-any-return]
