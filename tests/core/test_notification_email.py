"""Notification e-mail never blocks or is lost: each copy's outcome is kept on its row; a refusing mail server
leaves it failed with the error and a next attempt, the worker's job sends it again after the pause, gives up
after MAX_EMAIL_ATTEMPTS (logged, kept), and picks up a copy never tried (a crash after the commit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from waspada.core import scheduler
from waspada.core.notifications import services
from waspada.core.notifications.models import EmailStatus, Notification
from waspada.core.notifications.services import notify

pytestmark = pytest.mark.django_db


class Refusing(EmailBackend):
    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def people(make_user: Any) -> dict[str, Any]:
    return {"ani": make_user("ani", email="ani@example.org"), "budi": make_user("budi", email="")}


def test_a_failed_copy_is_recorded_and_retried_after_its_pause(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch,
    mailoutbox: list[Any],
) -> None:  # fmt: skip
    monkeypatch.setattr(mail, "get_connection", lambda *a, **k: Refusing())
    with django_capture_on_commit_callbacks(execute=True):
        notify(people.values(), "x", "Judul", "Isi", email=True)
    ani = Notification.objects.get(recipient=people["ani"])
    assert (ani.email_status, ani.email_attempts, ani.emailed) == (EmailStatus.FAILED, 1, False)
    assert "mail server down" in ani.email_error and ani.email_next_at is not None
    assert Notification.objects.get(recipient=people["budi"]).email_status == EmailStatus.NO_ADDRESS
    monkeypatch.undo()
    assert "retried 0" in services.retry_emails(ani.email_next_at - dt.timedelta(seconds=1))  # still pausing
    assert "retried 1, sent 1" in services.retry_emails(ani.email_next_at)
    ani.refresh_from_db()
    assert (ani.email_status, ani.email_attempts, ani.emailed, ani.email_error) == (EmailStatus.SENT, 2, True, "")
    assert [m.to for m in mailoutbox] == [["ani@example.org"]]
    assert "retried 0" in services.retry_emails(timezone.now() + dt.timedelta(days=1))  # sent once only


def test_a_copy_that_keeps_failing_is_given_up_and_logged(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    monkeypatch.setattr(mail, "get_connection", lambda *a, **k: Refusing())
    with django_capture_on_commit_callbacks(execute=True):
        notify([people["ani"]], "x", "Judul", email=True)
    now = timezone.now()
    for _ in range(services.MAX_EMAIL_ATTEMPTS - 1):
        now += dt.timedelta(hours=7)
        services.retry_emails(now)
    row = Notification.objects.get()
    assert (row.email_status, row.email_attempts, row.email_next_at) == (
        EmailStatus.GAVE_UP,
        services.MAX_EMAIL_ATTEMPTS,
        None,
    )
    assert "given up" in caplog.text
    assert "given up so far 1" in services.retry_emails(now + dt.timedelta(days=1))


def test_a_copy_never_tried_is_sent_by_the_job(people: dict[str, Any], mailoutbox: list[Any]) -> None:
    notify([people["ani"]], "x", "Judul", email=True)  # the on-commit send never ran (test transaction)
    row = Notification.objects.get()
    assert row.email_status == EmailStatus.PENDING and mailoutbox == []
    assert "retried 0" in services.retry_emails(timezone.now())  # within the grace: the commit may still send
    services.retry_emails(timezone.now() + services.PENDING_GRACE)
    row.refresh_from_db()
    assert row.email_status == EmailStatus.SENT and len(mailoutbox) == 1


def test_the_retry_job_is_scheduled_every_minute() -> None:
    job = scheduler.registered()["core.notification_email"]
    assert job.every == dt.timedelta(minutes=1) and job.path.endswith("services.retry_emails")


class Crash(BaseException):
    """The process dying mid-loop (not an Exception: nothing in the sender catches it)."""


def test_a_slow_first_send_is_not_sent_again_by_the_job(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch,
    mailoutbox: list[Any],
) -> None:  # fmt: skip
    jobs: list[str] = []

    class Slow(EmailBackend):
        def send_messages(self, messages: Any) -> int:
            if not jobs:  # the mail server is so slow that the job runs when the row, as written, became due
                row = Notification.objects.get(recipient=people["ani"])
                jobs.append(services.retry_emails(row.created_at + services.PENDING_GRACE))
            return super().send_messages(messages)

    monkeypatch.setattr(mail, "get_connection", lambda *a, **k: Slow())
    with django_capture_on_commit_callbacks(execute=True):
        notify([people["ani"]], "x", "Judul", email=True)
    assert jobs and "retried 0" in jobs[0]  # the first sender had claimed it
    assert [m.to for m in mailoutbox] == [["ani@example.org"]]
    row = Notification.objects.get()
    assert (row.email_status, row.email_attempts) == (EmailStatus.SENT, 1)


def test_each_outcome_is_saved_as_it_happens_so_a_crash_resends_nothing_sent(
    people: dict[str, Any], make_user: Any, django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch, mailoutbox: list[Any],
) -> None:  # fmt: skip
    citra = make_user("citra", email="citra@example.org")

    class DiesOnCitra(EmailBackend):
        def send_messages(self, messages: Any) -> int:
            if messages[0].to == ["citra@example.org"]:
                raise Crash
            return super().send_messages(messages)

    monkeypatch.setattr(mail, "get_connection", lambda *a, **k: DiesOnCitra())
    with pytest.raises(Crash), django_capture_on_commit_callbacks(execute=True):
        notify([people["ani"], citra], "x", "Judul", email=True)
    assert Notification.objects.get(recipient=people["ani"]).email_status == EmailStatus.SENT
    left = Notification.objects.get(recipient=citra)
    assert left.email_status == EmailStatus.PENDING and left.email_next_at > timezone.now()  # still claimed
    monkeypatch.undo()
    assert "retried 1, sent 1" in services.retry_emails(left.email_next_at)  # the lease over: only citra's
    assert sorted(m.to[0] for m in mailoutbox) == ["ani@example.org", "citra@example.org"]


def test_an_outcome_is_not_saved_over_a_claim_taken_since(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    other = timezone.now() + dt.timedelta(hours=1)

    class Refusing2(Refusing):
        def send_messages(self, messages: Any) -> int:
            Notification.objects.update(email_next_at=other)  # another sender took the row meanwhile
            return super().send_messages(messages)

    monkeypatch.setattr(mail, "get_connection", lambda *a, **k: Refusing2())
    with django_capture_on_commit_callbacks(execute=True):
        notify([people["ani"]], "x", "Judul", email=True)
    row = Notification.objects.get()
    assert (row.email_status, row.email_attempts, row.email_next_at) == (EmailStatus.PENDING, 0, other)
    assert "claim was lost" in caplog.text
