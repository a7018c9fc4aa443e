"""The permission walk's lines for the alert pages, /api/v1/alerts (subscriptions included) and /api/v1/webhooks."""

from __future__ import annotations

from tests.permission_expectations import api_everyone, api_only, everyone, only

OFFICES = ("national_admin", "province_officer", "kabkota_officer")
RESPONDERS = ("national_admin", "national_analyst", "province_officer", "kabkota_officer")
MISSING = {"sub_id": "999999"}
NO_ALERT = {"alert_id": "999999"}

WEB = {
    "alerts:list": everyone(),
    "alerts:detail": everyone(404, inside={"pk": "999999"}),
    "alerts:respond": only(dict.fromkeys(RESPONDERS, 404), method="POST", inside={"pk": "999999"}, data={"do": "x"}),
    # Own alert subscriptions: every role; another's (or a missing) subscription is 404.
    "alerts:subscriptions": everyone(),
    "alerts:subscription_edit": everyone(404, inside={"pk": "999999"}),
    "alerts:subscription_delete": everyone(404, method="POST", inside={"pk": "999999"}),
}
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
    "GET /api/v1/alerts/subscriptions": api_everyone(),
    "POST /api/v1/alerts/subscriptions": api_everyone(422, data={"kinds": ["x"]}),
    "DELETE /api/v1/alerts/subscriptions/{sub_id}": api_everyone(404, inside=MISSING),
}
