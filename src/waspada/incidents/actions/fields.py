"""An input checked and set on an incident, field by field: every problem named at once, nothing written.

The rules of the single report, shared by every path that makes or changes an incident (the API, the form,
the spreadsheet importer, the gateway): a region in the writer's scope, dates not in the future nor before
2000, known types, counts and severity in range, sources that say where they come from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from waspada.core.scope import Sensitivity, UserScope
from waspada.elections.selectors import local_today
from waspada.incidents import refcache
from waspada.incidents.actions import related
from waspada.incidents.actions.derived import derive
from waspada.incidents.actions.place import place
from waspada.incidents.errors import Invalid
from waspada.incidents.inputs import PLACE_FIELDS, SCALAR_FIELDS, IncidentInput
from waspada.incidents.models import GeoPrecision, Incident, IncidentActor, IncidentSource, TimePrecision

EARLIEST_DATE = dt.date(2000, 1, 1)
MAX_COUNT = 10_000_000  # dead, injured, people involved: far above any real count, well inside the database's range


@dataclass(frozen=True)
class RelatedRows:
    """Rows the input asks for beside the incident's own fields, built but not saved."""

    actors: list[IncidentActor] | None  # None: keep the incident's actors
    sources: list[IncidentSource]  # to add


def apply_input(incident: Incident, inp: IncidentInput, scope: UserScope, *, creating: bool,
                sources_field: str = "sources") -> RelatedRows:  # fmt: skip
    """Check `inp` (on an update, only its given fields) and set them on `incident`, with the codes and levels
    they imply; raise Invalid naming every wrong field. `scope` is the writer's: the region must lie in it."""
    errors: dict[str, str] = {}
    names = set(SCALAR_FIELDS) if creating else inp.given & set(SCALAR_FIELDS)
    values = {name: getattr(inp, name) for name in names}
    if "title" in values:
        title = str(values["title"] or "").strip()
        if not title:
            errors["title"] = _("Give the incident a short title.")
        elif len(title) > 200:
            errors["title"] = _("Keep the title under 200 characters.")
        incident.title = title[:200]
    for key in ("narrative", "damage"):
        if key in values:
            setattr(incident, key, str(values[key] or "").strip())
    old_region = incident.region_id
    if creating or PLACE_FIELDS & values.keys():
        wanted = {
            "region": incident.region_id, "kecamatan": incident.kecamatan_id, "desa": incident.desa_id,
            "lat": incident.lat, "lng": incident.lng,
        } | {key: values[key] for key in PLACE_FIELDS if key in values}  # fmt: skip
        place(incident, wanted, scope, errors)
    _when(incident, values, errors)
    _precisions(incident, values, errors, creating)
    _types(incident, values, errors)
    for key in ("dead", "injured", "people_involved"):
        if key in values:
            setattr(incident, key, _int_or_none(values[key], key, errors, high=MAX_COUNT))
    if "severity" in values:
        severity = _int_or_none(values["severity"], "severity", errors, low=1, high=5)
        if severity is None and "severity" not in errors:
            errors["severity"] = _("Choose a severity from 1 to 5 (see the rubric).")
        incident.severity = severity or incident.severity
    if "sensitivity" in values:
        incident.sensitivity = related.choice(values["sensitivity"], Sensitivity, "sensitivity", errors,
                                      Sensitivity.INTER_AGENCY)  # fmt: skip
    rows = RelatedRows(
        actors=related.actors(inp.actors, errors) if inp.actors is not None else None,
        sources=related.sources(inp.sources, errors, sources_field),
    )
    if errors:
        raise Invalid(errors)
    derive(incident, scope, region_changed=creating or old_region != incident.region_id)
    return rows


