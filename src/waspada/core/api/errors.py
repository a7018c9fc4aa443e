"""One error shape for the whole API: {"detail": ..., "errors": [{"field", "message"}]}.

See docs/architecture.md, API conventions.
"""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError


class ApiError(Exception):
    """Raised by routes and services: a status, a sentence, and the fields to fix."""

    def __init__(self, status: int, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []


def not_found(detail: str) -> ApiError:
    return ApiError(404, detail)


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, _("Invalid value for %(field)s.") % {"field": field}, [{"field": field, "message": message}])


def _field_name(location: Any) -> str:
    """("body", "payload", "items", 0, "text") -> "items.0.text": clients know fields, not our parameter names."""
    parts = [str(part) for part in location]
    if len(parts) > 2 and parts[0] == "body":
        parts = parts[2:]
    elif parts and parts[0] in {"query", "path", "body", "form", "header", "cookie"}:
        parts = parts[1:]
    return ".".join(parts) or "request"


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return api.create_response(request, {"detail": exc.detail, "errors": exc.errors}, status=exc.status)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": _field_name(item.get("loc", ())), "message": str(item.get("msg", ""))} for item in exc.errors
        ]
        fields = ", ".join(sorted({error["field"] for error in errors}))
        detail = _("Invalid value for %(field)s.") % {"field": fields}
        return api.create_response(request, {"detail": detail, "errors": errors}, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"detail": _("Sign in first."), "errors": []}, status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc), "errors": []}, status=exc.status_code)

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        seconds = max(1, math.ceil(exc.wait or 1))
        detail = _("Too many requests; try again in %(seconds)d seconds.") % {"seconds": seconds}
        response = api.create_response(request, {"detail": detail, "errors": []}, status=429)
        response["Retry-After"] = str(seconds)
        return response
