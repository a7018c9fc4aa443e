"""The permission walk's lines for the alert pages, /api/v1/alerts (subscriptions included) and /api/v1/webhooks."""

from __future__ import annotations

from tests.permission_expectations import api_everyone, api_only, everyone, only

OFFICES = ("national_admin", "province_officer", "kabkota_officer")
RESPONDERS = ("national_admin", "national_analyst", "province_officer", "kabkota_officer")
MISSING = {"sub_id": "999999"}
NO_ALERT = {"alert_id": "999999"}
NO_ENTRY = {"entry_id": "999999"}
# A kab/kota page: national roles read every region; the others only those inside their scope.
IN_SCOPE = {role: (200, 200) if role.startswith("national") else (200, 404)
            for role in ("national_admin", "national_analyst", "province_officer", "kabkota_officer", "field_monitor",
                         "viewer")}  # fmt: skip

WEB = {
    "alerts:list": everyone(),
    "alerts:detail": everyone(404, inside={"pk": "999999"}),
    "alerts:respond": only(dict.fromkeys(RESPONDERS, 404), method="POST", inside={"pk": "999999"}, data={"do": "x"}),
    # The register, the timeline, the level map and the forecast pages (issues 18-19): every role reads them in
    # its scope; the offices and the national desk write the register. Kota Bandung inside, Surabaya outside.
    "alerts:register": everyone(),
    "alerts:register_create": only(set(RESPONDERS)),
    "alerts:register_export_csv": everyone(),
    "alerts:register_export_xlsx": everyone(),
    "alerts:register_detail": everyone(404, inside={"pk": "999999"}),
    "alerts:register_edit": only(dict.fromkeys(RESPONDERS, 404), inside={"pk": "999999"}),
    "alerts:region": only(IN_SCOPE, inside={"code": "32.73"}, outside={"code": "35.78"}),
    "alerts:map": everyone(),
    "alerts:forecasts": everyone(),
    "alerts:forecast_region": only(IN_SCOPE, inside={"code": "32.73"}, outside={"code": "35.78"}),
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
    "GET /api/v1/alerts/register": api_everyone(),
    "POST /api/v1/alerts/register": api_only(dict.fromkeys(RESPONDERS, 422), data={}),
    "GET /api/v1/alerts/register/{entry_id}": api_everyone(404, inside=NO_ENTRY),
    "PATCH /api/v1/alerts/register/{entry_id}": api_only(dict.fromkeys(RESPONDERS, 404), inside=NO_ENTRY, data={}),
    "GET /api/v1/alerts/subscriptions": api_everyone(),
    "POST /api/v1/alerts/subscriptions": api_everyone(422, data={"kinds": ["x"]}),
    "DELETE /api/v1/alerts/subscriptions/{sub_id}": api_everyone(404, inside=MISSING),
}
