"""Group commit of new incidents: reports arriving together in one web process share one write transaction.

Why: SQLite has one writer at a time, and a request thread holding that lock must win Python's GIL back after
every statement it sends, against every other request thread of its process; twenty phones reporting at once
spent most of their time waiting for each other (issue 5's benchmark). Here the first request thread that
finds no write in progress leads: it takes the reports queued in its process (its own first), writes them
with one INSERT per table and one audit-chain append (actions.insert, as a report written alone) and one
commit, and wakes their threads, which waited on an event meanwhile. Leadership then passes to the oldest
report still queued. A lone report is a batch of one. The leaders of different processes take turns through
`waspada.core.write_gate` (SQLite files only).

Safety (no accepted report is ever lost, none is written twice):
- a request answers only once its own report is committed, or with the error that stopped it;
- a batch that fails before its commit is rolled back whole, and every report in it is written again alone,
  by its own thread, on the single-report path, so one bad report never fails the others; if the COMMIT itself
  fails (it may have happened), only reports with an Idempotency-Key are retried (safely: the key decides),
  and the others answer with an error, as a failed commit does on the single path;
- Idempotency-Keys are checked under the write lock (PostgreSQL: after the audit head's row lock, which every
  writer takes before inserting its key): a key already taken (a resend committed meanwhile, in any process,
  or a twin earlier in the same batch) leaves that report out, and its thread answers with the
  winner's incident, as on the single path.
Writes inside a caller's transaction (imports, tests) are never grouped: that transaction must own its rows.
"""

from __future__ import annotations

import logging
import os
import threading

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from waspada.core import write_gate
from waspada.core.audit.chain import lock_head
from waspada.incidents.actions.insert import NewIncident, forget_ids, insert
from waspada.incidents.idempotency import KEEP
from waspada.incidents.models import IdempotencyKey

log = logging.getLogger(__name__)

MAX_BATCH = 100  # bounds the leader's wait and the size of one INSERT
WRITTEN, KEY_TAKEN, ALONE, UNSURE = "written", "key_taken", "alone", "unsure"


def applies() -> bool:
    """Group only creates made outside any transaction (a caller's transaction must own its rows)."""
    return (
        getattr(settings, "WASPADA_GROUP_COMMIT", True)
        and not connection.in_atomic_block
        and connection.features.can_return_rows_from_bulk_insert
    )


def commit(item: NewIncident) -> None:
    """Write `item` with whatever else is queued in this process; returns once its outcome is known."""
    _committer.commit(item)


class _Committer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: list[NewIncident] = []
        self._leading = False

    def commit(self, item: NewIncident) -> None:
        with self._lock:
            self._queue.append(item)
            lead, self._leading = not self._leading, True
        if not lead:
            item.wake.wait()  # set when a leader decided our outcome, or handed leadership to us
            if item.outcome:
                return
        batch: list[NewIncident] = []
        try:
            with self._lock:  # our own report is first: we were alone, or the oldest when promoted
                batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            write_batch(batch)
        except Exception:  # write_batch catches its own; anything else still must not strand the followers
            log.exception("a group commit failed outside its transaction")
        finally:
            for other in batch:
                other.outcome = other.outcome or ALONE  # never leave a thread without an answer
            with self._lock:
                successor = self._queue[0] if self._queue else None
                self._leading = successor is not None
            for other in batch:
                other.wake.set()
            if successor is not None:
                successor.wake.set()  # no outcome yet: it leads the next batch

    def reset_after_fork(self) -> None:
        self.__init__()  # type: ignore[misc]  # a forked child inherits no thread: nobody leads there


_committer = _Committer()
os.register_at_fork(after_in_child=_committer.reset_after_fork)


def write_batch(batch: list[NewIncident]) -> None:
    """One transaction for the batch. If it fails before its commit, nothing is written and every report goes
    alone; if the commit itself fails, its fate is unknown (a connection lost mid-COMMIT may still have
    committed), so only reports with an Idempotency-Key are retried and the others answer with an error."""
    stage, taken = "writing", set()
    try:
        with write_gate.turn():
            with transaction.atomic():
                lock_head()  # PostgreSQL: from here on every other writer's key is committed or not yet written
                taken = _taken_keys(batch)
                todo = [item for item in batch if item not in taken]
                if todo:
                    insert(todo)
                stage = "committing"
            stage = "committed"
    except Exception:
        if stage != "committed":  # after the commit only the gate's release failed: the rows stand
            log.warning("a group commit of %d reports failed while %s", len(batch), stage, exc_info=True)
            for item in batch:
                forget_ids(item)
                item.outcome = ALONE if stage == "writing" or item.claim is not None else UNSURE
            return
        log.warning("releasing the write gate failed after a group commit", exc_info=True)
    for item in batch:
        item.outcome = KEY_TAKEN if item in taken else WRITTEN


def _taken_keys(batch: list[NewIncident]) -> set[NewIncident]:
    """Reports whose Idempotency-Key is already stored (under the write lock) or claimed earlier in the batch."""
    claims = [item.claim for item in batch if item.claim is not None]
    if not claims:
        return set()
    stored = IdempotencyKey.objects.filter(
        user_id__in={claim.user.pk for claim in claims}, key__in={claim.key for claim in claims}
    ).values_list("pk", "user_id", "key", "created_at")
    used, expired = set(), []
    for pk, user_id, key, created_at in stored:
        if created_at < timezone.now() - KEEP:
            expired.append(pk)  # as on the single path: a key older than a day may be used again
        else:
            used.add((user_id, key))
    if expired:
        IdempotencyKey.objects.filter(pk__in=expired).delete()
    taken = set()
    for item in batch:
        if item.claim is not None:
            ident = (item.claim.user.pk, item.claim.key)
            if ident in used:
                taken.add(item)
            used.add(ident)
    return taken
