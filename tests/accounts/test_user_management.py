"""National admins manage everyone; a province officer manages kab/kota offices, monitors and viewers in its
province. Every change is one audit event; refused changes change nothing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.personas import client_for, make_account
from waspada.accounts import services
from waspada.accounts.models import User
from waspada.core.audit import verify_chain
from waspada.core.audit.models import AuditEvent
from waspada.core.scope import Role
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db


def _data(**extra: object) -> dict[str, object]:
    return {"username": "cimahi", "email": "kesbangpol@cimahikota.go.id", "role": Role.KABKOTA_OFFICER,
            "scope_region": Region.objects.get(code="32.73"), **extra}  # fmt: skip


def test_province_officer_creates_kabkota_officer(province_officer: User) -> None:
    user = services.create_user(province_officer, _data())
    assert user.role == Role.KABKOTA_OFFICER and not user.has_usable_password()
    event = AuditEvent.objects.get(action="accounts.user.create")
    assert event.actor == province_officer and event.after["scope_region"] == "32.73" and event.before is None
    assert "password" not in event.after and verify_chain().ok


def test_province_officer_cannot_create_in_another_province(province_officer: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_user(province_officer, _data(scope_region=Region.objects.get(code="35.78")))
    assert "Jawa Barat" in str(error.value.message_dict["scope_region"])
    assert not User.objects.filter(username="cimahi").exists()
    assert not AuditEvent.objects.exclude(action="regions.import").exists()


@pytest.mark.parametrize("role", [Role.PROVINCE_OFFICER, Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST])
def test_province_officer_cannot_give_higher_roles(province_officer: User, role: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_user(province_officer, _data(role=role))
    assert "role" in error.value.message_dict


def test_role_needs_a_matching_region_level(national_admin: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_user(national_admin, _data(role=Role.PROVINCE_OFFICER))
    assert "provinsi" in str(error.value.message_dict["scope_region"])
    with pytest.raises(ValidationError):
        services.create_user(national_admin, _data(role=Role.NATIONAL_ANALYST))


def test_update_disable_and_reset(province_officer: User, kabkota_officer: User, national_admin: User) -> None:
    services.update_user(province_officer, kabkota_officer, {"scope_region": Region.objects.get(code="32.04")})
    services.set_active(province_officer, kabkota_officer, False)
    kabkota_officer.email = "bandung@example.go.id"
    kabkota_officer.save()
    no_email = make_account("tanpa_email", Role.VIEWER, "32")
    with pytest.raises(PermissionDenied):  # passwords are the owner's and national admins' (issue 15)
        services.reset_password(province_officer, no_email)
    with pytest.raises(ValidationError):
        services.reset_password(national_admin, no_email)
    actions = list(AuditEvent.objects.exclude(action="regions.import").order_by("seq").values_list("action", flat=True))
    assert actions == ["accounts.user.update", "accounts.user.disable"]
    update = AuditEvent.objects.get(action="accounts.user.update")
    assert (update.before["scope_region"], update.after["scope_region"]) == ("32.73", "32.04")


def test_outside_and_peer_accounts_are_refused(province_officer: User, personas: dict[str, User]) -> None:
    surabaya = make_account("surabaya", Role.KABKOTA_OFFICER, "35.78")
    for target in (surabaya, personas["national_admin"], province_officer):
        with pytest.raises(PermissionDenied):
            services.set_active(province_officer, target, False)
    assert User.objects.filter(is_active=False).count() == 0


def test_disabled_user_loses_the_session(province_officer: User, kabkota_officer: User) -> None:
    client = client_for(kabkota_officer)
    assert client.get("/accounts/me/").status_code == 200
    services.set_active(province_officer, kabkota_officer, False)
    assert client.get("/accounts/me/").status_code == 302


def test_create_page_sends_a_set_password_link(province_officer: User) -> None:
    client = client_for(province_officer)
    response = client.post("/accounts/users/new/", {"username": "cimahi", "email": "a@cimahi.go.id",
                                                    "role": "kabkota_officer", "scope_region": "32.04"})  # fmt: skip
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/password-reset/" in mail.outbox[0].body


def test_create_page_names_the_field_to_fix(province_officer: User) -> None:
    response = client_for(province_officer).post(
        "/accounts/users/new/", {"username": "sby", "role": "kabkota_officer", "scope_region": "35.78"})
    assert response.status_code == 200 and "Jawa Barat" in response.content.decode()
    response = client_for(province_officer).post(
        "/accounts/users/new/", {"username": "sby", "role": "kabkota_officer", "scope_region": "99.99"})
    assert "99.99" in response.content.decode() and not User.objects.filter(username="sby").exists()


def test_user_list_is_scoped_with_constant_queries(province_officer: User) -> None:
    client = client_for(province_officer)
    client.get("/accounts/users/")  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get("/accounts/users/")
    for i in range(15):
        make_account(f"monitor{i}", Role.FIELD_MONITOR, "32.04")
    make_account("surabaya", Role.KABKOTA_OFFICER, "35.78")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/accounts/users/")
    assert len(many) == len(few) <= 8
    names = {u.username for u in response.context["page"]}
    assert "monitor14" in names and "surabaya" not in names and "national_admin" not in names
