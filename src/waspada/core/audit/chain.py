"""Recording and verifying audit events. Services call `record()` (one user write) or `record_batch()`
(an import, an index run, a detection run): one event with its job id, counts and checksum."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router, transaction
from django.http import HttpRequest
from django.utils import timezone

from waspada.core.audit.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
# The fields a hash covers, in this order; adding one means a new chain version, never a silent change.
HASHED_FIELDS = (
    "seq", "created_at", "actor_id", "actor_name", "action", "object_type", "object_id", "object_repr",
    "region_code", "before", "after", "batch", "request_id", "ip", "prev_hash",
)  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    return str(value)


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8: the same bytes on SQLite and PostgreSQL (jsonb reorders keys)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)


def as_json_value(value: Any) -> Any:
    """What the JSON column will give back, so the hash computed now matches the hash verified later."""
    return None if value is None else json.loads(canonical_json(value))


def event_hash(fields: dict[str, Any]) -> str:
    payload = canonical_json({name: fields[name] for name in HASHED_FIELDS})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _fields_of(event: AuditEvent) -> dict[str, Any]:
    values = {name: getattr(event, name) for name in HASHED_FIELDS}
    values["created_at"] = _plain(event.created_at)
    return values


def client_ip(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only: behind a proxy, gunicorn's --forwarded-allow-ips makes it the client's address.
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def _actor_name(actor: Any) -> str:
    if actor is None:
        return "system"
    return str(getattr(actor, "get_username", lambda: actor)())[:150]


def _object_ref(obj: Any) -> tuple[str, str, str, str]:
    if obj is None:
        return "", "", "", ""
    if isinstance(obj, models.Model):
        from waspada.core.scope import spec_for

        region = ""
        try:
            spec = spec_for(obj.__class__)  # not type(): request.user is a lazy proxy
            path = spec.region_attr or spec.kabkota or spec.province
            region = str(getattr(obj, path, "") or "") if path and "__" not in path else ""
        except ImproperlyConfigured:  # unscoped models (tokens, devices) simply carry no region
            pass
        return obj._meta.label_lower, str(obj.pk), str(obj)[:200], region
    return str(obj)[:100], "", "", ""


_HEAD_TABLE = AuditChainHead._meta.db_table


def _lock_head(using: str) -> tuple[int, str]:
    """(seq, hash) of the chain head, locked for this transaction; the row is made on the first event."""
    connection = connections[using]
    table = connection.ops.quote_name(_HEAD_TABLE)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {table} WHERE id = %s{lock}", [1])  # noqa: S608 - fixed names
        row = cursor.fetchone()
    if row is None:
        head, _created = AuditChainHead.objects.using(using).select_for_update().get_or_create(pk=1)
        return head.seq, head.hash
    return int(row[0]), str(row[1] or "")


def lock_head() -> None:
    """Take the chain head's lock now, for a transaction that must wait for every earlier writer first."""
    _lock_head(router.db_for_write(AuditEvent))


