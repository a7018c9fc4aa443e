"""Permission-walk expectations for the political-education routes (merged into tests/permission_expectations.py).

Every role reads activities and the coverage in its scope; national admins and province and kab/kota officers
record and import. The walk has no activity, so the routes of one answer 404 to whoever may open them (the
pages test walks real ones inside and outside the scope). The coverage is asked for Kota Surabaya (35.78, outside
every regional scope): only national roles get figures, the others a 403 naming the region."""

from __future__ import annotations

from tests.permission_expectations import Expect, api_everyone, api_only, everyone, only

RECORDERS = {"national_admin", "province_officer", "kabkota_officer"}  # education.record
NATIONAL = {"national_admin", "national_analyst"}

WEB: dict[str, Expect] = {
    "education:list": everyone(),
    "education:create": only(RECORDERS),
    "education:coverage": only(NATIONAL, query="wilayah=35.78"),
    "education:import": only(RECORDERS),
    "education:import_template": only(RECORDERS),
    "education:export": everyone(),
    "education:detail": everyone(404),
    "education:photo": everyone(404),
    "education:photo_add": only(dict.fromkeys(RECORDERS, 404), method="POST"),
}
API: dict[str, Expect] = {
    "GET /api/v1/education/activities": api_everyone(),
    "POST /api/v1/education/activities": api_only(dict.fromkeys(RECORDERS, 422), data={}),
}
