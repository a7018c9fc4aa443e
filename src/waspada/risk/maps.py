"""The index on a map: which run and level a page shows, the category scale and its colours, the boundary layers
for the user's scope, the compact score table the browser merges with those (cached) layers, and the same map
as a PNG for reports (`waspada.core.maprender`).

The composite is coloured by the category the run stored; a dimension by the same cut points applied to its
score, so one legend reads every layer. The cut points come from the run's method (`categories` per level);
a method that does not name them falls back to the ones its own scores imply, then to the IKP 2024 edition's.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db.models import Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.core.i18n import prefers_indonesian
from waspada.core.maprender import LegendItem, MapArea, MapFigure, render_png
from waspada.core.scope import scope_of
from waspada.monitoring.models import Dimension, SubDimension
from waspada.regions.models import KABKOTA_LEVELS, RegionImport
from waspada.regions.selectors import get_layer, get_region, layer_url, layer_versions
from waspada.risk import selectors
from waspada.risk.models import Category, IndexRun, Level, RegionScore

CATEGORIES: tuple[str, ...] = (Category.RENDAH, Category.SEDANG, Category.TINGGI)
COLOURS: dict[str, str] = {Category.RENDAH: "#1a9850", Category.SEDANG: "#fdae61", Category.TINGGI: "#d7301f"}
NO_DATA_COLOUR = "#bdbdbd"
OUTSIDE_COLOUR = "#eef1f4"
COMPOSITE = "composite"
# IKP 2024's published lower bounds of "sedang" and "tinggi" per level (data/domain/ikp_2024.yaml).
IKP_2024_BANDS: dict[str, tuple[float, float]] = {Level.PROVINCE: (21.7, 68.5), Level.KABKOTA: (13.47, 49.33)}


@dataclass(frozen=True)
class Bands:
    """Lower bounds of sedang and tinggi on the 0-100 scale; below sedang is rendah."""

    sedang: float
    tinggi: float
    source: str  # "method", "scores" or "ikp_2024"

    def category(self, value: float | None) -> str:
        if value is None:
            return ""
        return Category.TINGGI if value >= self.tinggi else Category.SEDANG if value >= self.sedang else Category.RENDAH


def _bands_from_params(params: Any, level: str) -> tuple[float, float] | None:
    """The method's cut points when it states them: {"sedang": x, "tinggi": y} (lower bounds) or a list of
    bands [{"category", "min"}], under params["categories"][level] (data/domain/index_method.yaml) or
    params["thresholds"][level]."""
    params = params if isinstance(params, dict) else {}
    spec = params.get("categories") if isinstance(params.get("categories"), dict) else params.get("thresholds")
    spec = spec.get(level) if isinstance(spec, dict) else None
    if isinstance(spec, list):
        spec = {str(b.get("category")): b.get("min") for b in spec if isinstance(b, dict)}
    if isinstance(spec, dict):
        low, high = spec.get(Category.SEDANG), spec.get(Category.TINGGI)
        if isinstance(spec.get(Category.SEDANG), dict):  # {"sedang": {"min": x}}
            low, high = spec[Category.SEDANG].get("min"), (spec.get(Category.TINGGI) or {}).get("min")
        if isinstance(low, int | float) and isinstance(high, int | float) and low < high:
            return float(low), float(high)
    return None


def bands_for(run: IndexRun, level: str) -> Bands:
    stated = _bands_from_params(run.method.params, level)
    if stated:
        return Bands(*stated, source="method")
    rows = RegionScore.objects.filter(run=run, level=level).exclude(composite=None).values("category")
    lowest = {row["category"]: row["low"] for row in rows.annotate(low=Min("composite"))}
    if Category.SEDANG in lowest and Category.TINGGI in lowest and lowest[Category.SEDANG] < lowest[Category.TINGGI]:
        return Bands(lowest[Category.SEDANG], lowest[Category.TINGGI], source="scores")
    low, high = IKP_2024_BANDS.get(level, IKP_2024_BANDS[Level.KABKOTA])
    return Bands(low, high, source="ikp_2024")


def legend(bands: Bands) -> list[dict[str, str]]:
    """The legend's rows: the three categories with their ranges, then "no data"."""
    ranges: dict[str, str] = {Category.RENDAH: f"< {bands.sedang:g}",
                              Category.SEDANG: f"{bands.sedang:g} - < {bands.tinggi:g}",
                              Category.TINGGI: f">= {bands.tinggi:g}"}  # fmt: skip
    rows = [{"code": str(cat), "label": str(Category(cat).label), "range": ranges[cat], "colour": COLOURS[cat]}
            for cat in CATEGORIES]  # fmt: skip
    rows.append({"code": "none", "label": _("No data"), "range": "", "colour": NO_DATA_COLOUR})
    return rows