def _move_head(using: str, seq: int, digest: str) -> None:
    connection = connections[using]
    table = connection.ops.quote_name(_HEAD_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET seq = %s, hash = %s WHERE id = %s", [seq, digest, 1])  # noqa: S608


def record(
    actor: Any,
    action: str,
    obj: Any = None,
    before: Any = None,
    after: Any = None,
    request: HttpRequest | None = None,
    batch: dict[str, Any] | None = None,
    *,
    region_code: str | None = None,
) -> AuditEvent:
    """Append one event. Call inside the service's transaction, so the event and the write stand or fall
    together. The chain head row is locked (PostgreSQL: SELECT FOR UPDATE; SQLite: the IMMEDIATE write
    transaction already holds the database lock), so concurrent writers chain one after another.

    Cheap under the write lock: everything but the chain link is computed before the head is read, and the
    append is one read of the head, one INSERT and one UPDATE of the head, joining the caller's transaction
    without a savepoint (an error rolls the caller's transaction back, as it must)."""
    return append(
        [event_fields(actor, action, obj, before, after, request, batch, region_code=region_code)]
    )[0]  # fmt: skip


def event_fields(
    actor: Any,
    action: str,
    obj: Any = None,
    before: Any = None,
    after: Any = None,
    request: HttpRequest | None = None,
    batch: dict[str, Any] | None = None,
    *,
    region_code: str | None = None,
) -> dict[str, Any]:
    """An event's fields but its place in the chain (sequence, time, previous hash), for `append()`."""
    object_type, object_id, object_repr, obj_region = _object_ref(obj)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return {
        "seq": 0,
        "created_at": None,
        "actor_id": actor_obj.pk if actor_obj is not None else None,
        "actor_name": _actor_name(actor_obj),
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "region_code": region_code if region_code is not None else obj_region,
        "before": as_json_value(before),
        "after": as_json_value(after),
        "batch": as_json_value(batch),
        "request_id": str(getattr(request, "request_id", "") or ""),
        "ip": client_ip(request),
        "prev_hash": GENESIS,
    }


def append(pending: list[dict[str, Any]]) -> list[AuditEvent]:
    """Chain events (from `event_fields()`) in order behind the head: one head read, one INSERT for all of
    them, one head update. Several user writes committed together (incidents.actions.group_commit) each keep
    their own event, exactly as if they had been recorded one by one."""
    using = router.db_for_write(AuditEvent)
    events = []
    with transaction.atomic(using=using, savepoint=False):
        seq, prev_hash = _lock_head(using)
        prev_hash, now = prev_hash or GENESIS, timezone.now()
        for fields in pending:
            seq += 1
            fields = dict(fields, seq=seq, prev_hash=prev_hash, created_at=now)
            event = AuditEvent(**fields, hash=event_hash(dict(fields, created_at=_plain(now))))
            events.append(event)
            prev_hash = event.hash
        AuditEvent.objects.using(using).bulk_create(events)
        _move_head(using, seq, prev_hash)
    return events


def record_batch(
    actor: Any,
    action: str,
    *,
    object_type: str,
    job_id: str,
    counts: dict[str, int],
    checksum: str = "",
    request: HttpRequest | None = None,
    region_code: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """One event for a batch (an import, an index run): job id, row counts and a checksum, not one per row."""
    batch = {"job_id": job_id, "counts": counts, "checksum": checksum, **(details or {})}
    return record(actor, action, object_type, request=request, batch=batch, region_code=region_code)


@dataclass
class VerifyResult:
    ok: bool
    count: int
    broken_id: int | None = None
    broken_seq: int | None = None
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "count": self.count, "broken_event_id": self.broken_id,
                "broken_seq": self.broken_seq, "reason": self.reason}  # fmt: skip


def _events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)


def verify_chain() -> VerifyResult:
    """Walk every event in order: its hash must match its content and link to the previous event, sequence
    numbers must have no gap, and the last event must be the chain head."""
    previous_hash, expected_seq, count = GENESIS, 1, 0
    for event in _events():
        broken = None
        if event.seq != expected_seq:
            broken = f"sequence {event.seq} follows {expected_seq - 1}: events are missing"
        elif event.prev_hash != previous_hash:
            broken = "its previous-hash does not match the event before it"
        elif event_hash(_fields_of(event)) != event.hash:
            broken = "its hash does not match its content (altered after it was written)"
        if broken:
            return VerifyResult(False, count, event.pk, event.seq, broken)
        previous_hash, expected_seq, count = event.hash, expected_seq + 1, count + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash or GENESIS) if head else (0, GENESIS)
    if (head_seq, head_hash) != (count, previous_hash):
        return VerifyResult(False, count, None, head_seq, "the chain head does not match the last event "
                            "(events were removed from the end)")  # fmt: skip
    return VerifyResult(True, count)

