"""Gateway channels (SMS/WhatsApp, issue 6): who may post to /api/v1/intake/webhook/{channel}, with what secret.

A channel's HMAC secret is shown once, when made or rotated (`waspada intake channel-add|channel-rotate`); it is
stored Fernet-encrypted with the field keys (the server must read it back to check signatures, so a one-way
hash will not do). Rotation replaces it at once: a leaked secret stops working the moment it is rotated.
Every change records one audit event, never the secret.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from waspada.core.audit import record
from waspada.incidents import crypto
from waspada.incidents.models import DeliveryStatus, IntakeChannel

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
SECRET_BYTES = 32  # 256 bits, as long as the SHA-256 block needs to gain nothing from more


class ChannelError(ValueError):
    """A bad slug or name, an unknown channel or one that already exists (the CLI's exit 2)."""


@dataclass(frozen=True)
class NewSecret:
    channel: IntakeChannel
    secret: str


def _new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def secret_of(channel: IntakeChannel) -> str:
    return crypto.decrypt(channel.secret_enc)


def active_channel(slug: str) -> IntakeChannel | None:
    """The channel a webhook may post to: known and enabled; None otherwise (the caller answers 404)."""
    if not SLUG.match(slug):
        return None
    return IntakeChannel.objects.filter(slug=slug, is_active=True).first()


def _get(slug: str) -> IntakeChannel:
    channel = IntakeChannel.objects.filter(slug=slug).first()
    if channel is None:
        raise ChannelError(_("No gateway channel %(slug)s.") % {"slug": slug})
    return channel


def add_channel(slug: str, name: str) -> NewSecret:
    slug, name = slug.strip(), name.strip()
    if not SLUG.match(slug):
        raise ChannelError(_("Use 1 to 40 lower-case letters, digits and hyphens for the channel (e.g. sms-jabar)."))
    if not name or len(name) > 100:
        raise ChannelError(_("Give the channel a name of 1 to 100 characters."))
    secret = _new_secret()
    try:
        with transaction.atomic():
            channel = IntakeChannel.objects.create(slug=slug, name=name, secret_enc=crypto.encrypt(secret))
            record(None, "intake.channel_add", channel, after={"slug": slug, "name": name, "is_active": True})
    except IntegrityError:
        raise ChannelError(_("Channel %(slug)s already exists; rotate its secret instead.") % {"slug": slug}) from None
    return NewSecret(channel, secret)


def rotate_secret(slug: str) -> NewSecret:
    secret = _new_secret()
    with transaction.atomic():
        channel = _get(slug)
        channel.secret_enc = crypto.encrypt(secret)
        channel.save(update_fields=["secret_enc"])
        record(None, "intake.channel_rotate", channel, after={"slug": slug})
    return NewSecret(channel, secret)


def set_active(slug: str, active: bool, actor: Any = None) -> IntakeChannel:
    """Enable or disable a channel; `actor` is the admin user when done from the admin (the CLI: none)."""
    with transaction.atomic():
        channel = _get(slug)
        before = channel.is_active
        channel.is_active = active
        channel.save(update_fields=["is_active"])
        record(actor, "intake.channel_enable" if active else "intake.channel_disable", channel,
               before={"is_active": before}, after={"is_active": active})  # fmt: skip
    return channel


def channel_summaries() -> list[dict[str, Any]]:
    """Every channel with its delivery counts, never its secret."""
    rows = IntakeChannel.objects.annotate(
        accepted=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.ACCEPTED)),
        processed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PROCESSED)),
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        last_received=Max("deliveries__received_at"),
    ).order_by("slug")
    return [
        {"slug": row.slug, "name": row.name, "active": row.is_active, "created_at": row.created_at.isoformat(),
         "deliveries": {"accepted": row.accepted, "processed": row.processed, "failed": row.failed},
         "last_received": row.last_received.isoformat() if row.last_received else None}
        for row in rows
    ]  # fmt: skip
