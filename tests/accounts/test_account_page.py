"""The account page shows how to send a token with its placeholder visible, not swallowed as an HTML tag."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.personas import client_for
from waspada.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "text"), [("id", "Kirim token sebagai"), ("en", "Send a token as")])
def test_bearer_placeholder_is_shown(personas: dict[str, User], language: str, text: str) -> None:
    client = client_for(personas["viewer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/accounts/me/").content.decode()
    assert f"{text} “Authorization: Bearer &lt;token&gt;”" in html
    assert "<token>" not in html
