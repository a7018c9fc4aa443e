"""Several writers at once, for the tests marked `concurrent` (run on PostgreSQL, and on a SQLite file by
`make test`: the in-memory SQLite test database locks whole tables, so they skip there)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection


def skip_on_memory_sqlite() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite cannot serve concurrent writers")


def at_once(count: int, target: Callable[[int], None], *, timeout: float = 60) -> None:
    """Run target(0), ..., target(count - 1) in threads released together; each closes its own database
    connection. A failure in any thread fails the test (not just a warning), and so does a thread that hangs."""
    start = threading.Barrier(count)
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            start.wait()
            target(index)
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a thread never finished"
    if failures:
        raise failures[0]
