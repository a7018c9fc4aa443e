"""Sign-in, sign-out and failed sign-in in the audit trail, from Django's auth signals (connected in
`CoreConfig.ready()`).

A failed attempt keeps the username that was tried and the client's address, never the password. Only
sign-ins through the site are recorded: a request that did not pass the request middleware (a test
client's `force_login`, a shell) carries no request id and is no visit of the site."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from waspada.core.audit.chain import record

LOGIN, LOGOUT, LOGIN_FAILED = "accounts.login", "accounts.logout", "accounts.login_failed"
USERNAME_MAX = 150


def _through_site(request: HttpRequest | None) -> bool:
    return request is not None and bool(getattr(request, "request_id", ""))


def on_login(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    if _through_site(request) and user is not None:
        record(user, LOGIN, user, request=request)


def on_logout(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    if _through_site(request) and user is not None:  # user is None when nobody was signed in
        record(user, LOGOUT, user, request=request)


def on_login_failed(sender: Any, credentials: dict[str, Any] | None = None, request: HttpRequest | None = None,
                    **kwargs: Any) -> None:  # fmt: skip
    if not _through_site(request):
        return
    # Only the username: the credentials also hold the password (Django masks it, but keep none of it).
    tried = str((credentials or {}).get("username") or "")[:USERNAME_MAX]
    record(None, LOGIN_FAILED, None, after={"username": tried}, request=request)


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="waspada.audit.login")
    user_logged_out.connect(on_logout, dispatch_uid="waspada.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="waspada.audit.login_failed")
