"""The webhook's gate: an HMAC signature by the channel's secret, not a user session or token (docs/architecture.md,
API conventions).

THIS IS THE ONE API ROUTE WITHOUT `api_auth(...)`: a gateway has no Waspada account. `GatewaySignature` is its
ninja auth class, so the route is still gated before its handler runs (the permission walk checks it):

    X-Waspada-Timestamp: 1707900000                      Unix seconds when the gateway signed
    X-Waspada-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body bytes>" with the channel secret>

The checks, in order, each answering before anything is written:
1. both headers present and well formed, the body within MAX_BODY_BYTES → else 401 (413 when too big);
   nothing about the channel is revealed to an unsigned request;
2. the channel in the path exists and is enabled → else 404, the same answer for unknown and disabled;
3. the signature matches (`hmac.compare_digest`, over the raw `request.body`, before any parsing) → else 401;
4. the timestamp is within MAX_SKEW of the server's clock, either way → else 401 saying which way and by how
   much, so an operator can fix the gateway's clock. A captured request therefore replays for at most
   5 minutes, and within them the delivery id stops it (webhook.accept).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyHeader

from waspada.core.api.errors import ApiError
from waspada.incidents.intake.gateway_channels import active_channel, secret_of
from waspada.incidents.models import IntakeChannel

TIMESTAMP_HEADER = "X-Waspada-Timestamp"
SIGNATURE_HEADER = "X-Waspada-Signature"
MAX_SKEW = 300  # seconds
MAX_BODY_BYTES = 128 * 1024  # a WhatsApp message is at most 65,536 characters
_TIMESTAMP = re.compile(r"^\d{1,12}$")
_SIGNATURE = re.compile(r"^sha256=([0-9a-fA-F]{64})$")

log = logging.getLogger("waspada.intake")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The header value a gateway sends: "sha256=" + hex HMAC-SHA256 of b"<timestamp>." + body."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


@dataclass(frozen=True)
class SignedRequest:
    """What the gate vouches for: the channel, the signed time and the exact bytes that were signed."""

    channel: IntakeChannel
    timestamp: int
    body: bytes


def _unsigned(detail: str) -> ApiError:
    return ApiError(401, detail)


class GatewaySignature(APIKeyHeader):
    """Ninja auth for the gateway webhook: HMAC-signed by the channel's secret (see the module docstring)."""

    param_name = SIGNATURE_HEADER

    def authenticate(self, request: HttpRequest, key: str | None) -> SignedRequest:
        stamp = request.headers.get(TIMESTAMP_HEADER, "").strip()
        if not key or not stamp:
            raise _unsigned(_("Sign the request: send the %(ts)s and %(sig)s headers.")
                            % {"ts": TIMESTAMP_HEADER, "sig": SIGNATURE_HEADER})  # fmt: skip
        match = _SIGNATURE.match(key.strip())
        if match is None:
            raise _unsigned(_("%(sig)s must be sha256= followed by 64 hexadecimal digits.") % {"sig": SIGNATURE_HEADER})
        if not _TIMESTAMP.match(stamp):
            raise _unsigned(_("%(ts)s must be the signing time in Unix seconds.") % {"ts": TIMESTAMP_HEADER})
        if _content_length(request) > MAX_BODY_BYTES:
            raise _too_big()
        slug = str((request.resolver_match.kwargs if request.resolver_match else {}).get("channel", ""))
        channel = active_channel(slug)
        if channel is None:
            raise ApiError(404, _("No such gateway channel."))
        body = request.body  # the raw bytes, read before anything parses them
        if len(body) > MAX_BODY_BYTES:
            raise _too_big()
        expected = signature(secret_of(channel), stamp, body)
        if not hmac.compare_digest(expected, "sha256=" + match.group(1).lower()):
            log.warning("gateway %s: bad signature from %s", slug, request.META.get("REMOTE_ADDR", "?"))
            raise _unsigned(_("The signature does not match this channel's secret and the request body."))
        skew = int(stamp) - int(time.time())
        if abs(skew) > MAX_SKEW:
            raise _unsigned(_skew_detail(skew))
        return SignedRequest(channel, int(stamp), body)


def _too_big() -> ApiError:
    return ApiError(413, _("The body is larger than %(max)d bytes.") % {"max": MAX_BODY_BYTES})


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _skew_detail(skew: int) -> str:
    values: dict[str, Any] = {"ts": TIMESTAMP_HEADER, "seconds": abs(skew), "max": MAX_SKEW}
    if skew < 0:
        return _("%(ts)s is %(seconds)d seconds in the past (at most %(max)d allowed): a late or replayed "
                 "request, or the gateway's clock is behind.") % values  # fmt: skip
    return _("%(ts)s is %(seconds)d seconds in the future (at most %(max)d allowed): the gateway's clock is "
             "ahead.") % values  # fmt: skip
