"""The gateway's JSON body: what a message must and may carry, checked field by field (422 naming the field).

    {
      "id": "gw-20240214-0001",        required: the gateway's message id, 1-200 characters (string or integer)
      "text": "Ada bentrok di ...",    required: the message as the sender wrote it
      "from": "+6281234567890",        optional: the sender's number (an informant contact: stored encrypted)
      "sent_at": 1707900000,           optional: when the sender sent it, Unix seconds or ISO 8601 with offset
      "region": "32.73",               optional: a Kemendagri code the gateway already knows (keyword, number)
      "lat": -6.9, "lng": 107.6        optional: a shared location (WhatsApp)
    }

Other keys are kept (encrypted, in the delivery) and ignored. The delivery id is the body's `id`, not a header:
the signature covers the body only, so an id in a header could be changed on a captured request and slip a
copy past the replay check; inside the body it cannot.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.api import jsonbody
from waspada.incidents.actions.fields import EARLIEST_DATE
from waspada.incidents.actions.place import INDONESIA_BOUNDS
from waspada.incidents.errors import Invalid

MAX_TEXT = 20_000
MAX_ID = 200
MAX_SENDER = 64
CODE = re.compile(r"^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadMessage(Invalid):
    """One field of the body to fix (the API answers 422 naming it)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__({field: message})
        self.field = field
        self.message = message


@dataclass(frozen=True)
class GatewayMessage:
    delivery_id: str
    text: str
    sender: str
    sent_at: dt.datetime | None
    region: str
    lat: float | None
    lng: float | None
    payload: dict[str, Any]


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON


def load(body: bytes) -> dict[str, Any]:
    try:
        payload = jsonbody.loads(body.decode("utf-8"), parse_constant=_no_constant)  # BadBody (400) when too deep
    except (UnicodeDecodeError, ValueError):
        raise BadMessage("body", _("Send a JSON object encoded as UTF-8.")) from None
    if not isinstance(payload, dict):
        raise BadMessage("body", _("Send a JSON object, not a list or a single value."))
    return payload


def _plain_text(payload: dict[str, Any], field: str, limit: int, *, required: bool) -> str:
    value = payload.get(field)
    if value is None or value == "":
        if required:
            raise BadMessage(field, _("This field is required."))
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadMessage(field, _("Give a string."))
    text = str(value).strip()
    if required and not text:
        raise BadMessage(field, _("This field is required."))
    if len(text) > limit:
        raise BadMessage(field, _("Keep it to %(max)d characters or fewer.") % {"max": limit})
    return text


def _sent_at(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadMessage("sent_at", _("Give Unix seconds or an ISO 8601 time with its offset."))
    if isinstance(value, int | float):
        try:
            moment = dt.datetime.fromtimestamp(value, tz=dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise BadMessage("sent_at", _("Give Unix seconds or an ISO 8601 time with its offset.")) from None
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise BadMessage("sent_at", _("Give Unix seconds or an ISO 8601 time with its offset.")) from None
        if timezone.is_naive(moment):
            raise BadMessage("sent_at", _("Give the time's offset too (e.g. +07:00 or Z)."))
    else:
        raise BadMessage("sent_at", _("Give Unix seconds or an ISO 8601 time with its offset."))
    earliest = dt.datetime.combine(EARLIEST_DATE, dt.time(), tzinfo=dt.UTC)
    if moment < earliest or moment > timezone.now() + dt.timedelta(minutes=5):
        raise BadMessage("sent_at", _("The time must lie between %(start)s and now.") % {"start": EARLIEST_DATE})
    return moment


def _coordinate(payload: dict[str, Any], field: str) -> float | None:
    value = payload.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadMessage(field, _("Give decimal degrees as a number."))
    low, high = INDONESIA_BOUNDS[field]
    if not low <= value <= high:
        raise BadMessage(field, _("%(value)s is outside Indonesia (%(low)s to %(high)s).")
                         % {"value": value, "low": low, "high": high})  # fmt: skip
    return float(value)


def parse(body: bytes) -> GatewayMessage:
    """The message in a signed body; BadMessage names the first field to fix."""
    payload = load(body)
    delivery_id = _plain_text(payload, "id", MAX_ID, required=True)
    if _CONTROL.search(delivery_id):
        raise BadMessage("id", _("Use printable characters only."))
    text = _plain_text(payload, "text", MAX_TEXT, required=True)
    sender = _plain_text(payload, "from", MAX_SENDER, required=False)
    region = _plain_text(payload, "region", 16, required=False)
    if region and not CODE.match(region):
        raise BadMessage("region", _("Give a dotted Kemendagri code such as 32.73 or 32.73.01."))
    lat, lng = _coordinate(payload, "lat"), _coordinate(payload, "lng")
    if (lat is None) != (lng is None):
        raise BadMessage("lng" if lng is None else "lat", _("Give both latitude and longitude, or neither."))
    return GatewayMessage(delivery_id, text, sender, _sent_at(payload.get("sent_at")), region, lat, lng, payload)
