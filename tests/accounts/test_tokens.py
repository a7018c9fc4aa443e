"""Personal API tokens: shown once, stored hashed, revocable, expiring; 401 with a clear detail otherwise."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext

from tests.personas import client_for
from waspada.accounts import services
from waspada.accounts.models import ApiToken, User, token_digest

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_token_is_stored_hashed_and_works(province_officer: User) -> None:
    new = services.create_token(province_officer, "skrip laporan")
    token = ApiToken.objects.get()
    assert token.digest == token_digest(new.secret) and new.secret not in {token.digest, token.prefix}
    body = Client().get("/api/v1/users", **bearer(new.secret)).json()
    assert {u["username"] for u in body["results"]} >= {"kabkota_officer", "field_monitor"}
    assert "national_admin" not in {u["username"] for u in body["results"]}
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    ("change", "words"),
    [({"revoked_at": timezone.now()}, "dicabut"), ({"expires_at": timezone.now() - timedelta(days=1)}, "kedaluwarsa")],
)  # fmt: skip
def test_revoked_and_expired_tokens_are_401(kabkota_officer: User, change: dict[str, object], words: str) -> None:
    new = services.create_token(kabkota_officer, "x")
    ApiToken.objects.filter(pk=new.token.pk).update(**change)
    response = Client().get("/api/v1/me", **bearer(new.secret))
    assert response.status_code == 401 and words in response.json()["detail"]


def test_invalid_token_and_disabled_account(kabkota_officer: User) -> None:
    assert Client().get("/api/v1/me", **bearer("wsp_nope")).json()["detail"] == gettext("This API token is not valid.")
    new = services.create_token(kabkota_officer, "x")
    kabkota_officer.is_active = False
    kabkota_officer.save()
    assert "dinonaktifkan" in Client().get("/api/v1/me", **bearer(new.secret)).json()["detail"]


def test_token_acts_with_the_role(viewer: User) -> None:
    new = services.create_token(viewer, "x")
    assert Client().get("/api/v1/users", **bearer(new.secret)).status_code == 403
    assert Client().get("/api/v1/me", **bearer(new.secret)).json()["role"] == "viewer"


def test_create_show_once_and_revoke_in_the_browser(field_monitor: User) -> None:
    client = client_for(field_monitor)
    response = client.post("/accounts/me/tokens/", {"name": "hp lapangan", "days": "30"})
    secret = response.context["new_secret"]
    assert secret.startswith("wsp_") and secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert secret not in client.get("/accounts/me/").content.decode()
    token = ApiToken.objects.get()
    assert client.post(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 302
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 401


def test_api_create_is_session_only(field_monitor: User) -> None:
    response = client_for(field_monitor).post("/api/v1/tokens", {"name": "api"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["token"].startswith("wsp_")
    secret = response.json()["token"]
    again = Client().post("/api/v1/tokens", {"name": "x"}, content_type="application/json", **bearer(secret))
    assert again.status_code == 401


def test_token_lifetime_is_bounded(field_monitor: User) -> None:
    with pytest.raises(services.ValidationError):
        services.create_token(field_monitor, "x", days=400)
