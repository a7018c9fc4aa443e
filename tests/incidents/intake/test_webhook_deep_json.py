"""A correctly signed webhook body nested past the JSON depth bound (issue 15, defect 4): 400 naming the body,
nothing stored, never a RecursionError's 500."""

from __future__ import annotations

import pytest

from tests.incidents.intake.webhook_support import SLUG, counts, post
from waspada.core.api.jsonbody import MAX_DEPTH
from waspada.incidents.intake import gateway_channels
from waspada.incidents.intake.webhook_auth import MAX_BODY_BYTES


@pytest.fixture
def secret(reference: None) -> str:
    return gateway_channels.add_channel(SLUG, "SMS gateway Jawa Barat").secret


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 2_000, (MAX_BODY_BYTES - 100) // 2])
def test_signed_deeply_nested_body_is_a_400_naming_the_body(secret: str, depth: int) -> None:
    body = ('{"id": "gw-deep", "text": "bentrok", "extra": ' + "[" * depth + "]" * depth + "}").encode()
    assert len(body) <= MAX_BODY_BYTES
    before = counts()
    response = post(secret, body=body)
    assert response.status_code == 400, response.content[:300]
    answer = response.json()
    assert [error["field"] for error in answer["errors"]] == ["body"], answer
    assert counts() == before


def test_signed_body_nested_within_the_bound_is_accepted(secret: str) -> None:
    depth = MAX_DEPTH - 2
    body = ('{"id": "gw-ok", "text": "bentrok", "extra": ' + "[" * depth + "]" * depth + "}").encode()
    response = post(secret, body=body)
    assert response.status_code in (201, 202), response.content[:300]
