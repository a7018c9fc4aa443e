"""The webhook's bad input (issue 6): bad or missing signatures, clock skew, unknown or disabled channels,
replayed ids, bodies that are not a message. Each gets its status and detail, and nothing is written."""

from __future__ import annotations

import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from tests.incidents.intake.webhook_support import SLUG, counts, encode, message, post
from waspada.incidents.intake import gateway_channels, webhook
from waspada.incidents.intake.webhook_auth import MAX_BODY_BYTES, signature
from waspada.incidents.models import WebhookDelivery


@pytest.fixture
def secret(reference: None) -> str:
    return gateway_channels.add_channel(SLUG, "SMS gateway Jawa Barat").secret


def refused(response: Any, status: int, detail: str, field: str | None = None) -> None:
    assert response.status_code == status, response.content
    answer = response.json()
    assert detail in answer["detail"], answer
    assert [error["field"] for error in answer["errors"]] == ([field] if field else []), answer


def now() -> int:
    return int(time.time())


SIGNATURE_CASES: dict[str, tuple[Callable[[str], dict[str, Any]], str]] = {
    "no headers": (lambda s: {"headers": {}}, "Sign the request"),
    "no timestamp": (lambda s: {"headers": {"HTTP_X_WASPADA_SIGNATURE": "sha256=" + "0" * 64}}, "Sign the request"),
    "no signature": (lambda s: {"headers": {"HTTP_X_WASPADA_TIMESTAMP": str(now())}}, "Sign the request"),
    "not sha256=hex": (lambda s: {"sign": "md5=abc"}, "must be sha256= followed by 64 hexadecimal digits"),
    "timestamp not seconds": (lambda s: {"stamp": "2024-02-14T10:00"}, "must be the signing time in Unix seconds"),
    "bad signature": (lambda s: {"sign": "sha256=" + "ab" * 32}, "The signature does not match"),
    "wrong secret": (lambda s: {"secret": s + "x"}, "The signature does not match"),
    "signed another body": (lambda s: {"sign": signature(s, str(now()), b'{"id":"x","text":"y"}')},
                            "The signature does not match"),
    "old timestamp": (lambda s: {"stamp": now() - 360}, "seconds in the past (at most 300 allowed)"),
    "future timestamp": (lambda s: {"stamp": now() + 360}, "seconds in the future (at most 300 allowed)"),
}  # fmt: skip


@pytest.mark.parametrize("case", SIGNATURE_CASES)
def test_unsigned_or_badly_signed_requests_get_401(secret: str, case: str) -> None:
    make, detail = SIGNATURE_CASES[case]
    options = make(secret)
    before = counts()
    refused(post(options.pop("secret", secret), message(), **options), 401, detail)
    assert counts() == before


def test_timestamps_inside_the_window_either_way_are_accepted(secret: str) -> None:
    assert post(secret, message(id="early"), stamp=now() - 240).status_code == 201
    assert post(secret, message(id="late"), stamp=now() + 240).status_code == 201


def test_the_window_is_exactly_300_seconds(secret: str, monkeypatch: Any) -> None:
    from waspada.incidents.intake import webhook_auth

    clock = 1_707_900_000
    monkeypatch.setattr(webhook_auth, "time", SimpleNamespace(time=lambda: clock + 0.9))  # the gate's clock only
    assert post(secret, message(id="a"), stamp=clock - 300).status_code == 201
    assert post(secret, message(id="b"), stamp=clock + 300).status_code == 201
    refused(post(secret, message(id="c"), stamp=clock - 301), 401, "301 seconds in the past")
    refused(post(secret, message(id="d"), stamp=clock + 301), 401, "301 seconds in the future")


@pytest.mark.parametrize("slug", ["nope", "SMS_JABAR", "disabled"])
def test_unknown_and_disabled_channels_get_the_same_404(secret: str, slug: str) -> None:
    other = gateway_channels.add_channel("disabled", "Old gateway").secret
    gateway_channels.set_active("disabled", False)
    before = counts()
    refused(post(other, message(), slug=slug), 404, "No such gateway channel.")
    assert counts() == before


