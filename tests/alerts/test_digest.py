"""The daily digest (issue 18, Notifications): one message per subscriber with digest on, summarising the live
alerts its subscriptions cover (new, raised, escalated, overdue actions), in its language; nothing when nothing
changed; a rerun of the day sends nothing twice; `waspada ew digest [--date D] [--json]`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from tests.alerts.conftest import DAY, weekly_history
from waspada.alerts import digest, engine, responses, subscriptions
from waspada.alerts.models import Alert, AlertDigest, AlertNotice, NoticeRoute
from waspada.core.notifications.models import EmailStatus, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def flare(add_incidents: Callable[..., None]) -> Alert:
    weekly_history(add_incidents, "32.73", DAY)
    for offset in range(6):
        add_incidents("32.73", DAY - dt.timedelta(days=offset))
    engine.run(DAY)
    return Alert.objects.get()


def digests(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=digest.KIND).order_by("id"))


def test_one_digest_per_subscriber_with_what_changed_and_never_twice(
    flare: Alert, ew_world: dict[str, Any], django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:  # fmt: skip
    for sub in (
        subscriptions.SubscriptionInput(kinds=[], digest=True, channels=["inbox", "email"]),
        subscriptions.SubscriptionInput(region_code="32.73", digest=True),
    ):  # two: still one digest
        subscriptions.create(ew_world["jabar"], sub)
    subscriptions.create(ew_world["viewer"], subscriptions.SubscriptionInput(kinds=[], digest=True, language="en"))
    subscriptions.create(ew_world["kabbandung"], subscriptions.SubscriptionInput(kinds=[], digest=True))
    subscriptions.create(ew_world["nadmin"], subscriptions.SubscriptionInput(digest=False))  # no digest asked
    with django_capture_on_commit_callbacks(execute=True):
        counts = digest.send(DAY)
    assert counts == {"date": DAY.isoformat(), "users": 3, "sent": 2, "nothing_new": 1, "already_sent": 0}
    [note] = digests(ew_world["jabar"])
    assert note.title == "Ringkasan harian peringatan dini, 30 Juni 2025"
    assert "Peringatan baru (1):" in note.body and "Kota Bandung (32.73)" in note.body
    assert "Peringatan aktif dalam langganan Anda: 1." in note.body
    assert note.email_status == EmailStatus.SENT and [m.to for m in mailoutbox] == [["jabar@example.go.id"]]
    [english] = digests(ew_world["viewer"])
    assert english.title.startswith("Early-warning digest") and "New alerts (1):" in english.body
    assert english.email_status == EmailStatus.NONE
    assert digests(ew_world["kabbandung"]) == [] and digests(ew_world["nadmin"]) == []
    assert AlertNotice.objects.get(alert=flare, notification=note).route == NoticeRoute.DIGEST
    # A rerun of the day sends nothing twice; the next day, with nothing changed, sends nothing.
    assert digest.send(DAY)["already_sent"] == 2
    assert digest.send(DAY + dt.timedelta(days=1))["nothing_new"] == 3
    assert len(digests(ew_world["jabar"])) == 1 and AlertDigest.objects.count() == 2


def test_overdue_actions_and_escalations_make_a_later_digest(flare: Alert, ew_world: dict[str, Any]) -> None:
    subscriptions.create(ew_world["jabar"], subscriptions.SubscriptionInput(kinds=[], digest=True))
    digest.send(DAY)
    responses.add_action(ew_world["bandung"], flare, description="Rapat Forkopimda", owner_id=None, due_on=DAY)
    later = DAY + dt.timedelta(days=3)
    flare.escalated_at = timezone.make_aware(dt.datetime.combine(later, dt.time(9)))
    flare.save(update_fields=["escalated_at"])
    assert digest.send(later)["sent"] == 1
    body = digests(ew_world["jabar"])[-1].body
    assert "Tindak lanjut melewati tenggat (1):" in body and "Rapat Forkopimda" in body and "bandung" in body
    assert "Dieskalasi (1):" in body and "Peringatan baru" not in body


def test_the_command_sends_the_digest_of_a_date(flare: Alert, ew_world: dict[str, Any]) -> None:
    subscriptions.create(ew_world["jabar"], subscriptions.SubscriptionInput(kinds=[], digest=True))
    out = StringIO()
    call_command("ew", "digest", "--date", DAY.isoformat(), "--json", stdout=out)
    assert json.loads(out.getvalue())["sent"] == 1
    out = StringIO()
    call_command("ew", "digest", "--date", DAY.isoformat(), stdout=out)
    assert "1 already sent" in out.getvalue()
    assert len(digests(ew_world["jabar"])) == 1


def _levels(alert: Alert, levels: dict[dt.date, int]) -> None:
    """The alert's history as the daily runs would write it: the level of each run date (the last one current)."""
    alert.history = [{"date": day.isoformat(), "level": level, "rules": []} for day, level in sorted(levels.items())]
    alert.level = alert.history[-1]["level"]
    alert.save(update_fields=["history", "level"])


