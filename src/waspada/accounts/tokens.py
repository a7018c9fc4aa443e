"""Personal API tokens at request time: a Bearer secret to its user, from a brief per-process cache.

The Bearer auth itself (`waspada.core.api.auth`) knows no token table; `AccountsConfig.ready()` hands it
`authenticate_token`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.accounts.backends import BrieflyCachedModelBackend
from waspada.accounts.models import ApiToken, token_digest
from waspada.core.api.errors import ApiError
from waspada.core.brief_cache import BriefCache

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


post_save.connect(forget_tokens, sender=ApiToken, dispatch_uid="accounts.tokens.forget_tokens")