def _when(incident: Incident, values: dict[str, Any], errors: dict[str, str]) -> None:
    if "occurred_on" in values:
        day = values["occurred_on"]
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day)
            except ValueError:
                day = None
        if not isinstance(day, dt.date):
            errors["occurred_on"] = _("Give the date as YYYY-MM-DD.")
        else:
            incident.occurred_on = day
    if isinstance(incident.occurred_on, dt.date) and "occurred_on" not in errors and "region" not in errors:
        today = local_today(incident.region)
        if incident.occurred_on > today:
            errors["occurred_on"] = _("%(day)s is in the future (today is %(today)s in %(zone)s).") % {
                "day": incident.occurred_on.isoformat(), "today": today.isoformat(),
                "zone": incident.region.timezone if incident.region else settings.TIME_ZONE}  # fmt: skip
        elif incident.occurred_on < EARLIEST_DATE:
            errors["occurred_on"] = _("Dates before %(day)s are not accepted.") % {"day": EARLIEST_DATE.isoformat()}
    if "occurred_time" in values:
        moment = values["occurred_time"]
        if isinstance(moment, str) and moment:
            try:
                moment = dt.time.fromisoformat(moment)
            except ValueError:
                errors["occurred_time"] = _("Give the local time as HH:MM.")
                moment = None
        incident.occurred_time = moment or None


def _precisions(incident: Incident, values: dict[str, Any], errors: dict[str, str], creating: bool) -> None:
    if not creating:  # on update, a null choice would fall back to a default: never a silent downgrade
        for key, choices in (("time_precision", TimePrecision), ("geo_precision", GeoPrecision),
                             ("sensitivity", Sensitivity)):  # fmt: skip
            if key in values and (values[key] is None or values[key] == "" and key != "geo_precision"):
                errors[key] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)}
    if "time_precision" in values:
        incident.time_precision = related.choice(values["time_precision"], TimePrecision, "time_precision", errors,
                                         TimePrecision.DAY)  # fmt: skip
    if "geo_precision" in values:
        default = GeoPrecision.EXACT if incident.lat is not None else ""
        incident.geo_precision = related.choice(values["geo_precision"], GeoPrecision, "geo_precision", errors, default)
        if incident.lat is None and incident.geo_precision in (GeoPrecision.EXACT, GeoPrecision.NEAR_PLACE):
            incident.geo_precision = ""


def _types(incident: Incident, values: dict[str, Any], errors: dict[str, str]) -> None:
    changing_type, changing_sub = "event_type" in values, "event_subtype" in values
    if changing_type or changing_sub:
        type_code = str(values.get("event_type") or "") if changing_type else incident.event_type_id
        if changing_sub:
            sub_code = str(values.get("event_subtype") or "")
        else:  # the type changed alone: keep the sub-type only if it belongs to the new type
            sub_code = incident.event_subtype.code if incident.event_subtype_id else ""  # type: ignore[union-attr]
        subtype = None
        if type_code and sub_code:  # the sub-type carries its type
            subtype = refcache.event_subtype(type_code, sub_code)
        event_type = subtype.event_type if subtype else refcache.event_type(type_code)
        if event_type is None:
            errors["event_type"] = (_("Unknown event type %(code)s.") % {"code": type_code} if type_code
                                    else _("Choose an event type."))  # fmt: skip
            return
        if sub_code and subtype is None and changing_sub:
            errors["event_subtype"] = _("%(code)s is not a sub-type of %(type)s.") % {"code": sub_code,
                                                                                    "type": type_code}  # fmt: skip
        incident.event_type, incident.event_subtype = event_type, subtype
    if "secondary_types" in values:
        codes = [str(code) for code in values["secondary_types"] or [] if code]
        known = refcache.known_event_types(codes) if codes else set()
        unknown = [code for code in codes if code not in known]
        if unknown:
            errors["secondary_types"] = _("Unknown event types: %(codes)s.") % {"codes": ", ".join(unknown)}
        incident.secondary_types = sorted({code for code in codes if code != incident.event_type_id})


def _int_or_none(value: Any, field: str, errors: dict[str, str], *, low: int = 0, high: int | None = None) -> Any:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = _("Enter a whole number.")
        return None
    if number < low or (high is not None and number > high):
        errors[field] = (_("Enter a number from %(low)d to %(high)d.") % {"low": low, "high": high} if high
                         else _("Enter a number of at least %(low)d.") % {"low": low})  # fmt: skip
        return None
    return number
