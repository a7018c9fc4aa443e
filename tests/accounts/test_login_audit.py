"""Sign-in, sign-out and failed sign-in are in the audit trail; a failed one keeps the username tried and the
address, never the password."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation

from tests.personas import PASSWORD
from waspada.accounts.models import User
from waspada.core.audit import verify_chain
from waspada.core.audit.describe import describe
from waspada.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("seq")


def test_sign_in_and_sign_out_are_recorded(personas: dict[str, User]) -> None:
    client = Client(REMOTE_ADDR="10.1.2.3")
    assert client.post("/login/", {"username": "kabkota_officer", "password": PASSWORD}).status_code == 302
    login = _last("accounts.login")
    assert login.actor_id == personas["kabkota_officer"].pk and login.ip == "10.1.2.3" and login.request_id
    assert login.object_id == str(personas["kabkota_officer"].pk)
    client.post("/logout/")
    logout = _last("accounts.logout")
    assert logout.actor_id == personas["kabkota_officer"].pk and logout.seq > login.seq
    with translation.override("id"):
        assert describe(login) == "kabkota_officer masuk"
        assert describe(logout) == "kabkota_officer keluar"
    assert verify_chain().ok


def test_failed_sign_in_keeps_the_username_and_address_but_not_the_password(personas: dict[str, User]) -> None:
    secret = "tebakan-rahasia-987"
    Client(REMOTE_ADDR="10.9.8.7").post("/login/", {"username": "no_such_person", "password": secret})
    event = _last("accounts.login_failed")
    assert event.actor_id is None and event.ip == "10.9.8.7" and event.after == {"username": "no_such_person"}
    stored = json.dumps([event.before, event.after, event.batch, event.object_repr])
    assert secret not in stored and "password" not in stored
    with translation.override("id"):
        assert describe(event) == "Gagal masuk sebagai “no_such_person”"
    with translation.override("en"):
        assert describe(event) == "Failed sign-in as “no_such_person”"


def test_a_wrong_password_for_a_real_account_is_recorded_once(personas: dict[str, User]) -> None:
    before = AuditEvent.objects.filter(action="accounts.login_failed").count()
    Client().post("/login/", {"username": "province_officer", "password": "salah"})
    assert AuditEvent.objects.filter(action="accounts.login_failed").count() == before + 1
    assert not AuditEvent.objects.filter(action="accounts.login").exists()


def test_force_login_outside_the_site_is_not_a_sign_in(personas: dict[str, User]) -> None:
    Client().force_login(personas["viewer"])  # no request through the middleware: no visit of the site
    assert not AuditEvent.objects.filter(action="accounts.login").exists()
