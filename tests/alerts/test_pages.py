"""The alert pages and the board block: what each office sees, the evidence in words, responding from the page."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from tests.alerts.conftest import DAY
from waspada.alerts.models import Alert, AlertStatus


def _client(user: Any, language: str = "id") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_the_list_and_the_alert_page_explain_the_level(alert: Alert, ew_world: dict[str, Any]) -> None:
    client = _client(ew_world["jabar"])
    listed = client.get("/alerts/").content.decode()
    assert "Kota Bandung" in listed and "Awas" in listed
    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert "30 hari tersibuk dalam 12 bulan" in page  # the rule in words, in Indonesian
    assert re.search(r'Insiden dalam 7 hari terakhir[^<]*</th><td class="num">6', page)
    assert page.count("/incidents/") >= 6  # each incident behind it links to its page


def test_another_kabkota_office_gets_404(alert: Alert, ew_world: dict[str, Any]) -> None:
    assert _client(ew_world["kabbandung"]).get(f"/alerts/{alert.pk}/").status_code == 404
    assert "Kota Bandung" not in _client(ew_world["kabbandung"]).get("/alerts/").content.decode()


def test_the_office_responds_from_the_page(alert: Alert, ew_world: dict[str, Any]) -> None:
    client = _client(ew_world["bandung"])
    url = f"/alerts/{alert.pk}/respond/"
    assert client.post(url, {"do": "acknowledge"}).status_code == 302
    client.post(url, {"do": "action", "description": "Dialog dengan tim pemenangan", "due_on": str(DAY)})
    refused = client.post(url, {"do": "action", "description": "x", "due_on": "besok"}, follow=True)
    assert "Tulis tenggat sebagai tanggal" in refused.content.decode()
    client.post(url, {"do": "close", "outcome": "Kondusif"})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED and alert.actions.count() == 1
    assert "Tanggapi" not in client.get(f"/alerts/{alert.pk}/").content.decode()  # closed: no forms


def test_a_viewer_reads_the_alert_but_has_no_forms(alert: Alert, ew_world: dict[str, Any]) -> None:
    page = _client(ew_world["viewer"]).get(f"/alerts/{alert.pk}/").content.decode()
    assert "Awas" in page and 'name="do"' not in page
    assert _client(ew_world["viewer"]).post(f"/alerts/{alert.pk}/respond/", {"do": "acknowledge"}).status_code == 403


def test_the_board_shows_live_alerts_in_scope(alert: Alert, ew_world: dict[str, Any]) -> None:
    board = _client(ew_world["jabar"]).get("/").content.decode()
    assert f"/alerts/{alert.pk}/" in board
    assert f"/alerts/{alert.pk}/" not in _client(ew_world["kabbandung"]).get("/").content.decode()


def test_pages_in_english(alert: Alert, ew_world: dict[str, Any]) -> None:
    page = _client(ew_world["nadmin"], "en").get(f"/alerts/{alert.pk}/?lang=en")
    assert page.status_code == 200
