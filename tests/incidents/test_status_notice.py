"""The reporter is told when an incident's status changes (issue 18, Notifications): through the one transition
service, so the page, the API and direct service calls all do it; with a link to the incident, an e-mail copy,
never informant details, and no title or comment for a restricted incident; not for demo records, imported
history, a change the reporter made, or a reporter who may no longer read the report. Subscribers to
incident.status_changed in the region hear of it too. The telling runs after the change commits: a failing
notice is logged and never blocks or undoes the change, and a change rolled back tells nobody."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tests.incidents.conftest import transition
from waspada.alerts import subscriptions
from waspada.core.notifications.models import EmailStatus, Notification
from waspada.incidents.models import ImportKind, ImportRun, Incident, Status, Transition
from waspada.incidents.models.imports import ImportedRow

pytestmark = pytest.mark.django_db
KIND = "incident.status_changed"


@pytest.fixture
def monitor(people: dict[str, Any]) -> Any:
    people["monitor"].email = "monitor@example.go.id"
    people["monitor"].save(update_fields=["email"])
    return people["monitor"]


@pytest.fixture
def change(django_capture_on_commit_callbacks: Any) -> Callable[..., Incident]:
    """A transition through the service whose commit runs what waits for it (the telling), as it does outside a
    test's enclosing transaction."""

    def run(user: Any, incident: Incident, to: str, comment: str = "") -> Incident:
        with django_capture_on_commit_callbacks(execute=True):
            return transition(user, incident, to, comment)

    return run


def told(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=KIND).order_by("id"))


def test_every_transition_path_tells_the_reporter_once_with_a_link(
    make_incident: Callable[..., Any], client_for: Callable[[str], Client], people: dict[str, Any], monitor: Any,
    django_capture_on_commit_callbacks: Any, mailoutbox: list[Any],
) -> None:  # fmt: skip
    incident = make_incident(by="monitor")
    assert told(monitor) == []  # submitting one's own report tells nobody
    with django_capture_on_commit_callbacks(execute=True):  # the page
        client_for("bandung").post(f"/incidents/{incident.pk}/transition/", {"to": "verified"})
    with django_capture_on_commit_callbacks(execute=True):  # the API
        answer = client_for("bandung").post(f"/api/v1/incidents/{incident.pk}/transitions",
                                            json.dumps({"to": "escalated", "comment": "Perlu provinsi"}),
                                            content_type="application/json")  # fmt: skip
    assert answer.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the service (what any bulk caller uses)
        transition(people["jabar"], incident, Status.HANDLED, "Mediasi selesai")
    notes = told(monitor)
    assert [n.title for n in notes] == [f"Laporan #{incident.pk}: Terverifikasi", f"Laporan #{incident.pk}: Dieskalasi",
                                        f"Laporan #{incident.pk}: Ditangani"]  # fmt: skip
    assert all(n.link == f"/incidents/{incident.pk}/" for n in notes)
    assert "Bentrok pendukung di TPS 12" in notes[0].body and "provinsi" in notes[1].body.lower()
    assert "Catatan: Mediasi selesai" in notes[2].body
    assert all("Ujang" not in n.body and "0812" not in n.body for n in notes)  # informant details never
    assert [m.to for m in mailoutbox] == [["monitor@example.go.id"]] * 3
    assert all(n.email_status == EmailStatus.SENT for n in notes)


def test_a_rejection_tells_the_reporter_why(
    change: Callable[..., Incident], make_incident: Callable[..., Any], people: dict[str, Any], monitor: Any,
) -> None:  # fmt: skip
    incident = make_incident(by="monitor")
    change(people["bandung"], incident, Status.REJECTED, "Lokasi tidak sesuai, lengkapi")
    [note] = told(monitor)
    assert note.title.endswith("Ditolak") and "Lokasi tidak sesuai" in note.body


def test_a_restricted_report_is_told_without_title_or_comment(
    change: Callable[..., Incident], make_incident: Callable[..., Any], people: dict[str, Any], monitor: Any
) -> None:
    incident = make_incident(by="monitor", sensitivity="restricted")
    change(people["bandung"], incident, Status.REJECTED, "Nama saksi keliru")
    [note] = told(monitor)
    assert "Bentrok" not in note.body and "saksi" not in note.body and "terbatas" in note.body
    assert note.link == f"/incidents/{incident.pk}/"


def test_demo_records_and_imported_history_tell_nobody(
    change: Callable[..., Incident], make_incident: Callable[..., Any], people: dict[str, Any], monitor: Any,
) -> None:  # fmt: skip
    demo = make_incident(by="monitor")
    Incident.objects.filter(pk=demo.pk).update(is_demo=True)
    change(people["bandung"], demo, Status.VERIFIED)
    dataset = make_incident(by="monitor")
    Incident.objects.filter(pk=dataset.pk).update(external_source="acled", external_id="IDN1")
    change(people["bandung"], dataset, Status.VERIFIED)
    history = make_incident(by="monitor")
    run = ImportRun.objects.create(kind=ImportKind.EVENTS, file_name="h.csv", file_format="csv", status="committed")
    ImportedRow.objects.create(run=run, row=2, incident=history)
    change(people["bandung"], history, Status.VERIFIED)
    assert told(monitor) == []
    report = make_incident(by="monitor")  # an ordinary report still is
    change(people["bandung"], report, Status.VERIFIED)
    assert len(told(monitor)) == 1


