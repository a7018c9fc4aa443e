"""Gateway intake (SMS/WhatsApp, issue 6): the channels allowed to post, and every accepted delivery.

A delivery row is written before the answer goes out, so an accepted message is never lost: turning it into
an incident happens after, and a failed attempt leaves the row for a retry."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.incidents.models.incident import Incident


class IntakeChannel(models.Model):
    slug = models.SlugField(_("channel"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # The HMAC secret, Fernet-encrypted with the field keys (waspada.incidents.crypto).
    secret_enc = models.TextField(editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("intake channel")
        verbose_name_plural = _("intake channels")

    def __str__(self) -> str:
        return self.slug


class DeliveryStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted, waiting to be processed")
    PROCESSED = "processed", _("Incident created")
    FAILED = "failed", _("Processing failed (will be retried)")


class WebhookDelivery(models.Model):
    channel = models.ForeignKey(IntakeChannel, on_delete=models.PROTECT, related_name="deliveries")
    delivery_id = models.CharField(_("delivery id"), max_length=200)
    sent_at = models.DateTimeField(_("signed at"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    # The raw JSON body, Fernet-encrypted: it carries the sender's number (an informant contact).
    payload_enc = models.TextField(editable=False)
    status = models.CharField(_("status"), max_length=12, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.ACCEPTED, db_index=True)  # fmt: skip
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("gateway delivery")
        verbose_name_plural = _("gateway deliveries")
        constraints = [
            models.UniqueConstraint(fields=["channel", "delivery_id"], name="incidents_delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}:{self.delivery_id}"
