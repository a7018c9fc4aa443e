"""Optional TOTP; required for national admins when WASPADA_REQUIRE_2FA is on."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD, client_for
from waspada.accounts.models import User
from waspada.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_enrol_then_login_asks_for_the_code(kabkota_officer: User) -> None:
    client = client_for(kabkota_officer)
    assert b"<svg" in client.get("/accounts/2fa/").content
    device = TOTPDevice.objects.get(user=kabkota_officer)
    assert client.post("/accounts/2fa/", {"token": code(device)}).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.2fa.enable").exists()

    fresh = Client()
    response = fresh.post("/login/", {"username": "kabkota_officer", "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/verify/")
    assert fresh.get("/accounts/me/")["Location"].startswith("/accounts/2fa/verify/")  # owes the code
    assert fresh.get("/api/v1/me").status_code == 403
    device.refresh_from_db()
    device.last_t = -1  # the code was used at enrolment; a new one arrives each 30 s
    device.save()
    assert fresh.post("/accounts/2fa/verify/", {"token": code(device), "next": "/accounts/me/"})["Location"] == (
        "/accounts/me/")  # fmt: skip
    assert fresh.get("/accounts/me/").status_code == 200


def test_wrong_code_is_refused_with_a_message(kabkota_officer: User) -> None:
    client = client_for(kabkota_officer)
    client.get("/accounts/2fa/")
    response = client.post("/accounts/2fa/", {"token": "000000"})
    assert response.status_code == 200 and response.context["form"].errors["token"]
    assert not TOTPDevice.objects.get(user=kabkota_officer).confirmed


def test_required_for_national_admins(national_admin: User, kabkota_officer: User, settings: object) -> None:
    settings.WASPADA_REQUIRE_2FA = True  # type: ignore[attr-defined]
    admin_client = client_for(national_admin)
    assert admin_client.get("/audit/")["Location"].startswith("/accounts/2fa/?next=")
    assert admin_client.get("/admin/")["Location"].startswith("/admin/login/")
    assert admin_client.get("/api/v1/me").status_code == 403
    assert client_for(kabkota_officer).get("/accounts/me/").status_code == 200  # other roles: optional


def test_unsafe_next_is_ignored(kabkota_officer: User) -> None:
    client = client_for(kabkota_officer)
    client.get("/accounts/2fa/")
    device = TOTPDevice.objects.get(user=kabkota_officer)
    response = client.post("/accounts/2fa/", {"token": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"
