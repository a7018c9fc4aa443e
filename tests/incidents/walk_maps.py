"""Permission-walk expectations for this area's routes (merged into tests/permission_expectations.py)."""

from __future__ import annotations

from tests.permission_expectations import Expect, api_only, everyone, only

# Every role may open the map and the summary of its own area (tests/incidents/maps/); asked for Kota Surabaya
# (35.78, outside every regional scope) only national roles get numbers, the others a 403 naming the region.
NATIONAL = {"national_admin", "national_analyst"}
OUTSIDE = "region=35.78"

WEB: dict[str, Expect] = {
    "incidents:map": only(NATIONAL, query=OUTSIDE),
    "incidents:map_png": only(NATIONAL, query=OUTSIDE),  # the map as a PNG: the same rule
    "incidents:summary": only(NATIONAL, query=OUTSIDE),
    "incidents:summary_card": everyone(query=OUTSIDE),  # a region page fragment: a sentence instead of numbers
}
API: dict[str, Expect] = {
    "GET /api/v1/incidents/map": api_only(NATIONAL, query=OUTSIDE),
    "GET /api/v1/incidents/summary": api_only(NATIONAL, query=OUTSIDE),
}
