"""The notification inbox: notify() stores one row per active recipient (all or none) and sends the e-mail copy
only after they commit; the /notifications/ page shows the signed-in user's own notifications only, marks
them read, and the header counts the unread ones."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from waspada.core.notifications import services
from waspada.core.notifications.models import Notification
from waspada.core.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user: Any) -> dict[str, Any]:
    return {
        "ani": make_user("ani", email="ani@example.org"),
        "budi": make_user("budi", email=""),
        "cici": make_user("cici", email="cici@example.org", is_active=False),
    }


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_notify_stores_a_row_per_active_user_and_emails_those_with_an_address(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(people.values(), "monitoring.reminder", "Laporan belum masuk", "Kirim hari ini.",
                      "/incidents/", email=True)  # fmt: skip
    assert sorted(row.recipient.username for row in rows) == ["ani", "budi"]  # the disabled account gets nothing
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ani@example.org"] and message.subject == "Laporan belum masuk"
    assert message.body.startswith("Kirim hari ini.\n\n") and message.body.endswith("/incidents/")
    stored = {row.recipient.username: row for row in Notification.objects.select_related("recipient")}
    assert stored["ani"].emailed and not stored["budi"].emailed
    assert all(row.read_at is None and row.kind == "monitoring.reminder" for row in stored.values())


def test_no_email_is_sent_when_the_rows_roll_back(people: dict[str, Any], mailoutbox: list[Any]) -> None:
    from django.db import transaction

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        notify([people["ani"]], "x", "Judul", email=True)
        raise Abort
    assert not Notification.objects.exists() and mailoutbox == []


def test_a_refusing_mail_server_leaves_the_inbox_rows(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:  # fmt: skip
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(mail, "get_connection", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        notify([people["ani"]], "x", "Judul", email=True)
    assert list(Notification.objects.values_list("emailed", flat=True)) == [False]


@pytest.mark.parametrize("link", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)",
                                  "incidents/", "/\\elsewhere.example"])  # fmt: skip
def test_links_must_stay_inside_waspada(people: dict[str, Any], link: str) -> None:
    with pytest.raises(ValueError, match="path inside Waspada"):
        notify([people["ani"]], "x", "Judul", link=link)
    assert not Notification.objects.exists()


def test_a_notification_needs_a_title(people: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="title"):
        notify([people["ani"]], "x", "  ")
    with pytest.raises(ValueError, match="200"):
        notify([people["ani"]], "x", "a" * 201)


def test_the_inbox_shows_only_the_users_own_notifications_and_counts_the_unread(people: dict[str, Any]) -> None:
    notify([people["ani"]], "x", "Untuk Ani")
    notify([people["budi"]], "x", "Untuk Budi")
    page = client_of(people["ani"]).get(reverse("notifications:inbox"), HTTP_ACCEPT_LANGUAGE="id")
    html = page.content.decode()
    assert page.status_code == 200 and "Untuk Ani" in html and "Untuk Budi" not in html
    assert "Notifikasi" in html and 'class="badge" aria-label="1 belum dibaca">1<' in html


def test_marking_read_is_the_owners_alone(people: dict[str, Any]) -> None:
    [ani_note] = notify([people["ani"]], "x", "Untuk Ani", link="/incidents/")
    budi = client_of(people["budi"])
    assert budi.post(reverse("notifications:mark_read", args=[ani_note.pk])).status_code == 404
    assert budi.post(reverse("notifications:mark_all_read")).status_code == 302
    ani_note.refresh_from_db()
    assert ani_note.read_at is None
    ani = client_of(people["ani"])
    response = ani.post(reverse("notifications:mark_read", args=[ani_note.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/incidents/"  # "Open" follows the link
    ani_note.refresh_from_db()
    assert ani_note.read_at is not None
    assert services.unread_count(people["ani"]) == 0
    assert 'class="badge"' not in ani.get(reverse("notifications:inbox")).content.decode()


def test_mark_all_read_and_the_unread_filter(people: dict[str, Any]) -> None:
    first, second = (notify([people["ani"]], "x", title)[0] for title in ("Satu", "Dua"))
    ani = client_of(people["ani"])
    ani.post(reverse("notifications:mark_read", args=[first.pk]))
    unread = ani.get(reverse("notifications:inbox") + "?unread=1").content.decode()
    assert "Dua" in unread and "Satu" not in unread
    assert ani.post(reverse("notifications:mark_all_read"))["Location"] == reverse("notifications:inbox")
    assert services.unread_count(people["ani"]) == 0
    assert ani.get(reverse("notifications:mark_all_read")).status_code == 405  # changes state: POST only


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(reverse("notifications:inbox"))
    assert response.status_code == 302 and "/login" in response["Location"]
