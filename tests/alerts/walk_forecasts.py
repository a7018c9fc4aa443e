"""The permission walk's lines for /api/v1/forecasts (issue 19): every role reads forecasts, within its scope."""

from __future__ import annotations

from tests.permission_expectations import api_everyone

WEB: dict[str, object] = {}
API = {
    "GET /api/v1/forecasts": api_everyone(),
    "GET /api/v1/forecasts/models": api_everyone(),
}