def test_region_subscribers_hear_of_it_once_and_only_what_they_may_read(
    change: Callable[..., Incident], make_incident: Callable[..., Any], people: dict[str, Any], monitor: Any,
) -> None:  # fmt: skip
    every = subscriptions.SubscriptionInput(kinds=["incident.status_changed"])
    for name in ("jabar", "kabbandung", "viewer", "bandung"):
        subscriptions.create(people[name], every)
    in_bandung = subscriptions.SubscriptionInput(region_code="32.73", kinds=["incident.status_changed"])
    subscriptions.create(people["jabar"], in_bandung)
    incident = make_incident(by="monitor")
    change(people["bandung"], incident, Status.VERIFIED)
    assert len(told(people["jabar"])) == 1  # two matching subscriptions, one message
    assert told(people["kabbandung"]) == []  # another kab/kota
    assert told(people["bandung"]) == []  # made the change itself
    assert len(told(people["viewer"])) == 1  # an inter-agency report the viewer reads
    assert "Ujang" not in told(people["jabar"])[0].body
    restricted = make_incident(by="monitor", sensitivity="restricted")
    change(people["bandung"], restricted, Status.VERIFIED)
    assert len(told(people["viewer"])) == 1  # may not read it: not told


def test_webhook_receivers_get_the_numbers_of_non_restricted_changes(
    change: Callable[..., Incident], make_incident: Callable[..., Any], people: dict[str, Any],
) -> None:  # fmt: skip
    from waspada.alerts import services
    from waspada.alerts.models import WebhookDelivery

    services.create_subscription(people["jabar"], name="WA Jabar", url="http://127.0.0.1:9/h", kinds=[KIND])
    services.create_subscription(people["dki"], name="WA DKI", url="http://127.0.0.1:9/d", kinds=[KIND])
    incident = make_incident(by="monitor")
    change(people["bandung"], incident, Status.VERIFIED, "Dicek")
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.subscription.name == "WA Jabar" and delivery.kind == KIND
    assert delivery.payload["incident"] == incident.pk and delivery.payload["status"] == "verified"
    assert "Ujang" not in json.dumps(delivery.payload) and "Dicek" not in json.dumps(delivery.payload)
    restricted = make_incident(by="monitor", sensitivity="restricted")
    change(people["bandung"], restricted, Status.VERIFIED)
    assert WebhookDelivery.objects.count() == 1  # a restricted incident never leaves Waspada


def test_a_reporter_who_may_no_longer_read_the_report_is_not_told(
    change: Callable[..., Incident], make_incident: Callable[..., Any], people: dict[str, Any], monitor: Any,
    mailoutbox: list[Any],
) -> None:  # fmt: skip
    incident = make_incident(by="monitor")
    monitor.scope_region_id = "31.71"  # moved to another region: the report's title and comment are not theirs
    monitor.save(update_fields=["scope_region"])
    change(people["bandung"], incident, Status.REJECTED, "Lokasi tidak sesuai")
    assert told(monitor) == [] and mailoutbox == []
    assert Incident.objects.get(pk=incident.pk).status == Status.REJECTED


def test_a_failing_receiver_neither_blocks_nor_undoes_the_change_and_is_logged(
    change: Callable[..., Incident], make_incident: Callable[..., Any], people: dict[str, Any], monitor: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    from waspada.incidents.actions.status_notice import status_changed

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("webhook store unavailable")

    status_changed.connect(broken, dispatch_uid="test.broken", weak=False)
    try:
        subscriptions.create(people["jabar"], subscriptions.SubscriptionInput(kinds=[KIND]))
        incident = make_incident(by="monitor")
        with caplog.at_level(logging.ERROR, logger="waspada.incidents.actions.status_notice"):
            change(people["bandung"], incident, Status.VERIFIED)
    finally:
        status_changed.disconnect(dispatch_uid="test.broken")
    assert Incident.objects.get(pk=incident.pk).status == Status.VERIFIED
    assert Transition.objects.filter(incident=incident, to_status=Status.VERIFIED).count() == 1
    assert len(told(monitor)) == 1 and len(told(people["jabar"])) == 1  # the others still ran
    [entry] = [r for r in caplog.records if r.name == "waspada.incidents.actions.status_notice"]
    assert f"incident {incident.pk}" in entry.getMessage() and "webhook store unavailable" in entry.getMessage()
    assert any(r.name == "django.dispatch" and r.exc_info for r in caplog.records)  # with the traceback


def test_a_failing_reporter_notice_is_logged_and_the_subscribers_still_hear(
    change: Callable[..., Incident], make_incident: Callable[..., Any], people: dict[str, Any], monitor: Any,
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from waspada.incidents.actions import status_notice

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("inbox full")

    subscriptions.create(people["jabar"], subscriptions.SubscriptionInput(kinds=[KIND]))
    monkeypatch.setattr(status_notice, "notify", refuse)
    incident = make_incident(by="monitor")
    with caplog.at_level(logging.ERROR, logger="waspada.incidents.actions.status_notice"):
        change(people["bandung"], incident, Status.VERIFIED)
    assert Incident.objects.get(pk=incident.pk).status == Status.VERIFIED
    assert told(monitor) == [] and len(told(people["jabar"])) == 1
    assert any("telling the reporter" in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_change_rolled_back_tells_nobody(
    make_incident: Callable[..., Any], people: dict[str, Any], monitor: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    incident = make_incident(by="monitor")
    # A bulk caller whose later step fails: the change is rolled back, and its telling with it.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        transition(people["bandung"], incident, Status.VERIFIED)
        raise RuntimeError("a later step failed")
    assert told(monitor) == [] and Incident.objects.get(pk=incident.pk).status != Status.VERIFIED
