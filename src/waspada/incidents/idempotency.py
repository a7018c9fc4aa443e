"""Idempotent creates: a phone that lost the answer resends with the same Idempotency-Key (docs/architecture.md, API
conventions).

Same user + key + body within 24 h → the original incident, never a second one (the API answers 201 again,
with `Idempotent-Replayed: true`). Same key with another body → 409 naming the header. Race-safe: the key row
is inserted in the same transaction as the incident, under a unique constraint; a concurrent twin hits the
constraint (SQLite serialises writers; PostgreSQL makes it wait for the first commit), its transaction rolls
back with its incident, and it answers with the winner's result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.incidents.actions.results import CreateResult
from waspada.incidents.errors import Conflict, Invalid
from waspada.incidents.models import IdempotencyKey, Incident

KEEP = dt.timedelta(hours=24)
HEADER = "Idempotency-Key"
_VALID_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")  # printable ASCII, no spaces


def body_hash(body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_key(key: str) -> str:
    key = key.strip()
    if not _VALID_KEY.match(key):
        raise Invalid({HEADER: _("Use 1 to 200 printable characters without spaces (a UUID is ideal).")})
    return key


def _replay(user: Any, key: str, digest: str) -> Incident | None:
    # A new key (the common case) costs one narrow look-up; the incident is read only for a replay.
    row = IdempotencyKey.objects.filter(user=user, key=key).values_list("pk", "created_at", "body_hash",
                                                                        "incident_id").first()  # fmt: skip
    if row is None:
        return None
    pk, created_at, stored_hash, incident_id = row
    if created_at < timezone.now() - KEEP:
        IdempotencyKey.objects.filter(pk=pk).delete()
        return None
    if stored_hash != digest:
        raise Conflict({HEADER: _("This Idempotency-Key was already used with a different body; "
                                  "use a new key for a new report.")})  # fmt: skip
    return Incident.objects.filter(pk=incident_id).first() if incident_id is not None else None


@dataclass(frozen=True)
class Claim:
    """The key a create stores with its incident, in the incident's own write transaction (actions.insert),
    whether written alone or by a group commit (which first checks, under the write lock, that it is free)."""

    user: Any
    key: str
    digest: str

    def row(self, incident: Incident) -> IdempotencyKey:
        return IdempotencyKey(user=self.user, key=self.key, body_hash=self.digest, incident=incident)


def once(user: Any, key: str | None, body: Any, create: Callable[[Claim | None], CreateResult]) -> CreateResult:
    """`create(claim)` passes the claim to the create action (`claim=`), which stores the key row with the
    incident, so a concurrent twin fails on the unique key and its incident rolls back. (A group commit that
    finds the key taken raises IntegrityError likewise, having written nothing.) A replay answers with the
    original incident, `replayed` set."""
    if not key:
        return create(None)
    key = check_key(key)
    digest = body_hash(body)
    existing = _replay(user, key, digest)
    if existing is not None:
        return CreateResult(existing, replayed=True)
    try:
        return create(Claim(user, key, digest))
    except IntegrityError:
        existing = _replay(user, key, digest)  # a concurrent resend won the race: answer with its incident
        if existing is None:
            raise
        return CreateResult(existing, replayed=True)


def purge_expired() -> int:
    deleted, _rows = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return deleted
