"""The write gate: one holder at a time across processes and threads, woken at once; no gate where none is
needed."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest

from waspada.core import write_gate


def hold_in_child(path: str, seconds: float, queue: multiprocessing.Queue) -> None:
    with write_gate.turn(path):
        queue.put(("child in", time.monotonic()))
        time.sleep(seconds)
        queue.put(("child out", time.monotonic()))


def test_a_second_process_waits_for_the_holder_and_enters_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "db.sqlite3.writers")
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=hold_in_child, args=(path, 0.3, queue))
    child.start()
    assert queue.get(timeout=10)[0] == "child in"
    with write_gate.turn(path):
        entered = time.monotonic()
    child.join(10)
    label, released = queue.get(timeout=10)
    assert label == "child out" and released <= entered < released + 0.1  # woken by the release, not a poll


def test_threads_of_one_process_take_turns(tmp_path: Path) -> None:
    path, inside, most = str(tmp_path / "gate"), [0], [0]

    def writer() -> None:
        for _ in range(20):
            with write_gate.turn(path):
                inside[0] += 1
                most[0] = max(most[0], inside[0])
                time.sleep(0.0005)
                inside[0] -= 1

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert most[0] == 1


@pytest.mark.django_db
def test_no_gate_for_postgresql_or_an_in_memory_database() -> None:
    from django.db import connection

    on_file = connection.vendor == "sqlite" and not connection.is_in_memory_db()
    assert (write_gate.gate_path() is not None) == on_file
    with write_gate.turn():  # passes straight through (or takes the file's gate) either way
        pass


def test_a_child_forked_while_a_thread_holds_the_gate_gets_its_own_turn(tmp_path: Path) -> None:
    """The holder's thread does not exist in the child: the child must neither deadlock on the inherited
    thread lock nor share the parent's flock; it waits for the parent's release like any other process."""
    path = str(tmp_path / "gate")
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    holding, release = threading.Event(), threading.Event()

    def holder() -> None:
        with write_gate.turn(path):
            holding.set()
            release.wait(10)
            queue.put(("parent out", time.monotonic()))

    thread = threading.Thread(target=holder)
    thread.start()
    assert holding.wait(10)
    child = context.Process(target=hold_in_child, args=(path, 0.0, queue))
    child.start()
    time.sleep(0.3)
    release.set()
    thread.join(10)
    events = dict(queue.get(timeout=10) for _ in range(3))
    child.join(10)
    assert child.exitcode == 0
    assert events["parent out"] <= events["child in"]  # the child entered only after the parent let go
