"""Permission-walk expectations for the grants routes (merged into tests/permission_expectations.py).

Every role but the viewer reads grants (grants.view); the national desk, provinces and kab/kota offices record
them (grants.manage). No agreement or document exists in the walk, so the routes that take one answer 404 after
the gate; inside-versus-outside scope is tested in tests/grants/test_api.py and test_pages.py."""

from __future__ import annotations

from tests.permission_expectations import REPORTERS, Expect, api_only, only

READERS = REPORTERS | {"national_analyst"}
MANAGERS = {"national_admin", "province_officer", "kabkota_officer"}
NONE = {"pk": "1"}

WEB: dict[str, Expect] = {
    "grants:board": only(READERS),
    "grants:agreement": only(dict.fromkeys(READERS, 404), inside=NONE),
    "grants:document": only(dict.fromkeys(READERS, 404), inside=NONE),
    "grants:export": only(READERS),
    "grants:import": only(dict.fromkeys(MANAGERS, 302), method="POST", data={}),  # no file: back to the board
}
API: dict[str, Expect] = {
    "GET /api/v1/grants": api_only(READERS),
    "POST /api/v1/grants": api_only(dict.fromkeys(MANAGERS, 422), data={}),
    "GET /api/v1/grants/{agreement_id}/tranches": api_only(dict.fromkeys(READERS, 404), inside={"agreement_id": "1"}),
    "POST /api/v1/grants/{agreement_id}/tranches": api_only(
        dict.fromkeys(MANAGERS, 422), data={}, inside={"agreement_id": "1"}
    ),
}
