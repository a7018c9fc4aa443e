"""API authentication: a browser session or `Authorization: Bearer <token>`, then the role gate.

`api_auth("perm")` is the only auth a route may use: `@router.get(..., auth=api_auth("users.manage"))`.
Missing, invalid, expired or revoked credentials give 401 with a clear detail; a role without the
permission gives 403.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from waspada.accounts.backends import BrieflyCachedModelBackend
from waspada.accounts.models import ApiToken, token_digest
from waspada.core.api.errors import ApiError
from waspada.core.brief_cache import BriefCache
from waspada.core.permissions import has_permission, two_factor_missing

_TOUCH_EVERY = timedelta(minutes=5)  # last_used_at: a write every few minutes, not every request


# A token's row is kept this long per process, like sessions and users (waspada.accounts.backends): a
# revocation in another gunicorn worker takes effect within this window; in this process at once.
TOKEN_CACHE_SECONDS = 10.0
_token_rows = BriefCache(TOKEN_CACHE_SECONDS)  # digest -> (pk, user_id, revoked_at, expires_at, last_used_at)


def forget_tokens(sender: Any = None, instance: Any = None, **_kwargs: Any) -> None:
    if instance is None:
        _token_rows.clear()
    else:
        _token_rows.forget(instance.digest)


def _token_row(digest: str) -> tuple[Any, ...] | None:
    """(pk, user_id, revoked_at, expires_at, last_used_at) of the token, from this process's brief cache."""
    row = _token_rows.get(digest)
    if row is None:
        row = (
            ApiToken.objects.filter(digest=digest)
            .values_list("pk", "user_id", "revoked_at", "expires_at", "last_used_at")
            .first()
        )
        if row is not None:
            _token_rows.put(digest, row)
    return row


def authenticate_token(secret: str) -> Any:
    digest = token_digest(secret)
    row = _token_row(digest)
    if row is None:
        raise ApiError(401, _("This API token is not valid."))
    pk, user_id, revoked_at, expires_at, last_used_at = row
    if revoked_at is not None:
        raise ApiError(401, _("This API token was revoked on %(date)s.") % {"date": f"{revoked_at:%Y-%m-%d}"})
    now = timezone.now()
    if expires_at <= now:
        raise ApiError(401, _("This API token expired on %(date)s; create a new one.")
                       % {"date": f"{expires_at:%Y-%m-%d}"})  # fmt: skip
    user = BrieflyCachedModelBackend().get_user(user_id)  # None when the account is disabled
    if user is None:
        raise ApiError(401, _("The account of this API token is disabled."))
    if last_used_at is None or now - last_used_at > _TOUCH_EVERY:
        ApiToken.objects.filter(pk=pk).update(last_used_at=now)
        _token_rows.put(digest, (*row[:4], now))
    return user


post_save.connect(forget_tokens, sender=ApiToken, dispatch_uid="accounts.api_auth.forget_tokens")


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
