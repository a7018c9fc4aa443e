"""Page-number pagination with the `count/next/previous/results` envelope of docs/architecture.md (API conventions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from waspada.core.api.errors import invalid

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 50


def paginate(
    request: HttpRequest,
    items: QuerySet[Any] | list[Any],
    page: int,
    page_size: int,
    serialize: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    if page < 1:
        raise invalid("page", _("Page numbers start at 1."))
    maximum = settings.API_PAGE_SIZE_MAX
    if not 1 <= page_size <= maximum:
        raise invalid("page_size", _("Page size must be between 1 and %(max)d.") % {"max": maximum})
    count = items.count() if isinstance(items, QuerySet) else len(items)
    last_page = max(1, -(-count // page_size))
    if page > last_page:
        # Also keeps absurd pages (10**19) from reaching the database as an OFFSET it cannot hold.
        raise invalid("page", _("Page %(page)d does not exist; the last page is %(last)d.") % {"page": page,
                                                                                          "last": last_page})
    start = (page - 1) * page_size
    rows = items[start : start + page_size]
    return {
        "count": count,
        "next": _page_url(request, page + 1) if start + page_size < count else None,
        "previous": _page_url(request, page - 1) if page > 1 and count else None,
        "results": [serialize(row) for row in rows],
    }


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