def headings() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Names of the dimensions and sub-dimensions by code in the reader's language (newest instrument version
    wins), and each sub-dimension's dimension code."""
    field = "name_id" if prefers_indonesian() else "name_en"
    dims: dict[str, str] = {}
    subs: dict[str, str] = {}
    parent: dict[str, str] = {}
    for code, name in Dimension.objects.order_by("version_id", "position").values_list("code", field):
        dims[code] = name
    rows = SubDimension.objects.order_by("dimension__version_id", "position")
    for code, name, dim in rows.values_list("code", field, "dimension__code"):
        subs[code] = name
        parent[code] = dim
    return dims, subs, parent


def readable(code: str, names: dict[str, str]) -> str:
    """A heading's name; an unknown code (an instrument since removed) as words, never as a raw code."""
    return names.get(code) or code.replace("_", " ").capitalize()


def dimension_codes(run: IndexRun) -> list[str]:
    """The dimensions the run scored, in the instrument's order where known."""
    seen: list[str] = []
    for dims in RegionScore.objects.filter(run=run).values_list("dimensions", flat=True)[:50]:
        for code in dims or {}:
            if code not in seen:
                seen.append(code)
    order = {code: i for i, code in enumerate(Dimension.objects.order_by("position").values_list("code", flat=True))}
    return sorted(seen, key=lambda code: (order.get(code, 99), code))


# --- What a page shows ------------------------------------------------------------------------------------


@dataclass
class Choice:
    run: IndexRun | None
    level: str
    layer: str
    as_of: dt.date | None
    errors: dict[str, str]


LEVELS: dict[str, Any] = {Level.PROVINCE: gettext_lazy("Province"), Level.KABKOTA: gettext_lazy("Regency/city")}


def default_level(user: Any) -> str:
    """Kab/kota for everyone (the finer map); the province map is one click away."""
    return Level.KABKOTA


def choose(params: Any, user: Any) -> Choice:
    """The run (the newest on or before a date, or by id, or the newest), level and layer a request asks for.
    Bad values are named in `errors` and fall back to the defaults."""
    errors: dict[str, str] = {}
    level = params.get("level") or default_level(user)
    if level not in LEVELS:
        errors["level"] = _("Unknown level: choose province or regency/city.")
        level = default_level(user)
    as_of = None
    if params.get("date"):
        try:
            as_of = dt.date.fromisoformat(params["date"])
        except ValueError:
            errors["date"] = _("Not a date (YYYY-MM-DD).")
    run = None
    if as_of is not None:  # a date typed beside the run list wins: the list always sends its selection
        run = selectors.latest_run(as_of)
        if run is None:
            errors["date"] = _("No computation on or before this date.")
    elif params.get("run"):
        raw = str(params["run"])
        run = selectors.run_by_id(int(raw)) if raw.isdigit() else None
        if run is None:
            errors["run"] = _("No finished computation with this number.")
    if run is None:
        run = selectors.latest_run()
    layer = params.get("layer") or COMPOSITE
    if run is not None and layer != COMPOSITE and layer not in dimension_codes(run):
        errors["layer"] = _("Unknown dimension.")
        layer = COMPOSITE
    return Choice(run, str(level), layer, as_of, errors)


def domain_of(user: Any) -> str:
    """The region code the user's scope covers ("" for the whole country)."""
    return scope_of(user).region_code or ""


def map_layers(user: Any, level: str) -> list[dict[str, Any]]:
    """One boundary layer per map, the lightest that covers the user's scope: the country's province or kab/kota
    layer for national users (no province outlines over the kab/kota: they would double the download), the
    province's own kab/kota layer inside a province. The versioned URLs browsers cache for good."""
    versions = layer_versions()
    domain = domain_of(user)
    if level == Level.PROVINCE:
        key, levels = "national-province", ["province"]
    elif domain:
        key, levels = f"province-{domain[:2]}", list(KABKOTA_LEVELS)
    else:
        key, levels = "national-kabkota", list(KABKOTA_LEVELS)
    if key not in versions:
        return []
    return [{"url": layer_url(key, versions), "pane": level, "interactive": True, "levels": levels}]


def score_table(run: IndexRun, user: Any, level: str, dims: list[str]) -> dict[str, list[Any]]:
    """{code: [composite, category, dimension scores in `dims` order]} for the scores the user may read, rounded
    to one decimal: about 25 bytes a region, so the national kab/kota map carries its data in the page."""
    rows = selectors.scores_for(run, user, level).values_list("region_id", "composite", "category", "dimensions")
    table: dict[str, list[Any]] = {}
    for code, composite, category, values in rows:
        values = values or {}
        table[code] = [_round(composite), category or ""] + [_round(values.get(d)) for d in dims]
    return table


