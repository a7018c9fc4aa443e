"""API authentication: a browser session or `Authorization: Bearer <token>`, then the role gate.

`api_auth("perm")` is the only auth a route may use: `@router.get(..., auth=api_auth("users.manage"))`.
Missing, invalid, expired or revoked credentials give 401 with a clear detail; a role without the
permission gives 403.

Core holds no token table: the accounts app registers how a Bearer secret becomes a user
(`set_token_check(waspada.accounts.tokens.authenticate_token)` in its AppConfig.ready()).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from waspada.core.api.errors import ApiError
from waspada.core.permissions import has_permission, two_factor_missing

# The accounts app's check of a Bearer secret (AccountsConfig.ready()): the token's user, or ApiError(401).
TokenCheck = Callable[[str], Any]
_token_check: list[TokenCheck] = []


def set_token_check(check: TokenCheck) -> None:
    _token_check[:] = [check]


def authenticate_token(secret: str) -> Any:
    if not _token_check:
        raise ImproperlyConfigured("No API token check is registered: is waspada.accounts in INSTALLED_APPS?")
    return _token_check[0](secret)


def _gate(request: HttpRequest, user: Any, permission: str | None) -> Any:
    if permission is not None and not has_permission(user, permission):
        raise ApiError(403, _("Your role does not allow this."))
    return user


class BearerToken(HttpBearer):
    def __init__(self, permission: str | None) -> None:
        super().__init__()
        self.permission = permission

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        request.user = user
        request.api_token = True  # type: ignore[attr-defined]
        return _gate(request, user, self.permission)


class Session(APIKeyCookie):
    """The browser's Django session (CSRF-checked on writes), with its second factor when one is owed."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, permission: str | None) -> None:
        super().__init__(csrf=True)
        self.permission = permission

    def _get_key(self, request: HttpRequest) -> str | None:
        # Anonymous callers get 401 ("sign in first"), not a CSRF 403.
        return super()._get_key(request) if request.user.is_authenticated else None

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not request.user.is_authenticated:
            return None
        if two_factor_missing(request):
            raise ApiError(403, _("Finish two-factor verification in the web app first."))
        return _gate(request, request.user, self.permission)


def api_auth(permission: str | None = "signed_in", *, session: bool = True, bearer: bool = True) -> list[Any]:
    """Bearer first, so a script's POST is not refused for a missing CSRF cookie."""
    auths: list[Any] = []
    if bearer:
        auths.append(BearerToken(permission))
    if session:
        auths.append(Session(permission))
    return auths
