"""Writes to webhook subscriptions, each audited: create (the secret is shown once), disable, send a test."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext as _

from waspada.alerts import webhooks
from waspada.alerts.models import WebhookSubscription
from waspada.core.audit import record
from waspada.core.errors import DomainError
from waspada.core.scope import region_in_scope, scope_of
from waspada.incidents import crypto

# The alert levels of docs/early-warning (Normal is never sent: it is the absence of an alert).
LEVELS = ("waspada", "siaga", "awas")
# Event kinds a receiver can ask for; the early-warning issues add theirs here.
KINDS = ("alert.raised", "alert.level_changed", "alert.escalated", "alert.acknowledged", "alert.closed",
         "incident.status_changed", "digest.daily", "test.ping")  # fmt: skip


def Invalid(field: str, message: str) -> DomainError:  # noqa: N802 - reads as the exception it builds
    """A field the caller must fix (422 in the API, naming the field)."""
    return DomainError({field: message})


@dataclass(frozen=True)
class Created:
    subscription: WebhookSubscription
    secret: str  # shown once; stored only encrypted


def _check(user: Any, url: str, scope_code: str, levels: Sequence[str], kinds: Sequence[str]) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid("url", _("The address must be a full http:// or https:// URL."))
    if parts.username or parts.password:
        raise Invalid("url", _("Put no user name or password in the address: the signature authenticates."))
    if not region_in_scope(user, scope_code or None):
        raise Invalid("scope_code", _("Region %(code)s is outside your area.") % {"code": scope_code or "nasional"})
    for value in levels:
        if value not in LEVELS:
            raise Invalid("levels", _("Unknown alert level “%(value)s”.") % {"value": value})
    for value in kinds:
        if value not in KINDS:
            raise Invalid("kinds", _("Unknown event kind “%(value)s”.") % {"value": value})


def create_subscription(user: Any, *, name: str, url: str, scope_code: str | None = None,
                        levels: Sequence[str] = (), kinds: Sequence[str] = ()) -> Created:  # fmt: skip
    """A new receiver; scope defaults to the user's own region (national users: everything)."""
    if not name.strip():
        raise Invalid("name", _("Give the receiver a name."))
    scope = scope_of(user)
    code = scope_code if scope_code is not None else (scope.region_code or "")
    _check(user, url, code, levels, kinds)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        sub = WebhookSubscription.objects.create(
            name=name.strip(), url=url, secret_enc=crypto.encrypt(secret), owner=user, scope_code=code,
            province_code=code[:2], kabkota_code=code[:5] if len(code) >= 5 else "",
            levels=sorted(set(levels)), kinds=sorted(set(kinds)))  # fmt: skip
        record(user, "alerts.webhook_created", sub, after={"name": sub.name, "url": sub.url, "scope": code,
                                                           "levels": sub.levels, "kinds": sub.kinds})  # fmt: skip
    return Created(sub, secret)


def disable_subscription(user: Any, sub: WebhookSubscription) -> WebhookSubscription:
    """Stop sending (pending deliveries stay in the log and are not sent); the history is kept."""
    with transaction.atomic():
        if sub.is_active:
            sub.is_active = False
            sub.save(update_fields=["is_active"])
            record(user, "alerts.webhook_disabled", sub, before={"is_active": True}, after={"is_active": False})
    return sub


def send_test(user: Any, sub: WebhookSubscription) -> int:
    """Queue a `test.ping` to this receiver only, whatever its filters, so its owner can check the signature."""
    if not sub.is_active:
        raise Invalid("id", _("This receiver is disabled."))
    with transaction.atomic():
        payload = {"message": "Waspada test", "subscription": sub.pk, "requested_by": user.get_username()}
        webhooks.WebhookDelivery.objects.create(subscription=sub, kind="test.ping", region_code=sub.scope_code,
                                                payload=payload)  # fmt: skip
    return 1
