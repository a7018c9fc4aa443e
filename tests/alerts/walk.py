"""The permission walk's lines for /api/v1/webhooks (the offices subscribe receivers for their own area)."""

from __future__ import annotations

from tests.permission_expectations import api_everyone, api_only

OFFICES = ("national_admin", "province_officer", "kabkota_officer")
MISSING = {"sub_id": "999999"}
RESPONDERS = ("national_admin", "national_analyst", "province_officer", "kabkota_officer")
NO_ALERT = {"alert_id": "999999"}

WEB: dict[str, object] = {}
API = {
    "GET /api/v1/webhooks": api_only(set(OFFICES)),
    "POST /api/v1/webhooks": api_only(dict.fromkeys(OFFICES, 422), data={}),
    "POST /api/v1/webhooks/{sub_id}/disable": api_only(dict.fromkeys(OFFICES, 404), inside=MISSING),
    "POST /api/v1/webhooks/{sub_id}/test": api_only(dict.fromkeys(OFFICES, 404), inside=MISSING),
    "GET /api/v1/webhooks/{sub_id}/deliveries": api_only(dict.fromkeys(OFFICES, 404), inside=MISSING),
    "GET /api/v1/alerts": api_everyone(),
    "GET /api/v1/alerts/{alert_id}": api_everyone(404, inside=NO_ALERT),
    "POST /api/v1/alerts/{alert_id}/acknowledge": api_only(dict.fromkeys(RESPONDERS, 404), inside=NO_ALERT, data={}),
    "POST /api/v1/alerts/{alert_id}/actions": api_only(dict.fromkeys(RESPONDERS, 422), inside=NO_ALERT, data={}),
    "POST /api/v1/alerts/{alert_id}/close": api_only(dict.fromkeys(RESPONDERS, 422), inside=NO_ALERT, data={}),
}
