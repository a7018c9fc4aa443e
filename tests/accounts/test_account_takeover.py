"""Issue 15, defect 7: a province officer must not take over a kab/kota officer's account.

The attack was: change the kab/kota officer's e-mail to an address the province officer reads, then send that
account a password reset, follow the link and sign in as the kab/kota office (its restricted items and
informants). A province officer still creates and disables kab/kota accounts; an existing account's e-mail,
password and two-factor belong to its owner and to national admins."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from tests.personas import PASSWORD, client_for
from waspada.accounts import services
from waspada.accounts.models import User
from waspada.core.audit.models import AuditEvent
from waspada.core.permissions import has_permission
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

ATTACKER_MAILBOX = "province-officer-private@example.com"


def _account_events() -> list[str]:
    events = AuditEvent.objects.filter(action__startswith="accounts.").order_by("seq")
    return list(events.values_list("action", flat=True))


def test_province_officer_cannot_change_an_existing_accounts_email(province_officer: User,
                                                                   kabkota_officer: User) -> None:  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.update_user(province_officer, kabkota_officer, {"email": ATTACKER_MAILBOX})
    kabkota_officer.refresh_from_db()
    assert kabkota_officer.email == "kabkota_officer@example.go.id"
    assert _account_events() == []


def test_province_officer_cannot_reset_an_existing_accounts_password(province_officer: User,
                                                                     kabkota_officer: User) -> None:  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.reset_password(province_officer, kabkota_officer)
    kabkota_officer.refresh_from_db()
    assert kabkota_officer.check_password(PASSWORD)  # the old password still works: nothing was reset
    assert mail.outbox == [] and _account_events() == []


def test_the_takeover_through_the_pages_fails(province_officer: User, kabkota_officer: User) -> None:
    """The whole attack as the province officer would click it: edit form, then the reset button."""
    client = client_for(province_officer)
    form = {"username": kabkota_officer.username, "email": ATTACKER_MAILBOX, "first_name": "", "last_name": "",
            "role": kabkota_officer.role, "scope_region": "32.73"}  # fmt: skip
    client.post(f"/accounts/users/{kabkota_officer.pk}/", form)
    kabkota_officer.refresh_from_db()
    assert kabkota_officer.email == "kabkota_officer@example.go.id"
    response = client.post(f"/accounts/users/{kabkota_officer.pk}/password-reset/")
    assert response.status_code == 403
    assert not any(ATTACKER_MAILBOX in message.to for message in mail.outbox)
    assert mail.outbox == []
    kabkota_officer.refresh_from_db()
    assert kabkota_officer.check_password(PASSWORD)


def test_edit_page_shows_the_email_read_only_to_a_province_officer(province_officer: User,
                                                                   kabkota_officer: User) -> None:  # fmt: skip
    page = client_for(province_officer).get(f"/accounts/users/{kabkota_officer.pk}/")
    assert page.status_code == 200
    assert page.context["form"].fields["email"].disabled
    assert "password-reset" not in page.content.decode()


def test_province_officer_still_creates_and_disables(province_officer: User, kabkota_officer: User) -> None:
    created = services.create_user(province_officer, {
        "username": "cimahi", "email": "kesbangpol@cimahikota.go.id", "role": "kabkota_officer",
        "scope_region": Region.objects.get(code="32.73")})  # fmt: skip
    assert created.email == "kesbangpol@cimahikota.go.id"
    services.set_active(province_officer, kabkota_officer, False)
    kabkota_officer.refresh_from_db()
    assert not kabkota_officer.is_active
    # Other fields than the credentials stay the province office's to correct.
    services.update_user(province_officer, created, {"first_name": "Kesbangpol", "email": created.email})
    assert User.objects.get(pk=created.pk).first_name == "Kesbangpol"


def test_national_admin_changes_anyones_email_and_password(national_admin: User, kabkota_officer: User) -> None:
    services.update_user(national_admin, kabkota_officer, {"email": "baru@bandung.go.id"})
    services.reset_password(national_admin, kabkota_officer)
    kabkota_officer.refresh_from_db()
    assert kabkota_officer.email == "baru@bandung.go.id" and not kabkota_officer.has_usable_password()
    assert _account_events() == ["accounts.user.update", "accounts.user.password_reset"]


def test_only_national_admins_hold_the_credentials_permission(personas: dict[str, User]) -> None:
    holders = {name for name, user in personas.items() if has_permission(user, "users.credentials")}
    assert holders == {"national_admin"}
    kabkota = personas["kabkota_officer"]
    assert not services.can_change_credentials(personas["province_officer"], kabkota)
    assert services.can_change_credentials(personas["national_admin"], kabkota)


def test_province_officer_cannot_reach_anothers_two_factor(province_officer: User, kabkota_officer: User) -> None:
    """Two-factor devices of other people are removed only in the admin site, which is national admins' alone."""
    response = client_for(province_officer).get("/admin/otp_totp/totpdevice/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
