"""One error shape for the whole API: {"detail": ..., "errors": [{"field", "message"}]}.

See docs/architecture.md, API conventions.
"""

from __future__ import annotations

import logging
import math
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as FormError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from waspada.core.api.jsonbody import BadBody, too_large
from waspada.core.errors import DomainError


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


def _sentence(status: int, fields: str) -> str:
    if status == 403:
        return _("Not allowed: %(field)s.") % {"field": fields}
    if status == 409:
        return _("Conflict: %(field)s.") % {"field": fields}
    return _("Invalid value for %(field)s.") % {"field": fields}


def refusal(exc: Exception) -> ApiError:
    """A service's refusal in the API's shape: its status, one sentence naming the fields, one entry per field.
    Django's own refusals (a form's ValidationError, PermissionDenied, Http404) count as services' too."""
    if isinstance(exc, DomainError):
        errors = [{"field": field, "message": message} for field, message in exc.errors.items()]
        return ApiError(exc.status, exc.detail or _sentence(exc.status, ", ".join(sorted(exc.errors))), errors)
    if isinstance(exc, FormError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"request": exc.messages}
        errors = [{"field": field, "message": message} for field, texts in messages.items() for message in texts]
        return ApiError(422, _sentence(422, ", ".join(sorted(messages))), errors)
    if isinstance(exc, PermissionDenied):
        return ApiError(403, str(exc))
    return ApiError(404, str(exc) or "Not Found")  # Http404, as ninja words it without a message


def _bound_message(item: dict[str, Any]) -> str:
    """The OpenAPI document's enums and bounds, refused in the interface language (pydantic words them in English
    only); other validation messages as pydantic gives them."""
    ctx = item.get("ctx") or {}
    kind = item.get("type")
    if kind == "literal_error":
        # pydantic's "'a', 'b' or 'c'": the values alone, without its English "or"
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return _("Use one of: %(choices)s.") % {"choices": ", ".join(choices)}
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        text = _("At least %(bound)s.") if kind == "greater_than_equal" else _("At most %(bound)s.")
        return text % {"bound": bound}
    if kind == "too_short" and "min_length" in ctx:
        return _("Send at least %(count)s.") % {"count": ctx["min_length"]}
    if kind == "too_long" and "max_length" in ctx:
        return _("Send at most %(count)s.") % {"count": ctx["max_length"]}
    return str(item.get("msg", ""))


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return api.create_response(request, {"detail": exc.detail, "errors": exc.errors}, status=exc.status)

    # One handler for every service's refusal, so routes call services without try/except.
    def refused(request: HttpRequest, exc: Any) -> HttpResponse:  # Any: ninja types handlers oddly
        return api_error(request, refusal(exc))

    for refusals in (DomainError, FormError, PermissionDenied, Http404):
        api.add_exception_handler(refusals, refused)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [{"field": _field_name(item.get("loc", ())), "message": _bound_message(item)} for item in exc.errors]
        fields = ", ".join(sorted({error["field"] for error in errors}))
        detail = _("Invalid value for %(field)s.") % {"field": fields}
        return api.create_response(request, {"detail": detail, "errors": errors}, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"detail": _("Sign in first."), "errors": []}, status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, DomainError):  # ninja wraps what the body parser refused (jsonbody.BadBody)
            return refused(request, exc.__cause__)
        return api.create_response(request, {"detail": str(exc), "errors": []}, status=exc.status_code)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        """A bug: logged with its traceback; the client gets the error shape, never the traceback (ninja sends
        the traceback as text in debug mode, which `make run` is), unless WASPADA_DEBUG_PAGES=1 asks for it."""
        if getattr(settings, "WASPADA_DEBUG_PAGES", False):
            raise exc
        logging.getLogger("django.request").error("Internal Server Error: %s", request.path, exc_info=exc)
        detail = _("Something went wrong on the server; it was recorded.")
        return api.create_response(request, {"detail": detail, "errors": []}, status=500)
    # Django's own refusals of a request body (read by a form field or the CSRF check): JSON, never its HTML 400.
    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        if isinstance(exc, RequestDataTooBig):
            return refused(request, too_large())
        return refused(request, BadBody(_("The request body cannot be used.")))  # too many fields or files

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        seconds = max(1, math.ceil(exc.wait or 1))
        detail = _("Too many requests; try again in %(seconds)d seconds.") % {"seconds": seconds}
        response = api.create_response(request, {"detail": detail, "errors": []}, status=429)
        response["Retry-After"] = str(seconds)
        return response
