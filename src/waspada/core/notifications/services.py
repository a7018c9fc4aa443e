"""Writing to and reading the inbox. `notify` is the one way in: it stores one row per active recipient in one
transaction and, once that transaction commits, sends the e-mail copies through Django's mail settings
(EMAIL_BACKEND; a mail server that refuses leaves the inbox rows standing, marked not e-mailed)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from waspada.core.notifications.models import Notification

log = logging.getLogger(__name__)


def _check_link(link: str) -> None:
    # A path inside Waspada only: the inbox renders it as a link, so no other site and no javascript: URL.
    if link and (not link.startswith("/") or link.startswith("//") or "\\" in link):
        raise ValueError(f"Notification link must be a path inside Waspada (starting with one /), not {link!r}.")


def notify(users: Iterable[Any], kind: str, title: str, body: str = "", link: str = "", *,
           email: bool = False) -> list[Notification]:  # fmt: skip
    """One inbox row per active user in `users` (all written or none), and with email=True an e-mail copy to
    each who has an address, sent after the rows commit. Returns the stored rows."""
    if not kind or not title.strip():
        raise ValueError("A notification needs a kind and a title.")
    if len(title) > Notification._meta.get_field("title").max_length:  # type: ignore[operator]
        raise ValueError("Notification title is longer than 200 characters.")
    _check_link(link)
    recipients = {user.pk: user for user in users if getattr(user, "is_active", False)}
    now = timezone.now()
    with transaction.atomic():
        rows = Notification.objects.bulk_create(
            [Notification(recipient=user, kind=kind, title=title, body=body, link=link, created_at=now)
             for user in recipients.values()])  # fmt: skip
        if email:
            ids = [row.pk for row in rows]
            transaction.on_commit(lambda: _send_emails(ids))
    return rows


def _absolute(link: str) -> str:
    base = getattr(settings, "WASPADA_SITE_URL", "") or f"https://{settings.ALLOWED_HOSTS[0]}"
    return base.rstrip("/") + link


def _send_emails(ids: list[int]) -> int:
    """The e-mail copies of stored notifications; returns how many were sent."""
    rows = list(Notification.objects.filter(pk__in=ids).exclude(recipient__email="").select_related("recipient"))
    messages = []
    for row in rows:
        text = row.body + (f"\n\n{_absolute(row.link)}" if row.link else "")
        messages.append(mail.EmailMessage(subject=row.title, body=text, to=[row.recipient.email]))
    if not messages:
        return 0
    try:
        sent = mail.get_connection().send_messages(messages) or 0
    except Exception:  # the inbox rows stand; the mail server's trouble goes to the log
        log.exception("sending %d notification e-mails failed", len(messages))
        return 0
    if sent == len(rows):
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed=True)
    return sent


def inbox(user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads another's inbox)."""
    return Notification.objects.filter(recipient_id=user.pk)


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return inbox(user).filter(read_at__isnull=True).count()


def mark_read(user: Any, pk: int | None = None) -> int:
    """Mark one of the user's notifications read (pk), or all of them; returns how many changed. Another
    user's notification is simply not found (0)."""
    unread = inbox(user).filter(read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
