"""Signing and posting like a real SMS/WhatsApp gateway, for the webhook tests."""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.test import Client

from waspada.core.audit.models import AuditEvent
from waspada.incidents.intake.webhook_auth import signature
from waspada.incidents.models import Incident, IncidentSource, WebhookDelivery

SLUG = "sms-jabar"
URL = "/api/v1/intake/webhook/{slug}"


def message(**overrides: Any) -> dict[str, Any]:
    text = "Bentrok pendukung paslon di TPS 12 wilayah 32.73, dua orang luka."
    data: dict[str, Any] = {"id": "gw-0001", "text": text, "from": "+6281299990000"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def encode(payload: Any) -> bytes:
    return json.dumps(payload).encode("utf-8")


def post(secret: str, payload: Any = None, *, slug: str = SLUG, body: bytes | None = None,
         stamp: int | str | None = None, sign: str | None = None, headers: dict[str, str] | None = None,
         client: Client | None = None) -> Any:  # fmt: skip
    """POST a body signed with `secret` (or with `sign` as the signature header, or `headers` instead of both)."""
    raw = body if body is not None else encode(message() if payload is None else payload)
    timestamp = str(int(time.time()) if stamp is None else stamp)
    sent = headers if headers is not None else {
        "HTTP_X_WASPADA_TIMESTAMP": timestamp,
        "HTTP_X_WASPADA_SIGNATURE": sign if sign is not None else signature(secret, timestamp, raw),
    }  # fmt: skip
    if client is None:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # details in English; gateways get Indonesian
    return client.post(URL.format(slug=slug), raw, content_type="application/json", **sent)


def counts() -> dict[str, int]:
    """What a refused request must not change."""
    return {"incidents": Incident.objects.count(), "deliveries": WebhookDelivery.objects.count(),
            "sources": IncidentSource.objects.count(), "audit": AuditEvent.objects.count()}  # fmt: skip
