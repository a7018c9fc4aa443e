"""Writing to and reading the inbox. `notify` is the one way in: it stores one row per active recipient in one
transaction and, once that transaction commits, sends the e-mail copies through Django's mail settings
(EMAIL_BACKEND, with EMAIL_TIMEOUT bounding each attempt). Every row keeps its e-mail outcome (`email_status`):
a mail server that refuses leaves the inbox rows standing, marked failed with the error, and the worker's
`core.notification_email` job retries them with growing pauses (BACKOFF) until they go or are given up, which
is logged as an error and stays visible; a copy lost to a crash between commit and sending is picked up by the
same job. Nothing the caller does waits on a retry."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from waspada.core.notifications.models import EmailStatus, Notification

log = logging.getLogger(__name__)

# Pause after the n-th failed e-mail attempt: 1, 5, 15 minutes, 1 and 3 hours, then every 6 hours; given up
# after 8 attempts (about 19 hours), kept in the log as gave_up.
BACKOFF = [dt.timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 360, 360)]
MAX_EMAIL_ATTEMPTS = len(BACKOFF) + 1
# A copy still pending this long after its row was written was never tried (the process died after the commit):
# the retry job sends it. Also the lease a retrying worker holds on the rows it claimed.
PENDING_GRACE = dt.timedelta(minutes=5)
RETRY_BATCH = 200


def _check_link(link: str) -> None:
    # A path inside Waspada only: the inbox renders it as a link, so no other site and no javascript: URL.
    if link and (not link.startswith("/") or link.startswith("//") or "\\" in link):
        raise ValueError(f"Notification link must be a path inside Waspada (starting with one /), not {link!r}.")


def notify(users: Iterable[Any], kind: str, title: str, body: str = "", link: str = "", *,
           email: bool | Iterable[Any] = False) -> list[Notification]:  # fmt: skip
    """One inbox row per active user in `users` (all written or none), and an e-mail copy, sent after the rows
    commit, to each who has an address: every user with email=True, none with False, or those of the given
    users (or user ids) when `email` is a collection. Returns the stored rows."""
    if not kind or not title.strip():
        raise ValueError("A notification needs a kind and a title.")
    if len(title) > Notification._meta.get_field("title").max_length:  # type: ignore[operator]
        raise ValueError("Notification title is longer than 200 characters.")
    _check_link(link)
    recipients = {user.pk: user for user in users if getattr(user, "is_active", False)}
    now = timezone.now()
    wanted = _email_wanted(email, recipients)
    with transaction.atomic():
        rows = Notification.objects.bulk_create(
            [Notification(recipient=user, kind=kind, title=title, body=body, link=link, created_at=now,
                          **_email_fields(user, pk in wanted, now))
             for pk, user in recipients.items()])  # fmt: skip
        ids = [row.pk for row in rows if row.email_status == EmailStatus.PENDING]
        if ids:
            transaction.on_commit(lambda: _send_emails(ids))
    return rows


def _email_wanted(email: bool | Iterable[Any], recipients: dict[Any, Any]) -> set[Any]:
    if email is True:
        return set(recipients)
    if email is False:
        return set()
    return {getattr(item, "pk", item) for item in email}


def _email_fields(user: Any, wanted: bool, now: dt.datetime) -> dict[str, Any]:
    if not wanted:
        return {}
    if not (getattr(user, "email", "") or "").strip():
        return {"email_status": EmailStatus.NO_ADDRESS}
    return {"email_status": EmailStatus.PENDING, "email_next_at": now + PENDING_GRACE}


def _absolute(link: str) -> str:
    base = getattr(settings, "WASPADA_SITE_URL", "") or f"https://{settings.ALLOWED_HOSTS[0]}"
    return base.rstrip("/") + link


def _message(row: Notification) -> mail.EmailMessage:
    text = row.body + (f"\n\n{_absolute(row.link)}" if row.link else "")
    return mail.EmailMessage(subject=row.title, body=text, to=[row.recipient.email])


def _send_emails(ids: list[int]) -> int:
    """Send the e-mail copies of stored notifications over one connection, one message at a time, and record
    each outcome on its row; returns how many were sent. Never raises for the mail server."""
    rows = list(Notification.objects.filter(pk__in=ids).select_related("recipient"))
    if not rows:
        return 0
    now = timezone.now()
    sent = 0
    try:
        connection = mail.get_connection()
        connection.open()
    except Exception as exc:  # the inbox rows stand; each copy is retried later
        log.warning("opening the mail connection for %d notification e-mails failed: %s", len(rows), exc)
        for row in rows:
            _failed(row, exc, now)
    else:
        try:
            for row in rows:
                if not (row.recipient.email or "").strip():
                    row.email_status, row.email_next_at = EmailStatus.NO_ADDRESS, None
                    continue
                try:
                    ok = connection.send_messages([_message(row)])
                except Exception as exc:  # noqa: BLE001 - one refused copy must not stop the others
                    _failed(row, exc, now)
                    continue
                if ok:
                    row.email_status, row.emailed, row.emailed_at, row.email_next_at = EmailStatus.SENT, True, now, None
                    row.email_attempts += 1
                    row.email_error = ""
                    sent += 1
                else:
                    _failed(row, RuntimeError("the mail backend accepted nothing"), now)
        finally:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - the messages are recorded already
                log.warning("closing the mail connection failed", exc_info=True)
    Notification.objects.bulk_update(rows, ["email_status", "emailed", "emailed_at", "email_next_at", "email_attempts",
                                            "email_error"])  # fmt: skip
    return sent


def _failed(row: Notification, exc: BaseException, now: dt.datetime) -> None:
    row.email_attempts += 1
    row.email_error = (f"{type(exc).__name__}: {exc}")[:300]
    if row.email_attempts >= MAX_EMAIL_ATTEMPTS:
        row.email_status, row.email_next_at = EmailStatus.GAVE_UP, None
        log.error("notification %s: e-mail to %s given up after %d attempts: %s", row.pk, row.recipient.email,
                  row.email_attempts, row.email_error)  # fmt: skip
    else:
        row.email_status = EmailStatus.FAILED
        row.email_next_at = now + BACKOFF[row.email_attempts - 1]


def retry_emails(now: dt.datetime | None = None) -> str:
    """The worker's `core.notification_email` job: send the copies that failed (their pause over) or were never
    tried. Rows are claimed by a conditional UPDATE (the next attempt moved a lease ahead), so two workers never
    send the same copy at once. Returns a line for the scheduler's log, naming what was given up."""
    now = now or timezone.now()
    due = Q(email_status__in=[EmailStatus.FAILED, EmailStatus.PENDING], email_next_at__lte=now)
    sent = tried = 0
    while True:
        ids = list(
            Notification.objects.filter(due).order_by("email_next_at").values_list("pk", flat=True)[:RETRY_BATCH]
        )
        if not ids:
            break
        lease = now + PENDING_GRACE + dt.timedelta(microseconds=secrets.randbelow(1000))
        Notification.objects.filter(due, pk__in=ids).update(email_next_at=lease)
        claimed = list(Notification.objects.filter(pk__in=ids, email_next_at=lease).values_list("pk", flat=True))
        if not claimed:
            break
        tried += len(claimed)
        sent += _send_emails(claimed)
        if len(ids) < RETRY_BATCH:
            break
    gave_up = Notification.objects.filter(email_status=EmailStatus.GAVE_UP).count()
    return f"e-mails retried {tried}, sent {sent}, given up so far {gave_up}"


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
