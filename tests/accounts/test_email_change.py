"""The owner changes its own e-mail address, confirmed from the OLD address (issue 15), and its own password.

The link is signed and timestamped, works once, only for the account that asked, only before it expires and
only while the password is the one it was asked with."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from tests.personas import PASSWORD, client_for
from waspada.accounts import services
from waspada.accounts.models import User
from waspada.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW = "bandung.baru@example.go.id"


@pytest.fixture
def ask(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """POST the change request; the link is e-mailed once the request's transaction commits."""

    def post(client: Any, new_email: str = NEW, password: str = PASSWORD) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/accounts/me/email/", {"new_email": new_email, "password": password})

    return post


def _link() -> str:
    assert len(mail.outbox) == 1
    found = re.search(r"https?://[^/\s]+(/accounts/me/email/confirm/[^\s]+/)", mail.outbox[0].body)
    assert found, mail.outbox[0].body
    return found.group(1)


def test_link_goes_to_the_old_address_and_nothing_changes_before_it_is_opened(ask: Callable[..., Any],
                                                                            kabkota_officer: User) -> None:
    client = client_for(kabkota_officer)
    response = ask(client)
    assert response.status_code == 302
    assert mail.outbox[0].to == ["kabkota_officer@example.go.id"]  # the old address, never the new one
    assert NEW in mail.outbox[0].body
    kabkota_officer.refresh_from_db()
    assert kabkota_officer.email == "kabkota_officer@example.go.id"
    assert AuditEvent.objects.filter(action="accounts.email_change.request").count() == 1


def test_opening_the_link_shows_then_confirms_once(ask: Callable[..., Any], kabkota_officer: User) -> None:
    client = client_for(kabkota_officer)
    ask(client)
    link = _link()
    page = client.get(link)
    assert page.status_code == 200 and NEW in page.content.decode()
    kabkota_officer.refresh_from_db()
    assert kabkota_officer.email != NEW  # a GET (a mail scanner opening the link) changes nothing
    assert client.post(link).status_code == 302
    kabkota_officer.refresh_from_db()
    assert kabkota_officer.email == NEW
    event = AuditEvent.objects.get(action="accounts.user.email_change")
    assert (event.before["email"], event.after["email"]) == ("kabkota_officer@example.go.id", NEW)
    assert client.post(link).status_code == 400  # used: the account no longer has the old address


def test_another_account_cannot_use_the_link(ask: Callable[..., Any], kabkota_officer: User,
                                             province_officer: User) -> None:
    ask(client_for(kabkota_officer))
    link = _link()
    response = client_for(province_officer).post(link)
    assert response.status_code == 400
    assert User.objects.get(pk=kabkota_officer.pk).email == "kabkota_officer@example.go.id"
    assert User.objects.get(pk=province_officer.pk).email == "province_officer@example.go.id"


def test_expired_or_altered_links_are_refused(kabkota_officer: User, monkeypatch: pytest.MonkeyPatch) -> None:
    token = services.email_change_token(kabkota_officer, NEW)
    with pytest.raises(ValidationError, match="expired|kedaluwarsa"):
        monkeypatch.setattr(services, "EMAIL_CHANGE_MAX_AGE", -1)
        services.confirm_email_change(kabkota_officer, token)
    monkeypatch.setattr(services, "EMAIL_CHANGE_MAX_AGE", 3600)
    with pytest.raises(ValidationError):
        services.confirm_email_change(kabkota_officer, token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])
    assert User.objects.get(pk=kabkota_officer.pk).email == "kabkota_officer@example.go.id"
    assert services.confirm_email_change(kabkota_officer, token) == NEW


def test_a_password_change_kills_a_pending_link(kabkota_officer: User) -> None:
    token = services.email_change_token(kabkota_officer, NEW)
    kabkota_officer.set_password("kata-sandi-baru-yang-panjang")
    kabkota_officer.save()
    with pytest.raises(ValidationError):
        services.confirm_email_change(kabkota_officer, token)


def test_wrong_password_or_no_old_address_sends_nothing(ask: Callable[..., Any], kabkota_officer: User) -> None:
    client = client_for(kabkota_officer)
    assert ask(client, password="salah").status_code == 422
    assert ask(client, new_email="bukan-alamat").status_code == 422
    kabkota_officer.email = ""
    kabkota_officer.save()
    response = ask(client)
    assert response.status_code == 422 and "admin" in response.content.decode()
    assert mail.outbox == [] and not AuditEvent.objects.filter(action__startswith="accounts.email").exists()


def test_owner_changes_its_own_password(kabkota_officer: User) -> None:
    client, elsewhere = client_for(kabkota_officer), client_for(kabkota_officer)  # a second signed-in browser
    assert elsewhere.get("/accounts/me/").status_code == 200
    assert client.get("/accounts/me/password/").status_code == 200
    new = "Kesbangpol-Bandung-2026"
    response = client.post("/accounts/me/password/",
                           {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    kabkota_officer.refresh_from_db()
    assert kabkota_officer.check_password(new)
    assert AuditEvent.objects.filter(action="accounts.user.password_change", actor=kabkota_officer).count() == 1
    assert client.get("/accounts/me/").status_code == 200  # still signed in after the change
    assert elsewhere.get("/accounts/me/").status_code == 302  # every other session of the account ends


def test_session_writes_need_the_csrf_token(kabkota_officer: User) -> None:
    """Pages and session-authenticated API writes refuse a cross-site POST (no CSRF token)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(kabkota_officer)
    assert client.post("/accounts/me/email/", {"new_email": NEW, "password": PASSWORD}).status_code == 403
    response = client.post("/api/v1/tokens", {"name": "skrip"}, content_type="application/json")
    assert response.status_code == 403
    assert mail.outbox == [] and not kabkota_officer.api_tokens.exists()
