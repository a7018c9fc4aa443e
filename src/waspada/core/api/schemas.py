"""The types the API's OpenAPI document is built from (issue 15): the one error shape, every error status an
operation can answer, the page envelope, and closed sets of values as enums.

Routes declare what they answer, e.g. `response={200: page_of(RegionOut), **refusals(404, 422)}`: `refusals`
adds 401 and 403 (every route behind `api_auth`: no or bad credentials; a role without the permission or a
second factor still owed) to the statuses the route itself names. Response models refuse keys they do not
declare (`Out`), so the document cannot drift from what is sent: a key added to a serializer and not to its
model fails the tests (and the API's schema test) instead of going out undocumented.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, Literal

from django.conf import settings
from ninja import Schema
from pydantic import ConfigDict, Field, create_model

from waspada.core.api.pagination import DEFAULT_PAGE_SIZE

# Statuses every route behind api_auth may answer, whatever it does (see the module docstring).
AUTH_STATUSES = (401, 403)


class Out(Schema):
    """A response body: exactly the keys declared (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")


class ErrorItem(Schema):
    field: str = Field(description='The field to fix ("body", "items.0.text", "row 7, tanggal", "request").')
    message: str


class ErrorOut(Out):
    """Every error answer of the API (core/api/errors.py)."""

    detail: str
    errors: list[ErrorItem]


def refusals(*statuses: int, auth: bool = True) -> dict[int, type[Schema]]:
    """The error answers of a route: its own `statuses`, and 401/403 unless it is outside api_auth."""
    codes = set(statuses) | (set(AUTH_STATUSES) if auth else set())
    return {code: ErrorOut for code in sorted(codes)}


def choice(values: Iterable[str]) -> Any:
    """A closed set of strings (a TextChoices' values) as a Literal, so the document lists them as an enum."""
    return Literal[tuple(values)]  # type: ignore[valid-type]


@cache
def page_of(item: Any, name: str = "") -> type[Schema]:
    """The pagination envelope (core/api/pagination.py) around `item` (a schema, or a union given a `name`)."""
    return create_model(
        f"{name or item.__name__.removesuffix('Out')}Page",
        __base__=Out,
        count=(int, Field(ge=0)),
        next=(str | None, Field(description="The next page's URL, or null on the last.")),
        previous=(str | None, Field(description="The previous page's URL, or null on the first.")),
        results=(list[item], ...),  # type: ignore[valid-type]
    )


class PageParams(Schema):
    page: int = Field(1, ge=1, description="Pages start at 1; past the last page is 422.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=settings.API_PAGE_SIZE_MAX)
