"""Password sign-in (Django's ModelBackend) with the signed-in user's row kept a few seconds per process.

Every request of a signed-in user loads that user from the database; on the busiest routes (region pages and
the regions API) that query was a third of the work. Like sessions (waspada.core.sessions), the row is kept at
most CACHE_SECONDS, and a save in this process drops it at once, so a deactivation, role change or new password
reaches every gunicorn worker within that window.

Each request gets its own User object built from the cached values, never a shared one: middleware sets
per-request attributes on request.user (django-otp's verified device), which must not leak between sessions.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models.signals import post_delete, post_save

from waspada.core.brief_cache import BriefCache

CACHE_SECONDS = 10.0

_rows = BriefCache(CACHE_SECONDS)  # user id -> the row's values, in _field_names() order


def _field_names() -> list[str]:
    return [field.attname for field in get_user_model()._meta.concrete_fields]


def forget_user(sender: Any = None, instance: Any = None, **_kwargs: Any) -> None:
    """Drop one user (after a save or delete in this process) or, without an instance, every cached user."""
    if instance is None:
        _rows.clear()
    else:
        _rows.forget(instance.pk)


class BrieflyCachedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        names = _field_names()
        values = _rows.get(user_id)
        if values is None:
            values = model._default_manager.filter(pk=user_id).values_list(*names).first()
            if values is None:
                return None
            _rows.put(user_id, values)
        user = model.from_db("default", names, values)
        return user if self.user_can_authenticate(user) else None


post_save.connect(forget_user, sender="accounts.User", dispatch_uid="accounts.backends.forget_user_saved")
post_delete.connect(forget_user, sender="accounts.User", dispatch_uid="accounts.backends.forget_user_deleted")
