"""The expected status of every route for every persona, inside and outside its scope.

tests/core/test_permission_walk.py enumerates every URL pattern (Django's resolver) and every API operation
(the OpenAPI document) and fails for any route missing here. Adding a route means adding one line, e.g.

    "elections:timeline": everyone(),                           # a page every signed-in role may open
    "GET /api/v1/elections": api_everyone(),                    # the same for an API operation
    "accounts:user_list": only(ok={"national_admin", "province_officer"}),

Personas (tests/personas.py): anonymous, national_admin, national_analyst, province_officer (32),
kabkota_officer (32.73), field_monitor (32.73), viewer (32). "Inside" samples lie in Kota Bandung (32.73),
"outside" samples in Kota Surabaya (35.78). Placeholders in braces are filled by the walk:
{user_in} a field monitor of 32.73, {user_out} a kab/kota officer of 35.78, {own_token} a token of the
persona itself, {other_token} a token of someone else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("national_admin", "national_analyst", "province_officer", "kabkota_officer", "field_monitor", "viewer")

# Special outcomes besides plain status codes.
LOGIN = "login"  # 302 to the sign-in page (pages) - anonymous visitors
ADMIN_LOGIN = "admin_login"  # 302 to the admin's sign-in page
SERVED = "served"  # the admin answered as for a staff user: below 500 and not a sign-in redirect

Status = int | str


@dataclass(frozen=True)
class Expect:
    """statuses: persona -> status, or (inside, outside) when the route takes an object."""

    statuses: dict[str, Status | tuple[Status, Status]]
    method: str = "GET"
    inside: dict[str, str] = field(default_factory=dict)
    outside: dict[str, str] | None = None
    data: dict[str, Any] | None = None
    query: str = ""

    def status(self, persona: str, variant: str) -> Status:
        value = self.statuses[persona]
        if isinstance(value, tuple):
            return value[0] if variant == "inside" else value[1]
        return value


def _build(per_role: dict[str, Any], anonymous: Status, **options: Any) -> Expect:
    return Expect({"anonymous": anonymous, **per_role}, **options)


def everyone(status: Status = 200, *, anonymous: Status = LOGIN, **options: Any) -> Expect:
    """A page every signed-in role may open (reference data, own account)."""
    return _build(dict.fromkeys(ROLES, status), anonymous, **options)


def only(ok: dict[str, Status | tuple[Status, Status]] | set[str], *, status: Status = 200, denied: Status = 403,
         anonymous: Status = LOGIN, **options: Any) -> Expect:  # fmt: skip
    """Roles in `ok` get their status (or `status`); every other role is refused."""
    allowed = dict.fromkeys(ok, status) if isinstance(ok, set) else ok
    return _build({role: allowed.get(role, denied) for role in ROLES}, anonymous, **options)


def api_everyone(status: Status = 200, **options: Any) -> Expect:
    return everyone(status, anonymous=401, **options)


def api_only(ok: dict[str, Status | tuple[Status, Status]] | set[str], **options: Any) -> Expect:
    return only(ok, anonymous=401, **options)


USERS_IN_OUT = {"pk": "{user_in}"}, {"pk": "{user_out}"}
REPORTERS = {"national_admin", "province_officer", "kabkota_officer", "field_monitor"}  # incidents.report
MANAGERS_EDIT = {"national_admin": (200, 200), "province_officer": (200, 404)}
MANAGERS_POST = {"national_admin": (302, 302), "province_officer": (302, 404)}

WEB: dict[str, Expect] = {
    "set_language": everyone(302, anonymous=302, method="POST", data={"language": "en", "next": "/"}),
    "api:openapi-json": everyone(anonymous=200),  # the schema is public; the data behind it is not
    "api:openapi-view": everyone(anonymous=200),
    "api:api-root": everyone(404, anonymous=404),
    "home": everyone(),  # each role's situation board
    "national_map": everyone(),
    "help": everyone(),
    "login": everyone(302, anonymous=200),  # signed-in users are sent home
    "logout": everyone(302, anonymous=302, method="POST"),
    "password_reset": everyone(200, anonymous=200),
    "password_reset_done": everyone(200, anonymous=200),
    "password_reset_confirm": everyone(200, anonymous=200, inside={"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": everyone(200, anonymous=200),
    "accounts:user_list": only({"national_admin", "province_officer"}),
    "accounts:user_create": only({"national_admin", "province_officer"}),
    "accounts:user_import": only({"national_admin", "province_officer"}),
    "accounts:user_import_template": only({"national_admin", "province_officer"}),
    "accounts:user_edit": only(MANAGERS_EDIT, inside=USERS_IN_OUT[0], outside=USERS_IN_OUT[1]),
    "accounts:user_set_active": only(MANAGERS_POST, method="POST", data={"active": "0"}, inside=USERS_IN_OUT[0],
                                     outside=USERS_IN_OUT[1]),  # fmt: skip
    "accounts:user_reset_password": only({"national_admin": (302, 302)}, method="POST", inside=USERS_IN_OUT[0],
                                         outside=USERS_IN_OUT[1]),  # fmt: skip
    "accounts:account": everyone(),
    "accounts:email_change": everyone(),
    "accounts:email_confirm": everyone(400, inside={"token": "walk"}),  # a link that was never sent
    "accounts:password_change": everyone(),
    "accounts:token_create": everyone(method="POST", data={"name": "walk", "days": "30"}),
    "accounts:token_revoke": everyone((302, 404), method="POST", inside={"pk": "{own_token}"},
                                      outside={"pk": "{other_token}"}),  # fmt: skip
    "accounts:2fa": everyone(),
    "accounts:2fa_verify": everyone(302),  # no device yet: sent to set one up
    "accounts:2fa_disable": everyone(302, method="POST"),
    # Each user's own inbox; no notification exists in the walk, so marking one read answers 404.
    "notifications:inbox": everyone(),
    "notifications:mark_read": everyone(404, method="POST", inside={"pk": "1"}),
    "notifications:mark_all_read": everyone(302, method="POST"),
    "audit:list": only({"national_admin"}),
    "audit:export_csv": only({"national_admin"}),
    "audit:export_xlsx": only({"national_admin"}),
    "regions:search": everyone(query="q=Bandung"),
    "regions:layer": everyone(inside={"key": "national-province"}),
    "regions:lookup": everyone(inside={"kind": "kecamatan"}, query="parent=32.73&q=Sukasari"),
    "regions:detail": everyone((200, 200), inside={"code": "32.73"}, outside={"code": "35.78"}),
    # Elections reference data (calendar not loaded in the walk: the handler answers 404 after the gate).
    # Monitoring (issue 16): every role but viewers; no assignment exists in the walk, so the object page 404s.
    "monitoring:rounds": only(REPORTERS | {"national_analyst"}),
    "monitoring:assignment": only(dict.fromkeys(REPORTERS | {"national_analyst"}, 404), inside={"pk": "1"}),
    "monitoring:evidence": only(dict.fromkeys(REPORTERS | {"national_analyst"}, 404), inside={"pk": "1"}),
    "monitoring:answer_history": only(dict.fromkeys(REPORTERS | {"national_analyst"}, 404), inside={"pk": "1"}),
    "monitoring:round_open": only({"national_admin", "province_officer"}),
    "monitoring:round_import": only(dict.fromkeys({"national_admin", "province_officer"}, 404), inside={"pk": "1"}),
    "monitoring:board": only(dict.fromkeys(REPORTERS | {"national_analyst"}, 404), inside={"pk": "1"}),
    "elections:timeline": everyone(),
    "elections:contests": everyone((200, 200), inside={"code": "32.73"}, outside={"code": "35.78"}),
    # Election cycles: national admins only (elections.manage); no cycle exists in the walk, so object routes 404.
    "elections:cycles": only({"national_admin"}),
    "elections:cycle_create": only({"national_admin"}),
    "elections:stage_sheet_template": only({"national_admin"}),
    "elections:cycle_edit": only({"national_admin": 404}, inside={"code": "pilkada_2024"}),
    "elections:cycle_confirm": only({"national_admin": 404}, method="POST", inside={"code": "pilkada_2024"}),
    "elections:stage_sheet": only({"national_admin": 404}, method="POST", inside={"code": "pilkada_2024"}),
    "elections:stage_create": only({"national_admin": 404}, inside={"code": "pilkada_2024"}),
    "elections:stage_edit": only({"national_admin": 404}, inside={"code": "pilkada_2024", "pk": "1"}),
    "elections:stage_delete": only({"national_admin": 404}, method="POST", inside={"code": "pilkada_2024", "pk": "1"}),
    # Incidents: no incident exists in the walk, so object routes answer 404 after the gate; the walk with
    # incidents inside and outside each scope is tests/incidents/test_permission_walk.py.
    "incidents:list": everyone(),
    "incidents:create": only(REPORTERS),
    "incidents:queue": everyone(),
    "incidents:detail": everyone(404),
    "incidents:edit": only(REPORTERS, status=404),
    "incidents:transition": everyone(404, method="POST", data={"to": "verified"}),
    "incidents:informants": everyone(404, method="POST"),
    "incidents:followup_add": everyone(404, method="POST", data={"description": "x", "status": "open"}),
    "incidents:followup_update": everyone(404, method="POST", data={"status": "done"}),
    "incidents:attachment_add": only(REPORTERS, status=404, method="POST"),
    "incidents:attachment": everyone(404),
    # Published index editions (issue 17): reference data every role reads; none is loaded in the walk.
    "risk_reference:list": everyone(),
    "risk_reference:detail": everyone(404, inside={"code": "bawaslu_ikp_2024"}),
}

# Every admin URL (by prefix): national admins with staff status only; everyone else to the admin sign-in.
ADMIN = _build({role: SERVED if role == "national_admin" else ADMIN_LOGIN for role in ROLES}, ADMIN_LOGIN)
ADMIN_SPECIAL: dict[str, Expect] = {
    "admin:login": _build({role: 302 if role == "national_admin" else 200 for role in ROLES}, 200),
    "admin:logout": everyone(302, anonymous=302, method="POST"),
}

API: dict[str, Expect] = {
    "GET /api/v1/regions": api_everyone(),
    "GET /api/v1/regions/{code}": api_everyone((200, 200), inside={"code": "32.73"}, outside={"code": "35.78"}),
    "GET /api/v1/regions/{code}/boundary": api_everyone(inside={"code": "32.73"}),
    "GET /api/v1/me": api_everyone(),
    "GET /api/v1/users": api_only({"national_admin", "province_officer"}),
    "GET /api/v1/users/{user_id}": api_only(MANAGERS_EDIT, inside={"user_id": "{user_in}"},
                                            outside={"user_id": "{user_out}"}),  # fmt: skip
    "GET /api/v1/tokens": api_everyone(),
    "POST /api/v1/tokens": api_everyone(201, data={"name": "walk"}),
    "DELETE /api/v1/tokens/{token_id}": api_everyone((200, 404), inside={"token_id": "{own_token}"},
                                                     outside={"token_id": "{other_token}"}),  # fmt: skip
    "GET /api/v1/audit/events": api_only({"national_admin"}),
    # Elections and news (reference data and stateless analysis: every signed-in role).
    "GET /api/v1/elections": api_everyone(),
    "GET /api/v1/elections/{code}": api_everyone(404, inside={"code": "pilkada_2024"}),
    "GET /api/v1/elections/{code}/stages": api_everyone(404, inside={"code": "pilkada_2024"}),
    "GET /api/v1/elections/{code}/contests": api_everyone(404, inside={"code": "pilkada_2024"}),
    "GET /api/v1/stages/at": api_everyone(query="region=32.73&date=2024-11-27"),
    "POST /api/v1/analyze": api_everyone(data={"items": [{"text": "Bentrok massa di Kota Bandung."}]}),
    "GET /api/v1/incidents": api_everyone(),
    "POST /api/v1/incidents": api_only(dict.fromkeys(REPORTERS, 422), data={}),
    "GET /api/v1/incidents/queue": api_everyone(),
    "GET /api/v1/incidents/{incident_id}": api_everyone(404),
    "PATCH /api/v1/incidents/{incident_id}": api_only(dict.fromkeys(REPORTERS, 404), data={}),
    "POST /api/v1/incidents/{incident_id}/transitions": api_everyone(404, data={"to": "verified"}),
    "GET /api/v1/incidents/{incident_id}/informants": api_everyone(404),
    "POST /api/v1/incidents/{incident_id}/attachments": api_only(dict.fromkeys(REPORTERS, 422)),
    # Monitoring (issue 16): no instrument or round exists in the walk, so the reads of one answer 404.
    "GET /api/v1/instruments": api_only(REPORTERS | {"national_analyst"}),
    "POST /api/v1/instruments": api_only({"national_admin": 422}, data={}),
    "GET /api/v1/instruments/{code}/versions/{number}": api_only(dict.fromkeys(REPORTERS | {"national_analyst"}, 404),
                                                                inside={"code": "waspada_default", "number": "1"}),
    "GET /api/v1/rounds": api_only(REPORTERS | {"national_analyst"}),
    "POST /api/v1/rounds": api_only({"national_admin": 422, "province_officer": 422}, data={}),
    "GET /api/v1/rounds/{round_id}": api_only(dict.fromkeys(REPORTERS | {"national_analyst"}, 404),
                                              inside={"round_id": "1"}),
    "GET /api/v1/rounds/{round_id}/submissions": api_only(dict.fromkeys(REPORTERS | {"national_analyst"}, 404),
                                                          inside={"round_id": "1"}),
    "GET /api/v1/index/references": api_everyone(),  # published editions: reference data (issue 17)
    "POST /api/v1/rounds/{round_id}/submissions": api_only({"kabkota_officer": 422, "field_monitor": 422}, data={},
                                                           inside={"round_id": "1"}),
    "POST /api/v1/rounds/{round_id}/submissions/{assignment_id}/evidence": api_only(
        {"kabkota_officer": 422, "field_monitor": 422}, data={}, inside={"round_id": "1", "assignment_id": "1"}),
    # Vulnerability index (issue 17): every role reads it, within its scope (tests/risk/test_api_index.py).
    "GET /api/v1/index": api_everyone(),
}

# Issue 6 areas keep their lines in their own modules (they import the helpers above, hence at the end).
from tests.alerts import walk as walk_alerts  # noqa: E402
from tests.education import walk as walk_education  # noqa: E402
from tests.grants import walk as walk_grants  # noqa: E402
from tests.incidents import walk_exports, walk_imports, walk_maps, walk_webhook  # noqa: E402
from tests.risk import walk_index  # noqa: E402

for _area in (walk_imports, walk_webhook, walk_exports, walk_maps, walk_alerts, walk_index, walk_education,
              walk_grants):  # fmt: skip
    WEB.update(_area.WEB)
    API.update(_area.API)

from tests.alerts import walk_forecasts  # noqa: E402

API.update(walk_forecasts.API)
