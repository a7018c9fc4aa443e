"""Permission-walk expectations for the index pages (merged into tests/permission_expectations.py).

Every role reads the index (risk.view) in its scope. The walk has no computation, so the pages show the empty
state (200) and the downloads answer 404; a region's breakdown outside the scope is a 404 before that
(Kota Surabaya, 35.78, lies outside every regional persona). tests/risk/test_views.py walks them with scores."""

from __future__ import annotations

from tests.permission_expectations import Expect, everyone

REGIONAL_404 = {"national_admin": (200, 200), "national_analyst": (200, 200), "province_officer": (200, 404),
                "kabkota_officer": (200, 404), "field_monitor": (200, 404), "viewer": (200, 404)}  # fmt: skip

WEB: dict[str, Expect] = {
    "risk:map": everyone(),
    "risk:ranking": everyone(),
    "risk:compare": everyone(),
    "risk:region": Expect({"anonymous": "login", **REGIONAL_404}, inside={"code": "32.73"}, outside={"code": "35.78"}),
    "risk:export_csv": everyone(404),
    "risk:export_xlsx": everyone(404),
    "risk:map_png": everyone(404),
}
API: dict[str, Expect] = {}
