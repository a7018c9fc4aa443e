"""The signed-in user's row, kept briefly per process: fresh objects per request, saves seen at once."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from waspada.accounts.backends import BrieflyCachedModelBackend, forget_user
from waspada.core.scope import Role


def test_second_request_skips_the_query_and_gets_its_own_object(make_user: Any) -> None:
    user = make_user(role=Role.VIEWER)
    backend = BrieflyCachedModelBackend()
    first = backend.get_user(user.pk)
    with CaptureQueriesContext(connection) as queries:
        second = backend.get_user(user.pk)
    assert len(queries) == 0
    assert first == second and first is not second
    first.otp_device = "verified-here"  # per-request state (django-otp) must not reach another request
    assert not hasattr(backend.get_user(user.pk), "otp_device")


def test_a_save_in_this_process_is_seen_at_once(make_user: Any) -> None:
    user = make_user(role=Role.VIEWER)
    backend = BrieflyCachedModelBackend()
    assert backend.get_user(user.pk).role == Role.VIEWER
    user.role = Role.FIELD_MONITOR
    user.save()
    assert backend.get_user(user.pk).role == Role.FIELD_MONITOR
    user.is_active = False
    user.save()
    assert backend.get_user(user.pk) is None


def test_unknown_user_is_none(db: None) -> None:
    forget_user()
    assert BrieflyCachedModelBackend().get_user(987654) is None


def test_token_row_is_kept_briefly_and_a_revocation_is_seen_at_once(make_user: Any) -> None:
    import pytest

    from waspada.accounts.services import create_token, revoke_token
    from waspada.accounts.tokens import authenticate_token
    from waspada.core.api.errors import ApiError

    user = make_user(role=Role.VIEWER)
    new = create_token(user, "phone")
    assert authenticate_token(new.secret) == user
    with CaptureQueriesContext(connection) as queries:
        again = authenticate_token(new.secret)
    assert again == user and len(queries) == 0
    revoke_token(user, new.token)
    with pytest.raises(ApiError) as caught:
        authenticate_token(new.secret)
    assert caught.value.status == 401
