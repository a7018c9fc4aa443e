"""Accepting gateway deliveries and turning them into incidents, each exactly once (issue 6).

Never lose an accepted message: `accept` commits the delivery row (payload Fernet-encrypted: it carries the
sender's number) in its own transaction before the route answers. Only then does `process` turn it into an
incident, in a second transaction; if that fails the delivery stays, marked failed with the error and the
attempt counted, and `waspada intake process` retries it later.

Why in the request and not a background task: processing takes a few milliseconds once the place resolver is
loaded, an office install may run no worker at all, and the gateway learns the incident id at once. The one slow
answer is the first message a web process handles: it builds the gazetteer from the reference data (2-6 s on
the full data); a gateway that times out meanwhile resends the same id and gets 200 with the original result.

Exactly once: `process` re-reads the delivery under a lock (PostgreSQL: SELECT FOR UPDATE; SQLite: the
IMMEDIATE write transaction) and creates the incident in the same transaction that marks it processed, so a
request and a concurrent `intake process` never make two incidents of one message.

Repeated delivery ids (the unique constraint (channel, delivery_id), so across processes and restarts too):
the same id with the same body is a gateway retrying because it lost our answer; it gets 200 with the original
result and nothing is written (answering 409 would make many gateways log a failure or retry forever). The same
id with another body is refused with 409: that is a different message or a tampered replay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.audit import record_batch
from waspada.incidents import crypto
from waspada.incidents.actions.create import GatewayActor, create_gateway_report
from waspada.incidents.errors import Conflict, Invalid
from waspada.incidents.intake import gateway_report, webhook_message
from waspada.incidents.intake.webhook_auth import SignedRequest
from waspada.incidents.intake.webhook_message import GatewayMessage
from waspada.incidents.models import DeliveryStatus, WebhookDelivery

MAX_ERROR = 2000
log = logging.getLogger("waspada.intake")


@dataclass(frozen=True)
class Receipt:
    delivery: WebhookDelivery
    replayed: bool


def _stored_payload(delivery: WebhookDelivery) -> Any:
    return json.loads(crypto.decrypt(delivery.payload_enc))


def _repeat(channel_id: int, message: GatewayMessage) -> Receipt | None:
    existing = WebhookDelivery.objects.filter(channel_id=channel_id, delivery_id=message.delivery_id).first()
    if existing is None:
        return None
    if _stored_payload(existing) != message.payload:
        raise Conflict({"id": _("Delivery id %(id)s was already used for another message on this channel; give "
                                "every message its own id.") % {"id": message.delivery_id}})  # fmt: skip
    return Receipt(existing, replayed=True)


def accept(signed: SignedRequest, message: GatewayMessage) -> Receipt:
    """Store a signed message (committed when this returns), or recognise a repeat of one already stored."""
    repeat = _repeat(signed.channel.pk, message)
    if repeat is not None:
        return repeat
    delivery = WebhookDelivery(
        channel=signed.channel, delivery_id=message.delivery_id,
        sent_at=dt.datetime.fromtimestamp(signed.timestamp, tz=dt.UTC),
        payload_enc=crypto.encrypt(signed.body.decode("utf-8")),
    )  # fmt: skip
    try:
        with transaction.atomic():
            delivery.save(force_insert=True)
    except IntegrityError:
        repeat = _repeat(signed.channel.pk, message)  # a concurrent copy was stored first
        if repeat is None:
            raise
        return repeat
    return Receipt(delivery, replayed=False)


def _create_once(delivery: WebhookDelivery, plan: gateway_report.ReportPlan) -> WebhookDelivery:
    actor = GatewayActor(channel=delivery.channel.slug, delivery=delivery.delivery_id)
    with transaction.atomic():
        locked = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        if locked.status == DeliveryStatus.PROCESSED:
            return locked  # another request or `intake process` got there first
        try:
            incident = create_gateway_report(actor, plan.data, location_note=plan.note,
                                             review_reason=plan.review_reason).incident
        except Invalid as error:  # validation runs before any write, so retrying here is safe
            if not set(error.errors) & set(gateway_report.LOCATION_KEYS):
                raise
            plan = gateway_report.without_location(plan, error.errors)
            incident = create_gateway_report(actor, plan.data, location_note=plan.note,
                                             review_reason=plan.review_reason).incident
        locked.status, locked.incident, locked.error = DeliveryStatus.PROCESSED, incident, ""
        locked.attempts, locked.last_attempt_at = locked.attempts + 1, timezone.now()
        locked.save(update_fields=["status", "incident", "error", "attempts", "last_attempt_at"])
    return locked


def process(delivery: WebhookDelivery) -> WebhookDelivery:
    """Make the delivery's incident unless it has one; on any failure keep it (failed, error, attempt counted)."""
    if delivery.status == DeliveryStatus.PROCESSED:
        return delivery
    try:
        message = webhook_message.parse(crypto.decrypt(delivery.payload_enc).encode("utf-8"))
        plan = gateway_report.plan_report(message, delivery.channel, delivery.received_at,
                                          gateway_report.analyse(message.text))  # fmt: skip
        return _create_once(delivery, plan)
    except Exception as exc:  # noqa: BLE001 - whatever breaks, the accepted message must stay for a retry
        log.exception("gateway delivery %s could not be processed", delivery.pk)
        error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR]
        WebhookDelivery.objects.filter(pk=delivery.pk).exclude(status=DeliveryStatus.PROCESSED).update(
            status=DeliveryStatus.FAILED, attempts=F("attempts") + 1, error=error, last_attempt_at=timezone.now()
        )
        delivery.refresh_from_db()
        return delivery


