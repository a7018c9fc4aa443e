"""The incident list's filters as an API query schema, shared by the list, the map and the summary routes.

Values stay strings here: `selectors.IncidentFilter.parse` checks them and names the field of a bad one."""

from __future__ import annotations

from ninja import Schema


class FilterParams(Schema):
    date_from: str = ""
    date_to: str = ""
    region: str = ""
    type: str = ""
    status: str = ""
    stage: str = ""
    severity: str = ""
    severity_min: str = ""
    sensitivity: str = ""
    handling_level: str = ""
    q: str = ""
    demo: str = ""
    context: str = ""  # context events: "" / exclude (default), include, only