def _round(value: Any) -> float | None:
    return round(float(value), 1) if isinstance(value, int | float) else None


@dataclass(frozen=True)
class MapData:
    """What the map page carries for one run, scope and level: the dimensions, the cut points, and the score
    table as the ready <script type="application/json"> block (compact separators)."""

    dims: list[str]
    bands: Bands
    script: str
    count: int


# A finished run's scores never change (a recomputation is a new run), so the map's data is remembered per run,
# scope and level: the national kab/kota page then neither decodes 514 JSON rows nor encodes them again on every
# request. Keyed by the run's start and finish times as well: a deleted run's number can come back (SQLite).
_MEMO: OrderedDict[tuple[Any, ...], MapData] = OrderedDict()
MEMO_SIZE = 64


def map_data(run: IndexRun, user: Any, level: str) -> MapData:
    scope = scope_of(user)
    key = (run.pk, run.started_at, run.finished_at, scope.role, scope.region_code, scope.external, level)
    found = _MEMO.get(key)
    if found is not None:
        _MEMO.move_to_end(key)
        return found
    dims = dimension_codes(run)
    bands = bands_for(run, level)
    table = score_table(run, user, level, dims)
    payload = {"dims": dims, "rows": table, "bands": {"sedang": bands.sedang, "tinggi": bands.tinggi}}
    text = json.dumps(payload, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    script = f'<script id="index-scores" type="application/json">{text}</script>'
    data = MapData(dims, bands, script, len(table))
    _MEMO[key] = data
    while len(_MEMO) > MEMO_SIZE:
        _MEMO.popitem(last=False)
    return data


# As django.utils.html.json_script escapes: nothing in the data can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


# --- The PNG -----------------------------------------------------------------------------------------------

WIDTH, HEIGHT = 1400, 1000


def _features(key: str, levels: list[str]) -> list[dict[str, Any]]:
    layer = get_layer(key)
    if layer is None:
        return []
    features = json.loads(gzip.decompress(bytes(layer.content_gzip)))["features"]
    return [f for f in features if f["properties"]["level"] in levels]


def _inside(code: str, domain: str) -> bool:
    return not domain or code == domain or code.startswith(domain + ".")


def figure_for(run: IndexRun, user: Any, level: str, layer: str) -> MapFigure:
    """The map page's picture: the same scope, layer and colours."""
    dims = dimension_codes(run)
    table = score_table(run, user, level, dims)
    bands = bands_for(run, level)
    column = None if layer == COMPOSITE else 2 + dims.index(layer)
    domain = domain_of(user)
    spec = map_layers(user, level)
    key = "national-province" if level == Level.PROVINCE else ("national-kabkota" if not domain else
                                                               f"province-{domain[:2]}")  # fmt: skip
    features = _features(key, spec[0]["levels"]) if spec else []
    areas = []
    for feature in features:
        code = feature["properties"]["code"]
        row = table.get(code)
        if row is None:
            fill = NO_DATA_COLOUR if _inside(code, domain) else OUTSIDE_COLOUR
        else:
            category = row[1] if column is None else bands.category(row[column])
            fill = COLOURS.get(category, NO_DATA_COLOUR)
        areas.append(MapArea(feature["geometry"], fill=fill, outline="#ffffff"))
    items = [LegendItem(row["colour"], f"{row['label']} {row['range']}".strip()) for row in legend(bands)]
    dim_names, _subs, _parent = headings()
    layer_name = _("Index (composite)") if layer == COMPOSITE else readable(layer, dim_names)
    decree = RegionImport.objects.order_by("-started_at").values_list("decree", flat=True).first() or ""
    region = get_region(domain) if domain else None
    where = region.name if region is not None else _("Indonesia")
    subtitle = " · ".join([layer_name, str(LEVELS[level]), _("computation %(n)s of %(date)s") % {
        "n": run.pk, "date": date_format(run.as_of, "j M Y")}, _("made %(when)s") % {
        "when": date_format(timezone.localtime(), "j M Y H:i")}])  # fmt: skip
    return MapFigure(
        title=_("Vulnerability index: %(area)s") % {"area": where}, subtitle=subtitle, areas=areas,
        legend_title=_("Category"), legend=items,
        attribution=_("Boundaries: %(decree)s · Waspada") % {"decree": decree} if decree else "Waspada",
        width=WIDTH, height=HEIGHT,
    )  # fmt: skip


def map_png(run: IndexRun, user: Any, level: str, layer: str) -> bytes:
    return render_png(figure_for(run, user, level, layer))
