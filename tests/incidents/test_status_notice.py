"""The reporter is told when an incident's status changes (issue 18, Notifications): through the one transition
service, so the page, the API and direct service calls all do it; with a link to the incident, an e-mail copy,
never informant details, and no title or comment for a restricted incident; not for demo records, imported
history, or a change the reporter made. Subscribers to incident.status_changed in the region hear of it too."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.incidents.conftest import transition
from waspada.alerts import subscriptions
from waspada.core.notifications.models import EmailStatus, Notification
from waspada.incidents.models import ImportKind, ImportRun, Incident, Status
from waspada.incidents.models.imports import ImportedRow

pytestmark = pytest.mark.django_db
KIND = "incident.status_changed"


@pytest.fixture
def monitor(people: dict[str, Any]) -> Any:
    people["monitor"].email = "monitor@example.go.id"
    people["monitor"].save(update_fields=["email"])
    return people["monitor"]


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


def test_a_rejection_tells_the_reporter_why(make_incident: Callable[..., Any], people: dict[str, Any],
                                            monitor: Any) -> None:  # fmt: skip
    incident = make_incident(by="monitor")
    transition(people["bandung"], incident, Status.REJECTED, "Lokasi tidak sesuai, lengkapi")
    [note] = told(monitor)
    assert note.title.endswith("Ditolak") and "Lokasi tidak sesuai" in note.body


def test_a_restricted_report_is_told_without_title_or_comment(
    make_incident: Callable[..., Any], people: dict[str, Any], monitor: Any
) -> None:
    incident = make_incident(by="monitor", sensitivity="restricted")
    transition(people["bandung"], incident, Status.REJECTED, "Nama saksi keliru")
    [note] = told(monitor)
    assert "Bentrok" not in note.body and "saksi" not in note.body and "terbatas" in note.body
    assert note.link == f"/incidents/{incident.pk}/"


def test_demo_records_and_imported_history_tell_nobody(make_incident: Callable[..., Any], people: dict[str, Any],
                                                       monitor: Any) -> None:  # fmt: skip
    demo = make_incident(by="monitor")
    Incident.objects.filter(pk=demo.pk).update(is_demo=True)
    transition(people["bandung"], demo, Status.VERIFIED)
    dataset = make_incident(by="monitor")
    Incident.objects.filter(pk=dataset.pk).update(external_source="acled", external_id="IDN1")
    transition(people["bandung"], dataset, Status.VERIFIED)
    history = make_incident(by="monitor")
    run = ImportRun.objects.create(kind=ImportKind.EVENTS, file_name="h.csv", file_format="csv", status="committed")
    ImportedRow.objects.create(run=run, row=2, incident=history)
    transition(people["bandung"], history, Status.VERIFIED)
    assert told(monitor) == []
    report = make_incident(by="monitor")  # an ordinary report still is
    transition(people["bandung"], report, Status.VERIFIED)
    assert len(told(monitor)) == 1


def test_region_subscribers_hear_of_it_once_and_only_what_they_may_read(
    make_incident: Callable[..., Any], people: dict[str, Any], monitor: Any,
) -> None:  # fmt: skip
    every = subscriptions.SubscriptionInput(kinds=["incident.status_changed"])
    for name in ("jabar", "kabbandung", "viewer", "bandung"):
        subscriptions.create(people[name], every)
    in_bandung = subscriptions.SubscriptionInput(region_code="32.73", kinds=["incident.status_changed"])
    subscriptions.create(people["jabar"], in_bandung)
    incident = make_incident(by="monitor")
    transition(people["bandung"], incident, Status.VERIFIED)
    assert len(told(people["jabar"])) == 1  # two matching subscriptions, one message
    assert told(people["kabbandung"]) == []  # another kab/kota
    assert told(people["bandung"]) == []  # made the change itself
    assert len(told(people["viewer"])) == 1  # an inter-agency report the viewer reads
    assert "Ujang" not in told(people["jabar"])[0].body
    restricted = make_incident(by="monitor", sensitivity="restricted")
    transition(people["bandung"], restricted, Status.VERIFIED)
    assert len(told(people["viewer"])) == 1  # may not read it: not told


def test_webhook_receivers_get_the_numbers_of_non_restricted_changes(make_incident: Callable[..., Any],
                                                                     people: dict[str, Any]) -> None:  # fmt: skip
    from waspada.alerts import services
    from waspada.alerts.models import WebhookDelivery

    services.create_subscription(people["jabar"], name="WA Jabar", url="http://127.0.0.1:9/h", kinds=[KIND])
    services.create_subscription(people["dki"], name="WA DKI", url="http://127.0.0.1:9/d", kinds=[KIND])
    incident = make_incident(by="monitor")
    transition(people["bandung"], incident, Status.VERIFIED, "Dicek")
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.subscription.name == "WA Jabar" and delivery.kind == KIND
    assert delivery.payload["incident"] == incident.pk and delivery.payload["status"] == "verified"
    assert "Ujang" not in json.dumps(delivery.payload) and "Dicek" not in json.dumps(delivery.payload)
    restricted = make_incident(by="monitor", sensitivity="restricted")
    transition(people["bandung"], restricted, Status.VERIFIED)
    assert WebhookDelivery.objects.count() == 1  # a restricted incident never leaves Waspada
