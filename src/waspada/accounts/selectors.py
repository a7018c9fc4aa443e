"""Scoped reads of accounts: always through core.scope.restrict."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from waspada.accounts.models import ApiToken, User
from waspada.core.scope import Action, restrict


def users_for(actor: Any, *, q: str = "", role: str = "", region: str = "", active: str = "") -> QuerySet[User]:
    users = restrict(User.objects.select_related("scope_region"), actor, Action.VIEW)
    if q:
        users = users.filter(Q(username__icontains=q) | Q(email__icontains=q) | Q(first_name__icontains=q)
                             | Q(last_name__icontains=q))  # fmt: skip
    if role:
        users = users.filter(role=role)
    if region:
        users = users.filter(Q(scope_region_id=region) | Q(scope_region__code__startswith=f"{region}."))
    if active in {"1", "0"}:
        users = users.filter(is_active=active == "1")
    return users.order_by("username")


def user_for(actor: Any, pk: int, action: Action = Action.VIEW) -> User | None:
    return restrict(User.objects.select_related("scope_region"), actor, action).filter(pk=pk).first()


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
