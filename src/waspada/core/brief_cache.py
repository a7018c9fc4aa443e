"""A small per-process cache whose entries live a few seconds (the window sessions, users and tokens share).

Thread-safe; `forget(key)` when this process saves the object, `clear()` for everything (tests, bulk writes)."""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable
from typing import Any


class BriefCache:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._rows: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            entry = self._rows.get(key)
        return entry[1] if entry is not None and entry[0] > time.monotonic() else None

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._rows[key] = (time.monotonic() + self.seconds, value)

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._rows.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()
