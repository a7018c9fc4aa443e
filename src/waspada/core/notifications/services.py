"""Writing to and reading the inbox. `notify` is the one way in: it stores one row per active recipient in one
transaction and, once that transaction commits, sends the e-mail copies through Django's mail settings
(EMAIL_BACKEND, with EMAIL_TIMEOUT bounding each attempt). Every row keeps its e-mail outcome (`email_status`):
a mail server that refuses leaves the inbox rows standing, marked failed with the error, and the worker's
`core.notification_email` job retries them with growing pauses (BACKOFF) until they go or are given up, which
is logged as an error and stays visible; a copy lost to a crash between commit and sending is picked up by the
same job. Nothing the caller does waits on a retry.

Every sender, the first one after the commit as well as the job, claims the rows it sends with a conditional
UPDATE (a lease in `email_next_at`, as alerts/webhooks.py claims deliveries), a small chunk at a time, sends only
while its lease holds, and saves each outcome as it happens under that lease: a slow mail server or a crash
mid-way never makes two senders send the same copy, nor a late save overwrite another's outcome."""

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
# Rows claimed (and leased) at a time; each copy is bounded by EMAIL_TIMEOUT, so a chunk fits well in its lease.
CLAIM_CHUNK = 20
_OUTCOME = ["email_status", "emailed", "emailed_at", "email_next_at", "email_attempts", "email_error"]


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
        if ids:  # claimed only while still as written: a retrying worker that took one first keeps it
            unclaimed = Q(email_status=EmailStatus.PENDING, email_next_at=now + PENDING_GRACE)
            transaction.on_commit(lambda: _send_emails(ids, unclaimed, now))
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


def _lease(now: dt.datetime) -> dt.datetime:
    # Unique enough to tell this claim from another's: a random microsecond offset (as retry_emails always did).
    return max(now, timezone.now()) + PENDING_GRACE + dt.timedelta(microseconds=secrets.randbelow(1_000_000))


def _claim(ids: list[int], free: Q, lease: dt.datetime) -> list[Notification]:
    """Take those of `ids` that still match `free` by moving their next attempt to `lease` (one conditional
    UPDATE): nobody else sends them before the lease runs out. Returns the rows taken."""
    Notification.objects.filter(free, pk__in=ids).update(email_next_at=lease)
    return list(Notification.objects.filter(pk__in=ids, email_next_at=lease).select_related("recipient").order_by("pk"))


def _save(row: Notification, lease: dt.datetime) -> None:
    """Store one row's outcome, only while this sender's claim on it stands."""
    if not Notification.objects.filter(pk=row.pk, email_next_at=lease).update(
        **{field: getattr(row, field) for field in _OUTCOME}
    ):
        log.warning("notification %s: its e-mail claim was lost before the outcome (%s) was saved", row.pk,
                    row.email_status)  # fmt: skip


def _send_emails(ids: list[int], free: Q, now: dt.datetime | None = None) -> tuple[int, int]:
    """Send the e-mail copies of stored notifications over one connection, one message at a time: claim them a
    chunk at a time (those of `ids` still matching `free`), send each only while the claim holds, and save each
    outcome at once. Returns (claimed, sent). Never raises for the mail server; a copy not reached stays claimed
    until its lease runs out, then the retry job takes it."""
    now = now or timezone.now()
    margin = dt.timedelta(seconds=(getattr(settings, "EMAIL_TIMEOUT", None) or 30) + 5)
    claimed = sent = 0
    connection: Any = None
    refused: BaseException | None = None  # the connection could not be opened: every claimed copy fails
    try:
        for start in range(0, len(ids), CLAIM_CHUNK):
            lease = _lease(now)
            rows = _claim(ids[start : start + CLAIM_CHUNK], free, lease)
            claimed += len(rows)
            if rows and connection is None and refused is None:
                try:
                    connection = mail.get_connection()
                    connection.open()
                except Exception as exc:  # the inbox rows stand; each copy is retried later
                    log.warning("opening the mail connection for notification e-mails failed: %s", exc)
                    connection, refused = None, exc
            for row in rows:
                if refused is not None:
                    _failed(row, refused, now)
                elif timezone.now() + margin >= lease:
                    log.warning("notification %s: e-mail claim ran out before sending; left for the retry job", row.pk)
                    continue
                else:
                    sent += _attempt(connection, row, now)
                _save(row, lease)
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - the messages are recorded already
                log.warning("closing the mail connection failed", exc_info=True)
    return claimed, sent


def _attempt(connection: Any, row: Notification, now: dt.datetime) -> int:
    """Send one copy and set its outcome on the row; 1 when sent."""
    if not (row.recipient.email or "").strip():
        row.email_status, row.email_next_at = EmailStatus.NO_ADDRESS, None
        return 0
    try:
        ok = connection.send_messages([_message(row)])
    except Exception as exc:  # noqa: BLE001 - one refused copy must not stop the others
        _failed(row, exc, now)
        return 0
    if not ok:
        _failed(row, RuntimeError("the mail backend accepted nothing"), now)
        return 0
    row.email_status, row.emailed, row.emailed_at, row.email_next_at = EmailStatus.SENT, True, timezone.now(), None
    row.email_attempts += 1
    row.email_error = ""
    return 1


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
        claimed, done = _send_emails(ids, due, now)
        if not claimed:  # another worker took them all
            break
        tried, sent = tried + claimed, sent + done
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
