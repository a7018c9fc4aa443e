"""Waspada's own 403, 404 and 500 pages, in the user's language, in every mode.

Django answers with its technical pages (every URL pattern, tracebacks, settings) whenever DEBUG is on, and
`make run` turns DEBUG on. `ErrorPageMiddleware` keeps those pages away unless WASPADA_DEBUG_PAGES=1 asks for
them; with DEBUG off the URLconf's handler403/404/500 (waspada/urls.py) point here.

A missing object and an object outside the user's area answer the same 404 page: the page shows no text from
the exception (which may name what was asked for), so neither status nor body tells the two apart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.html import escape
from django.utils.translation import gettext as _

logger = logging.getLogger("django.request")

API_PREFIX = "/api/"  # the JSON API answers its errors in its own shape (core/api/errors.py)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": []}, status=status)


def _page(request: HttpRequest, status: int, context: dict[str, Any]) -> HttpResponse:
    body: str
    try:
        body = render_to_string("core/error.html", {"status": status, **context}, request=request)
    except Exception:  # noqa: BLE001 - the error page itself must not fail (database down, broken template)
        logger.exception("The %s error page could not be rendered", status)
        title, text = escape(context.get("title", "")), escape(context.get("text", ""))
        body = f"<!doctype html><title>{title} · Waspada</title><h1>{title}</h1><p>{text}</p>"
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(404, _("Not found."))
    return _page(request, 404, {"title": _("Not found"), "text": _("What you asked for does not exist here.")})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if isinstance(exception, PermissionDenied) and exception.args else ""
    if _is_api(request):
        return _json(403, reason or _("Not allowed."))
    return _page(request, 403, {"title": _("Not allowed"), "text": reason or _("Your role does not allow this page.")})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(400, _("The request could not be read."))
    return _page(
        request,
        400,
        {
            "title": _("Bad request"),
            "text": _("The request could not be read. Go back, reload the page and try again."),
        },
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (mostly a page left open past its session, or cookies off)."""
    if _is_api(request):
        return _json(403, _("CSRF check failed: send the X-CSRFToken header, or use a Bearer token."))
    return _page(request, 403, {"title": _("Form expired"),
                                "text": _("This form was open too long or cookies are blocked. Reload the page, "
                                          "sign in again if asked, and send it once more.")})  # fmt: skip


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json(500, _("Something went wrong on the server; it was recorded."))
    return _page(request, 500, {"title": _("Something went wrong"),
                                "text": _("The error was recorded. Try again in a moment."),
                                "request_id": getattr(request, "request_id", "")})  # fmt: skip


def technical_pages_off() -> bool:
    """True in debug mode without WASPADA_DEBUG_PAGES: our pages stand in for Django's technical ones."""
    return bool(settings.DEBUG) and not getattr(settings, "WASPADA_DEBUG_PAGES", False)


class ErrorPageMiddleware:
    """In debug mode, answer unknown URLs, Http404 and unexpected exceptions with our pages (403 already goes
    through handler403 in every mode). Sits inside CommonMiddleware, so a missing trailing slash still
    redirects, and after the authentication and messages middleware, so the pages know the user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if technical_pages_off():
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exc:
                return page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not technical_pages_off() or isinstance(exception, PermissionDenied):
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, BadRequest | SuspiciousOperation | MultiPartParserError):
            return bad_request(request, exception)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception,
                     extra={"status_code": 500, "request": request})  # fmt: skip
        return server_error(request)
