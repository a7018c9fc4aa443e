"""Sessions: database-backed, with a per-process cache that keeps each session only a few seconds.

Django's cached_db engine keeps a session in the cache for its whole life. Our cache is per process
(LocMemCache), so a sign-out handled by one gunicorn worker would leave the session alive in the others.
Holding it for CACHE_SECONDS bounds that window while sparing the database a read on most requests.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import cached_db

CACHE_SECONDS = 10


class _BriefCache:
    def __init__(self, cache: Any) -> None:
        self._cache = cache

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cache, name)

    def __contains__(self, key: str) -> bool:
        return key in self._cache

    def set(self, key: str, value: Any, timeout: Any = None, version: Any = None) -> None:
        self._cache.set(key, value, min(timeout, CACHE_SECONDS) if timeout else CACHE_SECONDS, version)

    async def aset(self, key: str, value: Any, timeout: Any = None, version: Any = None) -> None:
        await self._cache.aset(key, value, min(timeout, CACHE_SECONDS) if timeout else CACHE_SECONDS, version)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache = _BriefCache(self._cache)  # type: ignore[has-type]  # set by the base class
