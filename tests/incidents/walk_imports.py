"""Permission-walk expectations for this area's routes (merged into tests/permission_expectations.py).

No import run exists in the walk, so the detail routes answer 404 after the gate; the scoping of runs between
offices is tested in tests/incidents/intake/test_import_history.py."""

from __future__ import annotations

from tests.permission_expectations import Expect, api_only, only

IMPORTERS = {"national_admin", "province_officer", "kabkota_officer"}  # "incidents.import"

WEB: dict[str, Expect] = {
    "incidents:import": only(IMPORTERS),
    "incidents:import_template": only(IMPORTERS, query="kind=events&format=csv"),
    "incidents:import_history": only(IMPORTERS),
    "incidents:import_detail": only(IMPORTERS, status=404),
}
API: dict[str, Expect] = {
    "GET /api/v1/incidents/imports": api_only(IMPORTERS),
    "POST /api/v1/incidents/imports": api_only(dict.fromkeys(IMPORTERS, 422), data={}),  # no file: 422
    "GET /api/v1/incidents/imports/{import_id}": api_only(dict.fromkeys(IMPORTERS, 404)),
}
