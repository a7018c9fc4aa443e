"""Request-wide middleware: request ids (for the audit trail) and the interface language."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-Id", "")
        # Trust a proxy's id only when it looks like one; otherwise mint our own.
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-Id"] = request_id
        return response


class LanguageMiddleware:
    """Bahasa Indonesia unless the user chose otherwise (language cookie from the switcher).

    Unlike Django's LocaleMiddleware this ignores Accept-Language: most office PCs and phones send
    `en-US`, and the ministry wants the Indonesian interface by default.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# The zone of a region code (the regions app registers its `zone_of` in RegionsConfig.ready()); None: unknown.
ZoneResolver = Callable[[str | None], str | None]
_zone_resolver: list[ZoneResolver] = []


def set_zone_resolver(resolver: ZoneResolver) -> None:
    _zone_resolver[:] = [resolver]


class RegionTimezoneMiddleware:
    """Show system times in the zone of the user's region (docs/architecture.md, Time zones): WIT for Papua,
    WITA for Sulawesi.

    National users and users without a region see WIB, the settings' default; so does everyone when no app
    registered a zone resolver.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        zone = _zone_resolver[0](getattr(user, "scope_region_id", None)) if signed_in and _zone_resolver else None
        if zone:
            timezone.activate(ZoneInfo(zone))
        else:
            timezone.deactivate()
        return self.get_response(request)
