"""Users' own alert subscriptions (issue 18, Notifications): the API and the page (own only, a region outside the
user's area refused naming the field), routing of alert events to matching subscribers besides the office (each
user once), and the alert page's log of who was told of what, with the e-mail outcome and webhook deliveries."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client

from tests.alerts.conftest import DAY, weekly_history
from waspada.alerts import engine, escalation, responses, services, subscriptions
from waspada.alerts.models import Alert, AlertNotice, AlertSubscription, NoticeRoute, WebhookDelivery
from waspada.core.audit.models import AuditEvent
from waspada.core.notifications.models import EmailStatus, Notification

pytestmark = pytest.mark.django_db
URL = "/api/v1/alerts/subscriptions"


def _client(user: Any, language: str = "id") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _post(user: Any, body: dict[str, Any]) -> Any:
    return _client(user).post(URL, json.dumps(body), content_type="application/json")


@pytest.fixture
def flare(add_incidents: Callable[..., None]) -> None:
    weekly_history(add_incidents, "32.73", DAY)
    for offset in range(6):
        add_incidents("32.73", DAY - dt.timedelta(days=offset))


def sub(user: Any, **fields: Any) -> AlertSubscription:
    return subscriptions.create(user, subscriptions.SubscriptionInput(**fields))


# --- API and page ------------------------------------------------------------------------------------------


def test_the_api_creates_lists_and_deletes_ones_own_subscriptions(ew_world: dict[str, Any]) -> None:
    created = _post(ew_world["jabar"], {"region": "32.73", "min_level": "siaga", "channels": ["inbox", "email"],
                                        "digest": True})  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["region_name"] == "Kota Bandung" and body["min_level"] == "siaga"
    assert body["channels"] == ["inbox", "email"] and body["digest"] is True
    assert body["kinds"] == ["alert.raised", "alert.level_changed", "alert.escalated"]
    listed = _client(ew_world["jabar"]).get(URL).json()
    assert [row["id"] for row in listed] == [body["id"]]
    assert _client(ew_world["bandung"]).get(URL).json() == []  # nobody reads another's
    assert _client(ew_world["bandung"]).delete(f"{URL}/{body['id']}").status_code == 404  # nor deletes it
    deleted = _client(ew_world["jabar"]).delete(f"{URL}/{body['id']}")
    assert deleted.status_code == 200 and deleted.json()["id"] == body["id"]
    assert not AlertSubscription.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"alerts.subscription_created", "alerts.subscription_deleted"} <= actions


@pytest.mark.parametrize(("who", "body", "field"), [
    ("bandung", {"region": "32.04"}, "region"),  # another kab/kota
    ("jabar", {"region": "31.71"}, "region"),  # another province
    ("jabar", {"region": "32.73.01"}, "region"),  # deeper than a kab/kota
    ("nadmin", {"region": "99"}, "region"),  # no such region
    ("jabar", {"channels": ["email"]}, "channels"),
    ("jabar", {"kinds": [], "digest": False}, "kinds"),
    ("jabar", {"kinds": ["alert.sneezed"]}, "kinds.0"),
    ("jabar", {"min_level": "normal"}, "min_level"),
])  # fmt: skip
def test_bad_subscriptions_are_refused_naming_the_field(ew_world: dict[str, Any], who: str, body: dict[str, Any],
                                                        field: str) -> None:  # fmt: skip
    answer = _post(ew_world[who], body)
    assert answer.status_code == 422, answer.content
    assert field in [error["field"] for error in answer.json()["errors"]]
    assert not AlertSubscription.objects.exists()


def test_the_page_adds_edits_and_deletes_in_indonesian(ew_world: dict[str, Any]) -> None:
    client = _client(ew_world["jabar"])
    page = client.get("/alerts/subscriptions/").content.decode()
    assert "Langganan peringatan saya" in page and "Seluruh wilayah saya" in page and "Kota Bandung" in page
    assert (
        "Kota Administrasi Jakarta Pusat" not in page and "Kabupaten Bandung" in page
    )  # only regions of the user's area are offered
    refused = client.post("/alerts/subscriptions/", {"region": "31.71", "min_level": "1", "kinds": ["alert.raised"]})
    assert refused.status_code == 422 and "di luar wilayah Anda" in refused.content.decode()
    done = client.post("/alerts/subscriptions/", {"region": "32.73", "min_level": "2",
                                                  "kinds": ["alert.raised", "alert.closed"], "email": "1"})  # fmt: skip
    assert done.status_code == 302
    saved = AlertSubscription.objects.get()
    assert (saved.region_code, saved.min_level, saved.kinds, saved.email, saved.digest) == (
        "32.73",
        2,
        ["alert.raised", "alert.closed"],
        True,
        False,
    )
    client.post(f"/alerts/subscriptions/{saved.pk}/", {"region": "", "min_level": "3", "digest": "1"})
    saved.refresh_from_db()
    assert (saved.region_code, saved.min_level, saved.kinds, saved.digest) == ("", 3, [], True)
    other = _client(ew_world["bandung"])
    assert other.get(f"/alerts/subscriptions/{saved.pk}/").status_code == 404
    assert other.post(f"/alerts/subscriptions/{saved.pk}/delete/").status_code == 404
    assert client.post(f"/alerts/subscriptions/{saved.pk}/delete/").status_code == 302
    assert not AlertSubscription.objects.exists()


# --- routing --------------------------------------------------------------------------------------------------


def test_matching_subscribers_are_told_once_besides_the_office(
    flare: None, ew_world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:  # fmt: skip
    sub(ew_world["jabar"], region_code="32.73", channels=["inbox", "email"])
    sub(ew_world["jabar"])  # a second matching subscription: still one message
    sub(ew_world["bandung"])  # the office itself: told as the office, not twice
    sub(ew_world["viewer"], min_level=3)  # Awas and above: the flare is Awas
    sub(ew_world["kabbandung"])  # another kab/kota: its scope does not reach 32.73
    sub(ew_world["nadmin"], kinds=["alert.closed"])  # other events only
    with django_capture_on_commit_callbacks(execute=True):
        engine.run(DAY)
    alert = Alert.objects.get()
    raised = Notification.objects.filter(kind="alert.raised")
    assert sorted(raised.values_list("recipient__username", flat=True)) == ["bandung", "jabar", "viewer"]
    routes = dict(AlertNotice.objects.filter(alert=alert).values_list("notification__recipient__username", "route"))
    assert routes == {"bandung": NoticeRoute.OFFICE, "jabar": NoticeRoute.SUBSCRIPTION,
                      "viewer": NoticeRoute.SUBSCRIPTION}  # fmt: skip
    jabar = raised.get(recipient=ew_world["jabar"])
    assert jabar.link == f"/alerts/{alert.pk}/" and "Kota Bandung" in jabar.title
    assert jabar.email_status == EmailStatus.SENT
    assert raised.get(recipient=ew_world["viewer"]).email_status == EmailStatus.NONE  # inbox only
    assert sorted(m.to[0] for m in mail.outbox) == ["bandung@example.go.id", "jabar@example.go.id"]


def test_escalation_and_closing_reach_their_subscribers(flare: None, ew_world: dict[str, Any]) -> None:
    sub(ew_world["viewer"], kinds=["alert.escalated", "alert.closed"], language="en")
    engine.run(DAY)
    alert = Alert.objects.get()
    escalation.escalate_due(alert.routed_at + dt.timedelta(hours=12))  # to the province office (jabar)
    alert.refresh_from_db()
    viewer = Notification.objects.get(recipient=ew_world["viewer"], kind="alert.escalated")
    assert viewer.title.startswith("Escalated Awas")  # in the subscription's language
    assert AlertNotice.objects.get(alert=alert, notification__recipient=ew_world["jabar"]).route == "escalation"
    responses.close(ew_world["jabar"], alert, outcome="Mediasi berhasil")
    assert Notification.objects.filter(recipient=ew_world["viewer"], kind="alert.closed").count() == 1
    assert not Notification.objects.filter(recipient=ew_world["jabar"], kind="alert.closed").exists()


def test_a_subscriber_moved_out_of_the_region_hears_nothing(flare: None, ew_world: dict[str, Any]) -> None:
    sub(ew_world["viewer"], region_code="32.73")
    ew_world["viewer"].scope_region_id = "31"
    ew_world["viewer"].save(update_fields=["scope_region"])
    engine.run(DAY)
    assert not Notification.objects.filter(recipient=ew_world["viewer"]).exists()


# --- the log -------------------------------------------------------------------------------------------------


def test_the_alert_page_shows_who_was_told_with_the_outcome(
    flare: None, ew_world: dict[str, Any], django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:  # fmt: skip
    services.create_subscription(ew_world["nadmin"], name="Gateway WA Jabar", url="http://127.0.0.1:9/hook")
    sub(ew_world["jabar"], channels=["inbox", "email"])

    class Refusing(EmailBackend):
        def send_messages(self, messages: Any) -> int:
            raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(mail, "get_connection", lambda *a, **k: Refusing())
    with django_capture_on_commit_callbacks(execute=True):
        engine.run(DAY)
    alert = Alert.objects.get()
    assert WebhookDelivery.objects.get().alert_id == alert.pk
    page = _client(ew_world["jabar"]).get(f"/alerts/{alert.pk}/").content.decode()
    section = page[page.index("Diberitahukan kepada") :]
    assert "bandung" in section and "jabar" in section and "Gateway WA Jabar" in section
    assert "Kantor penanggung jawab" in section and "Langganan" in section
    assert "E-mail gagal, akan dicoba lagi" in section and "mail server down" in section
    assert "Menunggu dikirim" in section  # the webhook, not yet sent
    assert "Diberitahukan kepada" not in _client(ew_world["viewer"]).get(f"/alerts/{alert.pk}/").content.decode()
