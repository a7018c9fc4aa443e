"""Sessions are cached per process only briefly, so a sign-out elsewhere takes effect within seconds."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from waspada.core import sessions


@pytest.mark.django_db
def test_a_session_is_cached_for_a_few_seconds_only(monkeypatch: pytest.MonkeyPatch) -> None:
    timeouts: list[object] = []
    cache = caches["default"]
    original = cache.set
    monkeypatch.setattr(cache, "set", lambda key, value, timeout=None, version=None: (timeouts.append(timeout),
                                                                                      original(key, value, timeout)))
    store = sessions.SessionStore()
    store["user"] = "x"
    store.save(must_create=True)
    assert timeouts and all(t == sessions.CACHE_SECONDS for t in timeouts)


@pytest.mark.django_db
def test_a_deleted_session_is_gone_from_the_database_for_other_processes() -> None:
    store = sessions.SessionStore()
    store["user"] = "x"
    store.save(must_create=True)
    key = store.session_key
    caches["default"].clear()  # another process: nothing cached
    assert sessions.SessionStore(key).load() == {"user": "x"}
    sessions.SessionStore(key).delete()
    caches["default"].clear()
    assert sessions.SessionStore(key).load() == {}
