"""Outbound signed webhooks: `publish` stores one delivery per matching subscription inside the caller's
transaction (so an event and its notifications stand or fall together), and the worker's `deliver_due` sends
them, retrying a failing receiver with growing pauses. A receiver that is down never blocks the run that
published, and no message is dropped: after MAX_ATTEMPTS it stays in the log as given up, resendable.

Signed as the intake's webhook is (incidents/intake/webhook_auth.py), so one verifier serves both directions:

    X-Waspada-Timestamp: <Unix seconds>
    X-Waspada-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the subscription's secret>
    X-Waspada-Delivery:  <delivery id: the same on every retry, so a receiver can drop repeats>
    X-Waspada-Event:     <event kind, e.g. alert.raised>
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from waspada.alerts.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from waspada.core.scope import code_within
from waspada.incidents import crypto
from waspada.incidents.intake.webhook_auth import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature

log = logging.getLogger("waspada.alerts.webhooks")

DELIVERY_HEADER = "X-Waspada-Delivery"
EVENT_HEADER = "X-Waspada-Event"
# Pause after the n-th failed attempt: 1 min, 5 min, 15 min, 1 h, 3 h, then every 6 h; given up after 10 tries
# (about a day and a half), kept in the log.
BACKOFF = [dt.timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 360, 360, 360, 360)]
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT_S = 5.0
LEASE = dt.timedelta(minutes=2)  # longer than a batch can take: TIMEOUT_S per request, SENDERS at a time
SENDERS = 8
BATCH = 500


def publish(kind: str, data: Mapping[str, Any], *, region_code: str = "", level: str = "",
            only: Iterable[WebhookSubscription] | None = None, alert: Any = None) -> int:  # fmt: skip
    """Queue `data` for every active subscription that wants this kind, level and region; returns how many.

    Call inside the transaction that made the event. A subscription covers a region when its scope is national
    or the region lies within it; an event with no region reaches national subscriptions only. `alert`: the
    alert the event is about, kept on each delivery for the alert's notification log."""
    candidates = only if only is not None else WebhookSubscription.objects.filter(is_active=True)
    rows = [
        WebhookDelivery(subscription=sub, kind=kind, region_code=region_code, level=level, payload=dict(data),
                        alert=alert)
        for sub in candidates
        if wants(sub, kind, region_code, level)
    ]
    WebhookDelivery.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def wants(sub: WebhookSubscription, kind: str, region_code: str, level: str) -> bool:
    if sub.kinds and kind not in sub.kinds:
        return False
    if sub.levels and level not in sub.levels:
        return False
    return not sub.scope_code or code_within(region_code, sub.scope_code)


def body_of(delivery: WebhookDelivery) -> bytes:
    envelope = {"id": str(delivery.id), "kind": delivery.kind, "region": delivery.region_code or None,
                "level": delivery.level or None, "created_at": delivery.created_at.isoformat(),
                "data": delivery.payload}  # fmt: skip
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would resend a signed body somewhere the subscriber never named: treat it as a failure.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


@dataclass
class Outcome:
    delivery_id: Any
    status_code: int | None
    error: str

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def send(delivery: WebhookDelivery, secret: str) -> Outcome:
    body = body_of(delivery)
    stamp = str(int(time.time()))
    # The scheme was checked when the subscription was made (services._check: http or https only).
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "Waspada-Webhook/1",
               TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: signature(secret, stamp, body),
               DELIVERY_HEADER: str(delivery.id), EVENT_HEADER: delivery.kind}  # fmt: skip
    request = urllib.request.Request(delivery.subscription.url, data=body, method="POST", headers=headers)  # noqa: S310
    try:
        with _opener.open(request, timeout=TIMEOUT_S) as response:
            response.read(1024)
            return Outcome(delivery.id, response.status, "")
    except urllib.error.HTTPError as exc:
        return Outcome(delivery.id, exc.code, f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Outcome(delivery.id, None, str(reason)[:300] or type(exc).__name__)


def _claim(now: dt.datetime, limit: int) -> list[WebhookDelivery]:
    """Take up to `limit` due deliveries for this worker: a conditional UPDATE, so concurrent workers split them."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    due = WebhookDelivery.objects.filter(free, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    ids = list(due.order_by("next_attempt_at").values_list("id", flat=True)[:limit])
    if not ids:
        return []
    token = secrets.token_hex(16)
    WebhookDelivery.objects.filter(free, id__in=ids, status=DeliveryStatus.PENDING).update(
        claim=token, claimed_until=now + LEASE)
    return list(WebhookDelivery.objects.filter(claim=token).select_related("subscription"))


def _record(delivery: WebhookDelivery, outcome: Outcome, now: dt.datetime) -> str:
    delivery.attempts += 1
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error
    delivery.claim, delivery.claimed_until = "", None
    if outcome.ok:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, now
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.GAVE_UP
    else:
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    return str(delivery.status)


_OUTCOME_FIELDS = ["attempts", "last_status_code", "last_error", "claim", "claimed_until", "status", "delivered_at",
                   "next_attempt_at"]  # fmt: skip


def deliver_due(now: dt.datetime | None = None, limit: int = BATCH) -> str:
    """Send what is due, SENDERS at a time; returns a line for the scheduler's log. Never raises for a receiver."""
    now = now or timezone.now()
    counts = {DeliveryStatus.DELIVERED: 0, DeliveryStatus.PENDING: 0, DeliveryStatus.GAVE_UP: 0}
    while batch := _claim(now, limit):
        keys = {d.subscription_id: crypto.decrypt(d.subscription.secret_enc) for d in batch}
        with ThreadPoolExecutor(max_workers=SENDERS) as pool:
            outcomes = list(pool.map(send, batch, [keys[d.subscription_id] for d in batch]))
        for delivery, outcome in zip(batch, outcomes, strict=True):
            counts[DeliveryStatus(_record(delivery, outcome, now))] += 1
            if not outcome.ok:
                log.warning("webhook %s to %s failed: %s", delivery.id, delivery.subscription.url, outcome.error)
        WebhookDelivery.objects.bulk_update(batch, _OUTCOME_FIELDS)
        if len(batch) < limit:
            break
    return (f"delivered {counts[DeliveryStatus.DELIVERED]}, retrying {counts[DeliveryStatus.PENDING]}, "
            f"given up {counts[DeliveryStatus.GAVE_UP]}")  # fmt: skip
