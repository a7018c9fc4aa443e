"""The daily run: alerts where the counts jump, one alert per persisting condition, idempotent per day, routed
to the owning office (inbox, e-mail, webhooks), escalated when ignored, lapsed when quiet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.alerts.conftest import DAY, weekly_history
from waspada.alerts import engine, escalation, services
from waspada.alerts.models import Alert, AlertLevel, AlertStatus, EarlyWarningRun, HandlingLevel, WebhookDelivery
from waspada.core.notifications.models import Notification


@pytest.fixture
def flare(add_incidents: Callable[..., None]) -> None:
    """Kota Bandung: a year at one a week, then six in the last week (expected ~1: p = 0.0006, Awas)."""
    weekly_history(add_incidents, "32.73", DAY)
    for offset in range(6):
        add_incidents("32.73", DAY - dt.timedelta(days=offset))


def test_a_flare_up_raises_one_alert_with_its_evidence_and_tells_the_office(
    flare: None, ew_world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    services.create_subscription(ew_world["nadmin"], name="WA", url="http://127.0.0.1:9/hook")
    with django_capture_on_commit_callbacks(execute=True):
        result = engine.run(DAY)
    alert = Alert.objects.get()
    assert (alert.kabkota_code, alert.level, alert.status) == ("32.73", AlertLevel.AWAS, AlertStatus.OPEN)
    assert alert.evidence["rules"] == ["surprise", "highest_in_months"]  # also the busiest 30 days in a year
    numbers = alert.evidence["numbers"]
    assert numbers["window_count"] == 6 and numbers["expected"] == pytest.approx(52 * 7 / 365 * 52 / 62, abs=1e-3)
    assert len(alert.evidence["incidents"]) == 6
    assert result["raised"] == 1 and result["regions"] == 3 and result["level_awas"] == 1
    note = Notification.objects.get()
    assert note.recipient == ew_world["bandung"] and note.kind == "alert.raised"
    assert "Kota Bandung" in note.title and note.link.startswith("/incidents/?region=32.73")
    assert [m.to for m in mail.outbox] == [["bandung@example.go.id"]]
    assert WebhookDelivery.objects.get().kind == "alert.raised"


def test_a_rerun_of_the_same_day_changes_nothing_and_tells_nobody_again(flare: None) -> None:
    engine.run(DAY)
    first = Alert.objects.get()
    engine.run(DAY)
    again = Alert.objects.get()
    assert again.pk == first.pk and again.history == first.history and len(again.history) == 1
    assert Notification.objects.count() == 1
    assert EarlyWarningRun.objects.count() == 1


def test_a_persisting_condition_updates_its_alert_and_a_quiet_region_lapses(
    flare: None, add_incidents: Callable[..., None]
) -> None:
    engine.run(DAY)
    add_incidents("32.73", DAY + dt.timedelta(days=1))
    engine.run(DAY + dt.timedelta(days=1))
    alert = Alert.objects.get()
    assert alert.last_seen_on == DAY + dt.timedelta(days=1) and len(alert.history) == 2
    # The flare keeps "highest in 12 months" true while it is inside the last 30 days ...
    engine.run(DAY + dt.timedelta(days=10))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN and alert.last_seen_on == DAY + dt.timedelta(days=10)
    assert alert.evidence["rules"] == ["highest_in_months"] and len(alert.history) == 3
    # ... and once it is quiet for LAPSE_DAYS the alert lapses.
    engine.run(DAY + dt.timedelta(days=40))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.LAPSED
    assert Alert.objects.count() == 1


def test_unacknowledged_alerts_climb_to_the_province_then_the_national_desk(
    flare: None, ew_world: dict[str, Any]
) -> None:
    engine.run(DAY)
    alert = Alert.objects.get()
    assert escalation.escalate_due(alert.routed_at + dt.timedelta(hours=11)) == "escalated 0"
    assert escalation.escalate_due(alert.routed_at + dt.timedelta(hours=12)) == "escalated 1"
    alert.refresh_from_db()
    assert alert.handling_level == HandlingLevel.PROVINCE
    assert Notification.objects.filter(recipient=ew_world["jabar"], kind="alert.escalated").count() == 1
    escalation.escalate_due(alert.routed_at + dt.timedelta(hours=12))
    alert.refresh_from_db()
    assert alert.handling_level == HandlingLevel.NATIONAL
    assert Notification.objects.filter(recipient=ew_world["nadmin"], kind="alert.escalated").count() == 1


def test_an_acknowledged_alert_is_not_escalated(flare: None, ew_world: dict[str, Any]) -> None:
    from waspada.alerts import responses

    engine.run(DAY)
    alert = Alert.objects.get()
    responses.acknowledge(ew_world["bandung"], alert)
    assert escalation.escalate_due(alert.routed_at + dt.timedelta(days=5)) == "escalated 0"


def test_unverified_reports_weigh_half(add_incidents: Callable[..., None]) -> None:
    weekly_history(add_incidents, "32.73", DAY)
    add_incidents("32.73", DAY, 6, status="submitted")  # weighs 3 (six verified would be Awas)
    add_incidents("32.73", DAY, 3, status="rejected")  # never counts
    engine.run(DAY)
    alert = Alert.objects.get()
    assert alert.evidence["numbers"]["window_count"] == 3.0
    assert "surprise" not in alert.evidence["rules"]  # P(X >= 3 | 0.836) = 0.053: not surprising enough
    assert alert.level == AlertLevel.WASPADA


def test_the_command_prints_json_and_refuses_bad_dates(flare: None) -> None:
    out = StringIO()
    call_command("ew", "run", "--date", DAY.isoformat(), "--json", stdout=out)
    assert '"raised": 1' in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("ew", "run", "--date", "30/06/2025")
    with pytest.raises(CommandError, match="future"):
        call_command("ew", "run", "--date", "2999-01-01")
