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
