"""What the map and summary pages show, built from the aggregates (views stay thin)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from waspada.core.scope import Sensitivity, scope_of
from waspada.elections.models import StageTag
from waspada.incidents.maps import charts
from waspada.incidents.maps.area import Area, bbox, child_names
from waspada.incidents.maps.summary import OVERLAP
from waspada.incidents.models import EventType, SeverityLevel, Status
from waspada.regions.models import KABKOTA_LEVELS, Level, Region
from waspada.regions.selectors import kabkota_layer_key, layer_url, layer_versions

FILTER_KEYS = ("q", "date_from", "date_to", "region", "type", "status", "stage", "severity", "severity_min",
               "sensitivity", "handling_level", "demo", "context")  # fmt: skip
MONTHLY_LIMIT = 60  # longer runs are charted by year (the API keeps months)
SEVERITY_COLOURS = {1: "#fed976", 2: "#fd8d3c", 3: "#e8503a", 4: "#b3122e", 5: "#5c0a1e"}


def active_query(params: QueryDict) -> dict[str, str]:
    """The filters in force, in a stable order, without paging or empty fields."""
    values = {key: str(params.get(key) or "").strip() for key in FILTER_KEYS}
    return {key: value for key, value in values.items() if value}


def with_query(url: str, query: dict[str, str], **changes: Any) -> str:
    merged = {**query, **{key: str(value) for key, value in changes.items() if value not in (None, "")}}
    return f"{url}?{urlencode(merged)}" if merged else url


def filter_choices(user: Any) -> dict[str, Any]:
    """The list's filter fields, plus region codes to pick from within the user's scope."""
    scope_code = scope_of(user).region_code
    if scope_code is None:
        places = Region.objects.filter(level=Level.PROVINCE, is_active=True)
    elif "." not in scope_code:
        places = Region.objects.filter(parent_id=scope_code, level__in=KABKOTA_LEVELS, is_active=True)
    else:
        places = Region.objects.filter(parent_id=scope_code, is_active=True)
    return {
        "event_types": EventType.objects.all(), "stage_tags": StageTag.objects.all(), "statuses": Status.choices,
        "sensitivities": Sensitivity.choices, "places": places.order_by("code").values_list("code", "name"),
    }  # fmt: skip


# --- The map page -------------------------------------------------------------------------------------------


LABEL_ZOOM = 10  # kecamatan names from this zoom on (a kab/kota fills the screen at about 9 to 11)


def map_layers(domain: str) -> list[dict[str, Any]]:
    """The country's kab/kota layer (and province outlines) for a national view; the province's own layer for a
    province, about a fifth of the weight; inside a kab/kota its kecamatan layer, coloured and named at close
    zoom, over the province's kab/kota outlines. The same versioned URLs as the region pages: cached for a year.
    Each choropleth layer names the counts that colour it (`counts`: the API's `kabkota` or `kecamatan`)."""
    versions = layer_versions()
    kabkota: list[str] = list(KABKOTA_LEVELS)
    if not domain:
        wanted = [("national-kabkota", "kabkota", True, kabkota), ("national-province", "provinces", False, None)]
    elif "." not in domain:
        wanted = [(f"province-{domain[:2]}", "kabkota", True, kabkota)]
    else:
        wanted = [(kabkota_layer_key(domain[:5]), "kecamatan", True, ["kecamatan"]),
                  (f"province-{domain[:2]}", "kabkota", False, kabkota)]  # fmt: skip
    if wanted[0][0] not in versions:
        return []
    specs = []
    for key, pane, interactive, levels in wanted:
        if key not in versions:
            continue
        spec: dict[str, Any] = {"url": layer_url(key, versions), "pane": pane, "interactive": interactive,
                                "levels": levels}  # fmt: skip
        if interactive:
            spec["counts"] = pane
            if pane == "kecamatan":
                spec["labels"] = LABEL_ZOOM
        specs.append(spec)
    return specs


def map_labels() -> dict[str, str]:
    """The sentences incident_map.js writes (the #map-labels block), in the user's language."""
    return {
        "incidents": _("incidents"), "none": _("no incidents"), "outside": _("outside the filter or your scope"),
        "points": _("%(n)s points drawn (exact or near a named place)."),
        "truncated": _("Only the newest %(n)s points are drawn; the colours count every incident."),
        "unplaced": _("%(n)s incidents not placed in a regency/city yet."),
        "kecamatan_unplaced": _("%(n)s incidents are not shown by district (placed only to the regency/city, or "
                                "restricted)."),
        "total": _("%(n)s incidents match."), "error": _("The map data could not be loaded."),
        "zero": _("0"), "legend": _("Incidents per regency/city"), "legend_kecamatan": _("Incidents per district"),
    }  # fmt: skip


def map_context(user: Any, area: Area, query: dict[str, str]) -> dict[str, Any]:
    layers = map_layers(area.domain)
    rest = {key: value for key, value in query.items() if key != "region"}
    return {
        "area": area,
        "layers_json": json.dumps(layers) if layers else "",
        "bbox": json.dumps(bbox(area.domain)) if area.domain else "",
        "api_url": with_query(reverse("api:incident_map"), query),
        "list_url": reverse("incidents:list"),
        "rest_json": json.dumps(rest),
        "active": query,
        "list_filtered_url": with_query(reverse("incidents:list"), query),
        "colours_json": json.dumps(SEVERITY_COLOURS),
        "summary_url": with_query(reverse("incidents:summary"), query),
        "severities": [(level.level, level.label, SEVERITY_COLOURS.get(level.level)) for level in
                       SeverityLevel.objects.all()],  # fmt: skip
        "by_kecamatan": "." in area.domain,  # inside a kab/kota the colours are its kecamatan's
        "map_labels": map_labels(),
        "png_url": with_query(reverse("incidents:map_png"), query),
        **filter_choices(user),
    }  # fmt: skip


# --- The summary page ---------------------------------------------------------------------------------------


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[tuple[str, int, str]]  # label, count, link into the filtered list (or a region's summary)
    chart: SafeString | None = None
    note: str = ""


@dataclass
class TimeSeries:
    title: str
    periods: list[str]
    series: list[tuple[str, list[int]]]
    chart: SafeString
    totals: list[int] = field(default_factory=list)
    note: str = ""  # said under the chart: how overlapping stages are counted

    @property
    def table(self) -> list[tuple[str, list[int], int]]:
        return [(period, [values[i] for _, values in self.series], self.totals[i])
                for i, period in enumerate(self.periods)]  # fmt: skip


def _periods(months: list[str], series: dict[str, list[int]]) -> tuple[list[str], dict[str, list[int]]]:
    """Months as they are, or summed by year when the run is too long to read (or to send) as bars."""
    if len(months) <= MONTHLY_LIMIT:
        return months, series
    years = sorted({month[:4] for month in months})
    index = {year: n for n, year in enumerate(years)}
    summed = {}
    for key, values in series.items():
        row = [0] * len(years)
        for month, value in zip(months, values, strict=True):
            row[index[month[:4]]] += value
        summed[key] = row
    return years, summed


def time_series(title: str, months: list[str], series: dict[str, list[int]], names: dict[str, str],
                other: str, note: str = "") -> TimeSeries | None:  # fmt: skip
    if not months or not series:
        return None
    periods, values = _periods(months, series)
    named = charts.fold_series([(names.get(key, key), row) for key, row in values.items()], other)
    heading = title if len(periods) == len(months) else _("%(title)s (by year)") % {"title": title}
    totals = [sum(column) for column in zip(*(row for _, row in named), strict=True)]
    return TimeSeries(heading, periods, named, charts.stacked_chart(heading, periods, named), totals, note)


def stage_series(months: list[str], series: dict[str, list[int]], names: dict[str, str]) -> TimeSeries | None:
    """Incidents per month by stage, each incident once per bar: one in overlapping stages is stacked under the
    combination ("Kampanye + Masa tenang"), said in a note when the data has such incidents."""
    labelled = {key: " + ".join(names.get(tag, tag) for tag in key.split(OVERLAP)) for key in series}
    note = ""
    if any(OVERLAP in key for key in series):
        note = _("Each incident is counted once per bar. An incident whose date falls in overlapping stages is "
                 "shown once, under the combination of those stages (joined by +), not under each of them.")
    return time_series(_("Incidents per month by election stage"), months, series, labelled, _("Other stages"), note)


def _rows(counts: dict[str, int], names: dict[str, str], link: Any) -> list[tuple[str, int, str]]:
    return [(names.get(key, key), count, link(key)) for key, count in counts.items()]


def summary_context(area: Area, data: dict[str, Any], labels: dict[str, dict[str, str]],
                    query: dict[str, str]) -> dict[str, Any]:  # fmt: skip
    list_url, summary_url = reverse("incidents:list"), reverse("incidents:summary")

    def list_link(name: str) -> Any:
        return lambda key: with_query(list_url, query, **{name: key})

    hidden = ""
    if data["redacted"]:
        hidden = _("%(n)s restricted incidents of other offices are counted in the total but not here: their "
                   "severity and status are not shown to you.") % {"n": data["redacted"]}  # fmt: skip
    breakdowns = [
        Breakdown("type", _("By type"), _rows(data["by_type"], labels["type"], list_link("type"))),
        Breakdown("severity", _("By severity"), _rows(data["by_severity"], labels["severity"],
                                                      list_link("severity")), note=hidden),
        Breakdown("status", _("By status"), _rows(data["by_status"], labels["status"], list_link("status")),
                  note=hidden),
        Breakdown("stage", _("By election stage"), _rows(data["by_stage"], labels["stage"], list_link("stage")),
                  note=_("An incident active in two stages counts in both.")),
    ]  # fmt: skip
    for breakdown in breakdowns:
        if breakdown.rows:
            items = [(label, count) for label, count, _link in breakdown.rows]
            breakdown.chart = charts.bar_chart(breakdown.title, items, horizontal=breakdown.key != "severity")
    if data["by_area"]:
        names = child_names(area)
        title = _("By province") if area.child_field == "province_code" else _("By regency/city")
        breakdowns.append(Breakdown("area", title, [
            (names.get(code, code), count, with_query(summary_url, query, region=code))
            for code, count in sorted(data["by_area"].items(), key=lambda item: -item[1])]))  # fmt: skip
    monthly = data["monthly"]
    return {
        "area": area, "data": data, "breakdowns": breakdowns, "active": query,
        "by_type": time_series(_("Incidents per month by type"), monthly["months"], monthly["by_type"],
                               labels["type"], _("Other types")),
        "by_stage": stage_series(monthly["months"], monthly["by_stage"], labels["stage"]),
        "list_url": with_query(list_url, query), "map_url": with_query(reverse("incidents:map"), query),
        "api_url": with_query(reverse("api:incident_summary"), query),
    }  # fmt: skip
