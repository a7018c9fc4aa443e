"""An export's filters: checked exactly as the incident list parses them, the region checked against the user's
scope (by the request, `exports.jobs`, and again by the run, `exports.services`).

A region filter may name the user's scope region, a region inside it, or one that contains it (the list
then shows the scope's rows, and so does the file, whose Filter sheet names the scope); a region outside
the scope is refused (403), so nobody believes they exported a neighbour's incidents when they got none."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from waspada.core.scope import code_within, scope_of
from waspada.elections.models import StageTag
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.models import EventType
from waspada.incidents.selectors import IncidentFilter
from waspada.regions.models import Region

# The incident list's query parameters (views.incident_list, api.ListParams); "event_type" is read as "type".
FILTER_KEYS = ("date_from", "date_to", "region", "type", "status", "stage", "severity", "severity_min", "sensitivity",
               "handling_level", "q", "demo", "context")  # fmt: skip
ALIASES = {"event_type": "type"}


def _in_filters(errors: dict[str, str]) -> dict[str, str]:
    """Problems named as a request names its filters ("filters.region"), the API's body included."""
    return {f"filters.{key}": message for key, message in errors.items()}


def clean_filters(user: Any, raw: Mapping[str, Any], *, strict: bool) -> tuple[dict[str, str], IncidentFilter]:
    """The filters as strings under the list's names, and their parsed form. `strict` (the API) refuses
    unknown names; a page passes the list's query string, where other parameters (page, csrf) are normal."""
    params: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key, value in raw.items():
        name = ALIASES.get(key, key)
        if name not in FILTER_KEYS:
            if strict:
                errors[key] = _("Unknown filter; use one of: %(names)s.") % {"names": ", ".join(FILTER_KEYS)}
            continue
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            value = "1" if value else "0"
        if not isinstance(value, str | int):
            errors[key] = _("Give a single value.")
            continue
        params[name] = str(value).strip()[:200]
    params = {key: value for key, value in params.items() if value}
    flt = IncidentFilter.parse(params)
    errors |= flt.errors
    if flt.event_type and not EventType.objects.filter(code=flt.event_type).exists():
        errors["type"] = _("Unknown event type %(code)s.") % {"code": flt.event_type}
    if flt.stage and not StageTag.objects.filter(code=flt.stage).exists():
        errors["stage"] = _("Unknown stage tag %(code)s.") % {"code": flt.stage}
    if flt.region and not Region.objects.filter(code=flt.region).exists():
        errors["region"] = _("No region with code %(code)s.") % {"code": flt.region}
    if errors:
        raise Invalid(_in_filters(errors))
    check_region_scope(user, flt.region)
    return params, flt


def check_region_scope(user: Any, region: str) -> None:
    scope = scope_of(user)
    if scope.role is None:
        raise Denied({"request": _("Your account cannot export incidents.")})
    if not region or scope.region_code is None:
        return
    if code_within(region, scope.region_code) or code_within(scope.region_code, region):
        return
    raise Denied(_in_filters({"region": _("Region %(code)s is outside your scope (%(scope)s): choose a region "
                                          "inside it.") % {"code": region, "scope": scope.region_code}}))  # fmt: skip
