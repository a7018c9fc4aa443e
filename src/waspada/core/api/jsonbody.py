"""Every JSON body the API takes, bounded in size and depth (issue 15): the API's parser and the gateway webhook
both read bodies through here.

- Size: Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default) for any body that is not a file upload. Past
  it the API answers 413 in its error shape (`BodyLimitMiddleware` before anything runs, when Content-Length
  says so; the API's handler for RequestDataTooBig when Django finds out while reading), never Django's HTML 400.
- Depth: at most MAX_DEPTH nested arrays/objects. Python's json module recurses once per level and fails with
  RecursionError (a 500) near 1,000 levels; code after it (validation, storing the JSON) recurses too. So the
  brackets are counted before json.loads runs, skipping those inside strings, and a deeper body is a 400.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.parser import Parser

from waspada.core.errors import DomainError

MAX_DEPTH = 32  # the deepest body the API declares is 3 levels; gateways may add their own keys
BODY = "body"
_STRINGS = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)  # whole JSON strings, escapes included
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


class BadBody(DomainError):
    """A body the API cannot take: 400 (not JSON, too deep) or 413 (too large), naming the body."""

    def __init__(self, message: str, *, status: int = 400, detail: str = "") -> None:
        super().__init__({BODY: message}, detail=detail or _("The request body cannot be used."))
        self.status = status


def too_large() -> BadBody:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = _("The body is larger than %(max)d bytes.") % {"max": limit}
    return BadBody(message, status=413, detail=message)


def too_deep() -> BadBody:
    return BadBody(_("JSON nested deeper than %(max)d levels is not accepted.") % {"max": MAX_DEPTH})


def depth(body: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets inside strings not counted).

    In C-speed steps (strings cut out, every other byte dropped, the running sum of +1/-1 per bracket), so the
    check costs little next to json.loads even for 2.5 MB of brackets."""
    if body.count(b"[") + body.count(b"{") <= MAX_DEPTH:
        return body.count(b"[") + body.count(b"{")  # an upper bound, and within the limit: no need to scan
    brackets = _STRINGS.sub(b"", body).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def loads(body: bytes | str, parse_constant: Callable[[str], Any] | None = None) -> Any:
    """json.loads, refusing bodies nested deeper than MAX_DEPTH (BadBody, 400) before parsing them."""
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    if depth(raw) > MAX_DEPTH:
        raise too_deep()
    return json.loads(body, parse_constant=parse_constant)


class BoundedParser(Parser):
    """The NinjaAPI's JSON parser: bounded size and depth; what it refuses names the body. (Ninja wraps a parser's
    exception in HttpError(400); the API's HttpError handler answers with the BadBody it carries.)"""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            body = request.body
        except RequestDataTooBig:
            raise too_large() from None
        try:
            return loads(body)
        except (UnicodeDecodeError, ValueError):
            raise BadBody(_("Send a JSON document encoded as UTF-8.")) from None


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class BodyLimitMiddleware:
    """An API request announcing a body over DATA_UPLOAD_MAX_MEMORY_SIZE (files aside) is answered 413 in the
    API's error shape at once, before credentials are checked or a byte of it is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api(request) and not (request.content_type or "").startswith("multipart/") and _announced(request) > (
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE or float("inf")
        ):
            return refused_response(too_large())
        return self.get_response(request)


def _announced(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def refused_response(error: BadBody) -> JsonResponse:
    errors = [{"field": field, "message": message} for field, message in error.errors.items()]
    return JsonResponse({"detail": error.detail, "errors": errors}, status=error.status)