BODY_CASES: dict[str, tuple[bytes, str, str]] = {
    "not JSON": (b"id=1&text=halo", "body", "Send a JSON object encoded as UTF-8."),
    "not UTF-8": (b'{"id": "1", "text": "\xff"}', "body", "Send a JSON object encoded as UTF-8."),
    "NaN": (b'{"id": "1", "text": "x", "lat": NaN, "lng": 107}', "body", "Send a JSON object encoded as UTF-8."),
    "a list": (encode([message()]), "body", "Send a JSON object, not a list or a single value."),
    "no text": (encode(message(text=None)), "text", "This field is required."),
    "blank text": (encode(message(text="   ")), "text", "This field is required."),
    "text not a string": (encode(message(text=["halo"])), "text", "Give a string."),
    "no id": (encode(message(id=None)), "id", "This field is required."),
    "id with a newline": (encode(message(id="a\nb")), "id", "Use printable characters only."),
    "id too long": (encode(message(id="x" * 201)), "id", "Keep it to 200 characters or fewer."),
    "sender not a string": (encode(message(**{"from": {"n": 1}})), "from", "Give a string."),
    "bad sent_at": (encode(message(sent_at="kemarin")), "sent_at", "ISO 8601"),
    "naive sent_at": (encode(message(sent_at="2024-02-14T10:00:00")), "sent_at", "offset too"),
    "sent_at before 2000": (encode(message(sent_at=100)), "sent_at", "between 2000-01-01 and now"),
    "bad region": (encode(message(region="Bandung")), "region", "dotted Kemendagri code"),
    "lat outside Indonesia": (encode(message(lat=40.0, lng=107.0)), "lat", "outside Indonesia"),
    "lat without lng": (encode(message(lat=-6.9)), "lng", "both latitude and longitude"),
    "lat as text": (encode(message(lat="-6.9", lng=107.0)), "lat", "as a number"),
}  # fmt: skip


@pytest.mark.parametrize("case", BODY_CASES)
def test_a_signed_body_that_is_not_a_message_gets_422_naming_the_field(secret: str, case: str) -> None:
    body, field, detail = BODY_CASES[case]
    before = counts()
    response = post(secret, body=body)
    refused(response, 422, f"Invalid value for {field}.", field)
    assert detail in response.json()["errors"][0]["message"]
    assert counts() == before


def test_a_body_over_the_limit_gets_413(secret: str) -> None:
    before = counts()
    refused(post(secret, message(text="x" * MAX_BODY_BYTES)), 413, f"larger than {MAX_BODY_BYTES} bytes")
    assert counts() == before


def test_a_repeat_with_the_same_body_gets_the_original_result_and_writes_nothing(secret: str) -> None:
    first = post(secret, message())
    assert first.status_code == 201
    before = counts()
    again = post(secret, message(), stamp=now() + 5)  # the gateway re-signs its retry
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json() | {"replayed": True}
    assert counts() == before


def test_a_repeated_id_with_another_body_gets_409(secret: str) -> None:
    assert post(secret, message()).status_code == 201
    before = counts()
    response = post(secret, message(text="Pesan lain sama sekali"))
    refused(response, 409, "Conflict: id.", "id")
    assert "gw-0001 was already used for another message" in response.json()["errors"][0]["message"]
    assert counts() == before


def test_the_same_id_on_another_channel_is_another_delivery(secret: str) -> None:
    other = gateway_channels.add_channel("wa-jabar", "WhatsApp Jawa Barat").secret
    assert post(secret, message()).status_code == 201
    assert post(other, message(), slug="wa-jabar").status_code == 201
    assert WebhookDelivery.objects.count() == 2


def test_a_copy_stored_concurrently_is_caught_by_the_unique_constraint(secret: str, monkeypatch: Any) -> None:
    """Another process stored the same id between our look-up and our insert: the database refuses ours."""
    assert post(secret, message()).status_code == 201
    real = webhook._repeat
    calls: list[int] = []

    def late(channel_id: int, msg: Any) -> Any:
        calls.append(1)
        return None if len(calls) == 1 else real(channel_id, msg)  # the first look-up misses the stored row

    monkeypatch.setattr(webhook, "_repeat", late)
    before = counts()
    again = post(secret, message())
    assert again.status_code == 200 and again.json()["replayed"] is True and len(calls) == 2
    assert counts() == before
    with pytest.raises(IntegrityError), transaction.atomic():
        WebhookDelivery.objects.create(channel=WebhookDelivery.objects.get().channel, delivery_id="gw-0001",
                                       sent_at=WebhookDelivery.objects.get().sent_at, payload_enc="x")  # fmt: skip
