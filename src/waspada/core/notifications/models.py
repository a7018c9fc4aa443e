"""The in-app notification inbox: one row per message to one user (reminders now, alerts later)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    """What became of a notification's e-mail copy (the log of who was told, by which channel)."""

    NONE = "", _("Not requested")
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("E-mail sent")
    FAILED = "failed", _("E-mail failed, will be retried")
    GAVE_UP = "gave_up", _("E-mail failed repeatedly, given up")
    NO_ADDRESS = "no_address", _("No e-mail address")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                                  verbose_name=_("recipient"))  # fmt: skip
    kind = models.CharField(_("kind"), max_length=64, db_index=True)  # e.g. "monitoring.reminder", "alerts.new"
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)  # a path inside Waspada
    created_at = models.DateTimeField(_("time"), db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed = models.BooleanField(_("sent by e-mail"), default=False)
    # The e-mail copy's outcome: sent at once after the rows commit; a failure is retried by the worker
    # (`core.notification_email`, services.BACKOFF) and kept here with its last error.
    email_status = models.CharField(_("e-mail"), max_length=10, choices=EmailStatus.choices, blank=True,
                                    default=EmailStatus.NONE)  # fmt: skip
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_next_at = models.DateTimeField(_("next e-mail attempt"), null=True, blank=True)
    email_error = models.CharField(_("last e-mail error"), max_length=300, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        app_label = "core"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="core_notif_unread"),
            models.Index(fields=["email_status", "email_next_at"], name="core_notif_email_due"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title
