"""GET /api/v1/me, /users, /users/{id}; GET/POST /tokens, DELETE /tokens/{id}."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from waspada.accounts import selectors, services
from waspada.accounts.models import ApiToken, User
from waspada.core.api.auth import api_auth
from waspada.core.api.errors import not_found
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import Out, PageParams, choice, page_of, refusals
from waspada.core.scope import Role

router = Router()


class UserOut(Out):
    id: int
    username: str
    email: str
    name: str
    role: choice(Role.values)  # type: ignore[valid-type]
    scope_region: str | None = Field(description="The region code the account's scope covers; null: national.")
    is_external: bool
    is_active: bool


class TokenOut(Out):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the secret, to tell tokens apart.")
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None
    is_active: bool


class NewTokenOut(TokenOut):
    token: str = Field(description="The secret: shown in this response only.")


def user_summary(user: User) -> dict[str, Any]:
    return {
        "id": user.pk, "username": user.username, "email": user.email, "name": user.get_full_name(),
        "role": user.role, "scope_region": user.scope_region_id, "is_external": user.is_external,
        "is_active": user.is_active,
    }  # fmt: skip


def token_summary(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.pk, "name": token.name, "prefix": token.prefix, "created_at": token.created_at,
        "expires_at": token.expires_at, "revoked_at": token.revoked_at, "last_used_at": token.last_used_at,
        "is_active": token.is_active,
    }  # fmt: skip


@router.get("/me", summary="The signed-in user: role and scope", auth=api_auth("signed_in"),
            response={200: UserOut, **refusals()})  # fmt: skip
def me(request: HttpRequest) -> dict[str, Any]:
    return user_summary(request.user)  # type: ignore[arg-type]


class UserListParams(PageParams):
    q: str = Field("", description="Part of a username, e-mail or name (the first 100 characters count).")
    role: str = Field("", description="A role: " + ", ".join(Role.values) + " (another value finds nobody).")
    region: str = Field("", description="A region code: accounts scoped to it or inside it.")


@router.get("/users", summary="Accounts in your scope", auth=api_auth("users.manage"),
            response={200: page_of(UserOut), **refusals(422)})  # fmt: skip
def list_users(request: HttpRequest, params: Query[UserListParams]) -> dict[str, Any]:
    users = selectors.users_for(request.user, q=params.q[:100], role=params.role, region=params.region)
    return paginate(request, users, params.page, params.page_size, user_summary)


@router.get("/users/{user_id}", summary="One account in your scope", auth=api_auth("users.manage"),
            response={200: UserOut, **refusals(404, 422)})  # fmt: skip
def get_user(request: HttpRequest, user_id: int) -> dict[str, Any]:
    user = selectors.user_for(request.user, user_id)
    if user is None:
        raise not_found(_("No account %(id)s in your scope.") % {"id": user_id})
    return user_summary(user)


@router.get("/tokens", summary="Your API tokens (never their secrets)", auth=api_auth("signed_in"),
            response={200: list[TokenOut], **refusals()})  # fmt: skip
def list_tokens(request: HttpRequest) -> list[dict[str, Any]]:
    return [token_summary(token) for token in selectors.tokens_of(request.user)]


class TokenIn(Schema):
    name: str = Field(description="What the token is for (kept to its first 100 characters); not blank.")
    days: int | None = Field(None, ge=1, le=settings.API_TOKEN_DAYS_MAX,
                             description="How long it lasts; the default is WASPADA_API_TOKEN_DAYS (90).")


# Session only: a token cannot mint more tokens.
@router.post("/tokens", summary="Create a token; its secret is in this response only",
             response={201: NewTokenOut, **refusals(400, 413, 422)},
             auth=api_auth("signed_in", bearer=False))  # fmt: skip
def create_token(request: HttpRequest, payload: TokenIn) -> Status:
    new = services.create_token(request.user, payload.name, payload.days, request)  # type: ignore[arg-type]
    return Status(201, {**token_summary(new.token), "token": new.secret})


@router.delete("/tokens/{token_id}", summary="Revoke one of your tokens", auth=api_auth("signed_in"),
               response={200: TokenOut, **refusals(404, 422)})  # fmt: skip
def revoke_token(request: HttpRequest, token_id: int) -> dict[str, Any]:
    token = selectors.tokens_of(request.user).filter(pk=token_id).first()
    if token is None:
        raise not_found(_("No token %(id)s among yours.") % {"id": token_id})
    services.revoke_token(request.user, token, request)
    return token_summary(token)
