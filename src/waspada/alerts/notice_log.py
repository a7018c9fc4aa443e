"""The alert's notification log ("Diberitahukan kepada …" on its page): every inbox message about it (the
handling office, subscribers, escalations, digests; core.Notification keeps recipient, time and the e-mail
outcome) and every webhook delivery of its events (alerts.WebhookDelivery keeps receiver, attempts, outcome)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from waspada.alerts.models import Alert, AlertNotice, NoticeRoute, WebhookDelivery
from waspada.core.notifications.models import EmailStatus

LIMIT = 300


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    who: str
    channel: str
    why: str
    kind: str
    outcome: str
    failed: bool


def entries(alert: Alert) -> list[Entry]:
    """Newest first, at most LIMIT of each source."""
    rows: list[Entry] = []
    notices = (AlertNotice.objects.filter(alert=alert).select_related("notification__recipient")
               .order_by("-notification__created_at")[:LIMIT])  # fmt: skip
    for notice in notices:
        note = notice.notification
        user = note.recipient
        name = user.get_full_name() or user.get_username()
        email = EmailStatus(note.email_status)
        channel = _("inbox") if email == EmailStatus.NONE else _("inbox and e-mail")
        outcome = _("in the inbox") if email == EmailStatus.NONE else str(email.label)
        if email == EmailStatus.FAILED and note.email_error:
            outcome += f" ({note.email_error})"
        rows.append(Entry(note.created_at, f"{name} ({user.get_username()})", channel,
                          str(NoticeRoute(notice.route).label), note.kind, outcome,
                          email in (EmailStatus.FAILED, EmailStatus.GAVE_UP)))  # fmt: skip
    deliveries = WebhookDelivery.objects.filter(alert=alert).select_related("subscription").order_by("-created_at")
    for delivery in deliveries[:LIMIT]:
        outcome = str(delivery.get_status_display())
        if delivery.last_error:
            outcome += f" ({delivery.last_error}, {delivery.attempts}×)"
        rows.append(Entry(delivery.delivered_at or delivery.created_at, delivery.subscription.name, _("webhook"),
                          _("Webhook subscription"), delivery.kind, outcome,
                          delivery.status == "gave_up" or bool(delivery.last_error)))  # fmt: skip
    rows.sort(key=lambda e: e.at, reverse=True)
    return rows