def pending() -> list[int]:
    """Deliveries still without their incident (accepted or failed), oldest first."""
    rows = WebhookDelivery.objects.exclude(status=DeliveryStatus.PROCESSED).order_by("received_at", "pk")
    return list(rows.values_list("pk", flat=True))


RETRY_LIMIT = 6  # automatic attempts; after them a delivery waits for `waspada intake process` or the admin


def due_for_retry(now: dt.datetime | None = None) -> list[int]:
    """Deliveries the worker's housekeeping retries by itself: not processed, fewer than RETRY_LIMIT attempts,
    and 2^attempts minutes (1, 2, 4 ... 32) after the last attempt (or the receipt), so a message that keeps
    failing backs off over about an hour, and a request still processing its own delivery is not raced."""
    now = now or timezone.now()
    rows = (WebhookDelivery.objects.exclude(status=DeliveryStatus.PROCESSED).filter(attempts__lt=RETRY_LIMIT)
            .order_by("received_at", "pk").values_list("pk", "attempts", "received_at", "last_attempt_at"))  # fmt: skip
    return [pk for pk, tries, received, last in rows if (last or received) <= now - dt.timedelta(minutes=2**tries)]


def retry_due() -> int:
    """The housekeeping job: retry what is due; returns how many became incidents."""
    ids = due_for_retry()
    return process_pending(ids)["processed"] if ids else 0


def process_pending(ids: list[int] | None = None, wrap: Callable[[Iterable[int]], Iterable[int]] | None = None,
                    actor: Any = None) -> dict[str, int]:  # fmt: skip
    """Retry every unprocessed delivery (`waspada intake process`), or those of `ids`; one audit event for the
    run (`actor`: the admin user retrying from the admin; the CLI has none)."""
    ids = pending() if ids is None else ids
    counts = {"pending": len(ids), "processed": 0, "failed": 0}
    done: list[str] = []
    for pk in wrap(ids) if wrap is not None else ids:
        delivery = WebhookDelivery.objects.select_related("channel").filter(pk=pk).first()
        if delivery is None:
            continue
        result = process(delivery)
        if result.status == DeliveryStatus.PROCESSED:
            counts["processed"] += 1
            done.append(f"{pk}:{result.incident_id}")
        else:
            counts["failed"] += 1
    if ids:
        checksum = hashlib.sha256(",".join(done).encode("ascii")).hexdigest()
        record_batch(actor, "intake.process", object_type="incidents.webhookdelivery", job_id=uuid.uuid4().hex,
                     counts=counts, checksum=checksum)  # fmt: skip
    return counts


def answer(delivery: WebhookDelivery, *, replayed: bool = False) -> dict[str, Any]:
    """What the gateway gets back: our delivery number, its id, where it stands and the incident when made."""
    return {"delivery": delivery.pk, "id": delivery.delivery_id, "status": delivery.status,
            "incident": delivery.incident_id, "replayed": replayed}  # fmt: skip
