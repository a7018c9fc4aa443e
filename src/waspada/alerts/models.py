"""Outbound webhooks (issue 18, Notifications): a subscription names a receiver and what it wants to hear about;
each message to it is one delivery row, kept with every attempt, so nothing is lost while a receiver is down and
there is a record of who was told what."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.core.scope import ScopedQuerySet, ScopeSpec


class WebhookSubscription(models.Model):
    """A receiver (a WhatsApp or Telegram gateway, another agency's system) and its filters.

    scope_code: the region the subscription covers (its owner's scope or inside it; empty = national).
    levels / kinds: only these alert levels and event kinds; an empty list means all of them.
    """

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("address"), max_length=500)
    secret_enc = models.TextField(editable=False)  # Fernet-encrypted; the signing needs it in clear
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("owner"))  # fmt: skip
    scope_code = models.CharField(_("region"), max_length=16, blank=True, db_index=True)
    province_code = models.CharField(_("province code"), max_length=2, blank=True, db_index=True)
    kabkota_code = models.CharField(_("regency/city code"), max_length=5, blank=True, db_index=True)
    levels = models.JSONField(_("alert levels"), default=list, blank=True)
    kinds = models.JSONField(_("event kinds"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_spec = ScopeSpec(region="scope_code", province="province_code", kabkota="kabkota_code")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    GAVE_UP = "gave_up", _("Given up after repeated failures")


class WebhookDelivery(models.Model):
    """One message to one subscription, with the outcome of its last attempt."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # sent as X-Waspada-Delivery
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("event kind"), max_length=64)
    region_code = models.CharField(_("region"), max_length=16, blank=True)
    level = models.CharField(_("level"), max_length=16, blank=True)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)  # fmt: skip
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # A worker holds a batch until this time (conditional UPDATE), so two workers never send the same row.
    claim = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="alerts_delivery_due")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.subscription_id} ({self.status})"
