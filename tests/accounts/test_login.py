"""Sign-in: wrong password, lockout, home by scope, navigation by role, password reset by e-mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.personas import PASSWORD, client_for
from waspada.accounts.models import User

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str = PASSWORD) -> object:
    return client.post("/login/", {"username": username, "password": password})


def test_wrong_password_is_a_clear_message(personas: dict[str, User]) -> None:
    response = sign_in(Client(), "kabkota_officer", "salah")
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert 'class="error" role="alert"' in response.content.decode()


def test_lockout_after_repeated_failures(personas: dict[str, User], settings: object) -> None:
    client = Client()
    for _ in range(5):
        sign_in(client, "kabkota_officer", "salah")
    response = sign_in(client, "kabkota_officer")  # even the right password
    assert response.status_code == 429 and "Akun terkunci" in response.content.decode()
    # Another account from the same office address is not locked.
    assert sign_in(Client(), "field_monitor").status_code == 302


@pytest.mark.parametrize(
    ("username", "heading"),
    [("national_admin", "Situasi di Indonesia"), ("national_analyst", "Situasi di Indonesia"),
     ("province_officer", "Situasi di Jawa Barat"), ("kabkota_officer", "Situasi di Kota Bandung"),
     ("field_monitor", "Situasi di Kota Bandung"), ("viewer", "Situasi di Jawa Barat")],
)  # fmt: skip
def test_home_by_scope(personas: dict[str, User], username: str, heading: str) -> None:
    client = Client()
    assert sign_in(client, username)["Location"] == "/"
    response = client.get("/")  # the situation board of the user's scope (tests/web/test_board.py)
    assert response.status_code == 200 and heading in response.content.decode()


@pytest.mark.parametrize(
    ("username", "users", "audit"),
    [("national_admin", True, True), ("province_officer", True, False), ("kabkota_officer", False, False),
     ("viewer", False, False)],
)  # fmt: skip
def test_navigation_shows_only_allowed_areas(personas: dict[str, User], username: str, users: bool,
                                             audit: bool) -> None:  # fmt: skip
    html = client_for(personas[username]).get("/national/").content.decode()
    assert ('href="/accounts/users/"' in html) is users
    assert ('href="/audit/"' in html) is audit


def test_password_reset_by_email(personas: dict[str, User]) -> None:
    client = Client()
    assert client.post("/password-reset/", {"email": "viewer@example.go.id"}).status_code == 302
    link = re.search(r"/password-reset/[^/\s]+/[^/\s]+/", mail.outbox[0].body).group(0)  # type: ignore[union-attr]
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": "kata-sandi-baru-2024", "new_password2": "kata-sandi-baru-2024"})
    assert response.status_code == 302
    assert sign_in(Client(), "viewer", "kata-sandi-baru-2024").status_code == 302
