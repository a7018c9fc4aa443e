"""Retention of informant personal data (UU 27/2022 on personal data protection; docs/security.md, Retention):
`waspada informants purge --older-than DAYS [--dry-run]`.

What is erased, for data collected more than DAYS ago:
- an incident source's informant name and contact (both Fernet-encrypted; emptied, so the source becomes one
  without an identity; its keyed independence key stays, so corroboration counts do not change);
- the sender's number (`from`) inside a processed gateway delivery's stored body. Deliveries not yet turned into
  an incident keep it: the report must not be lost before it is written.
The incident, its narrative and the rest of the source stay. The run is one transaction and one audit event
(counts and the cut-off, never the erased values); a dry run counts the same rows and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from waspada.core.audit import record_batch
from waspada.incidents import crypto
from waspada.incidents.models import DeliveryStatus, IncidentSource, WebhookDelivery

MAX_DAYS = 36500  # a hundred years: anything longer is a typing mistake
SENDER_KEYS = ("from", "sender", "name")  # what in a gateway body identifies the person who sent it
BATCH = 500

Progress = Callable[[Iterable[Any], int, str], Iterator[Any]]


@dataclass(frozen=True)
class PurgeResult:
    older_than_days: int
    dry_run: bool
    sources: int
    deliveries: int

    def as_dict(self) -> dict[str, Any]:
        return {"older_than_days": self.older_than_days, "dry_run": self.dry_run, "sources": self.sources,
                "deliveries": self.deliveries}  # fmt: skip


def _no_progress(items: Iterable[Any], total: int, desc: str) -> Iterator[Any]:
    yield from items


def check_days(days: int) -> None:
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"--older-than must be between 1 and {MAX_DAYS} days (got {days}).")


def _old_sources(cutoff: dt.datetime) -> Any:
    with_identity = ~Q(informant_name_enc="") | ~Q(informant_contact_enc="")
    return IncidentSource.objects.filter(with_identity, created_at__lt=cutoff).order_by("pk")


def _old_deliveries(cutoff: dt.datetime) -> list[WebhookDelivery]:
    """Processed deliveries older than the cut-off whose stored body still names its sender."""
    rows = WebhookDelivery.objects.filter(status=DeliveryStatus.PROCESSED, received_at__lt=cutoff).order_by("pk")
    return [row for row in rows.only("pk", "payload_enc") if _sender_keys(row)]


def _sender_keys(delivery: WebhookDelivery) -> list[str]:
    try:
        body = json.loads(crypto.decrypt(delivery.payload_enc))
    except Exception:  # noqa: BLE001 - an unreadable body carries nothing this purge could erase
        return []
    return [key for key in SENDER_KEYS if isinstance(body, dict) and key in body]


def purge_informants(days: int, *, dry_run: bool = False, progress: Progress = _no_progress) -> PurgeResult:
    check_days(days)
    cutoff = timezone.now() - dt.timedelta(days=days)
    with transaction.atomic():
        sources = _old_sources(cutoff)
        deliveries = _old_deliveries(cutoff)
        if dry_run:
            return PurgeResult(days, True, sources.count(), len(deliveries))
        ids = list(sources.values_list("pk", flat=True))
        for start in progress(range(0, len(ids), BATCH), (len(ids) + BATCH - 1) // BATCH, "sources"):
            IncidentSource.objects.filter(pk__in=ids[start : start + BATCH]).update(
                informant_name_enc="", informant_contact_enc="")  # fmt: skip
        for delivery in progress(deliveries, len(deliveries), "deliveries"):
            body = json.loads(crypto.decrypt(delivery.payload_enc))
            for key in SENDER_KEYS:
                body.pop(key, None)
            delivery.payload_enc = crypto.encrypt(json.dumps(body))
        WebhookDelivery.objects.bulk_update(deliveries, ["payload_enc"], batch_size=BATCH)
        result = PurgeResult(days, False, len(ids), len(deliveries))
        record_batch(None, "incidents.informants.purge", object_type="incidents.incidentsource",
                     job_id=uuid.uuid4().hex, counts={"sources": result.sources, "deliveries": result.deliveries},
                     details={"older_than_days": days, "cutoff": cutoff.isoformat()})  # fmt: skip
    return result