def test_what_either_of_the_two_previous_digests_told_is_not_told_again(flare: Alert, ew_world: dict[str, Any]) -> None:
    # Told on DAY; the digest of the day before listed something else. Both count: the older one must not hide
    # the newer one (the alert, opened on DAY, is still in the next day's window).
    user = ew_world["jabar"]
    subscriptions.create(user, subscriptions.SubscriptionInput(kinds=[], digest=True))
    assert digest.send(DAY)["sent"] == 1
    AlertDigest.objects.create(user=user, date=DAY - dt.timedelta(days=1), summary={"new": [], "overdue": []})
    assert digest.send(DAY + dt.timedelta(days=1))["nothing_new"] == 1
    assert len(digests(user)) == 1


def test_a_raise_the_day_after_an_alert_opened_is_reported(flare: Alert, ew_world: dict[str, Any]) -> None:
    user = ew_world["jabar"]
    subscriptions.create(user, subscriptions.SubscriptionInput(kinds=[], digest=True))
    _levels(flare, {DAY: 1})
    assert digest.send(DAY)["sent"] == 1  # told as new
    _levels(flare, {DAY: 1, DAY + dt.timedelta(days=1): 2})
    assert digest.send(DAY + dt.timedelta(days=1))["sent"] == 1
    body = digests(user)[-1].body
    assert "Level naik (1):" in body and "Peringatan baru" not in body
    # Raised again the next day: told again (it went up after the digest that listed it as raised).
    _levels(flare, {DAY: 1, DAY + dt.timedelta(days=1): 2, DAY + dt.timedelta(days=2): 3})
    assert digest.send(DAY + dt.timedelta(days=2))["sent"] == 1
    assert "Level naik (1):" in digests(user)[-1].body
    # Nothing further: nothing told.
    assert digest.send(DAY + dt.timedelta(days=3))["nothing_new"] == 1


def test_an_alert_still_new_is_not_also_listed_as_raised(flare: Alert, ew_world: dict[str, Any]) -> None:
    user = ew_world["jabar"]
    subscriptions.create(user, subscriptions.SubscriptionInput(kinds=[], digest=True))
    _levels(
        flare, {DAY: 1, DAY + dt.timedelta(days=1): 2}
    )  # no digest on DAY: on the next day it is both new and raised
    assert digest.send(DAY + dt.timedelta(days=1))["sent"] == 1
    body = digests(user)[-1].body
    assert "Peringatan baru (1):" in body and "Level naik" not in body


def test_a_failing_digest_is_not_counted_as_already_sent(
    flare: Alert, ew_world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:  # fmt: skip
    for name in ("jabar", "viewer"):
        subscriptions.create(ew_world[name], subscriptions.SubscriptionInput(kinds=[], digest=True))
    real = digest.notify

    def notify(users: list[Any], *args: Any, **kwargs: Any) -> Any:
        if users[0] == ew_world["jabar"]:
            raise IntegrityError("insert into core_notification violates a constraint")
        return real(users, *args, **kwargs)

    monkeypatch.setattr(digest, "notify", notify)
    with pytest.raises(digest.DigestFailed, match=r"1 of 2 users failed .*IntegrityError.*1 sent"):
        digest.send(DAY)
    # The other user had theirs; the failed one has no digest row, so a rerun sends it (and nothing twice).
    assert len(digests(ew_world["viewer"])) == 1 and digests(ew_world["jabar"]) == []
    assert not AlertDigest.objects.filter(user=ew_world["jabar"]).exists()
    monkeypatch.setattr(digest, "notify", real)
    assert digest.send(DAY) | {"date": None} == {"date": None, "users": 2, "sent": 1, "nothing_new": 0,
                                                 "already_sent": 1}  # fmt: skip
    assert len(digests(ew_world["jabar"])) == 1 and len(digests(ew_world["viewer"])) == 1
