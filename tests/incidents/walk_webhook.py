"""Permission-walk expectations for this area's routes (merged into tests/permission_expectations.py)."""

from __future__ import annotations

from tests.permission_expectations import Expect, api_everyone

WEB: dict[str, Expect] = {}
API: dict[str, Expect] = {
    # Signed by a gateway channel's secret, not by a user: a session or a token opens nothing here, so every
    # persona (anonymous too) gets 401 without the signature headers (tests/incidents/intake/ sign for real).
    "POST /api/v1/intake/webhook/{channel}": api_everyone(
        401, inside={"channel": "walk"}, data={"id": "walk-1", "text": "Bentrok di Kota Bandung"}
    ),
}
