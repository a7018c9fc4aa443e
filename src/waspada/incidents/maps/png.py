"""The incident map as a PNG for a report: the same counts, classes, colours and points as the page, drawn by the
one server-side renderer (`waspada.core.maprender`) from the same prepared boundary layers.

National: kab/kota coloured, province outlines over them. A province: its kab/kota. Inside a kab/kota: its
kecamatan coloured and named, the province's kab/kota outlined around. No tiles: the PNG draws our own boundaries
only (a report must not depend on a tile server, and tile terms differ for printed maps).
"""

from __future__ import annotations

import gzip
import json
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from shapely.geometry import shape

from waspada.core.maprender import LegendItem, MapArea, MapFigure, MapPoint, render_png
from waspada.incidents.maps.aggregate import map_data, map_domain
from waspada.incidents.maps.area import Area, bbox
from waspada.incidents.maps.breaks import CLASS_COLOURS, OUTSIDE_COLOUR, ZERO_COLOUR, class_of, colour_of, ranges
from waspada.incidents.maps.pages import SEVERITY_COLOURS
from waspada.incidents.models import SeverityLevel
from waspada.incidents.selectors import IncidentFilter
from waspada.regions.models import KABKOTA_LEVELS, RegionImport
from waspada.regions.selectors import get_layer, kabkota_layer_key

WIDTH, HEIGHT = 1400, 1000


def _features(key: str, levels: tuple[str, ...] | list[str] | None = None, prefix: str = "") -> list[dict[str, Any]]:
    layer = get_layer(key)
    if layer is None:
        return []
    features = json.loads(gzip.decompress(bytes(layer.content_gzip)))["features"]
    return [f for f in features if (levels is None or f["properties"]["level"] in levels)
            and (not prefix or f["properties"]["code"].startswith(prefix + "."))]  # fmt: skip


def _inside(code: str, domain: str) -> bool:
    return not domain or code == domain or code.startswith(domain + ".") or domain.startswith(code + ".")


def _subtitle(flt: IncidentFilter, total: int) -> str:
    parts = [_("%(n)s incidents") % {"n": f"{total:,}".replace(",", ".")}]
    if flt.date_from or flt.date_to:
        start = date_format(flt.date_from, "j M Y") if flt.date_from else "..."
        end = date_format(flt.date_to, "j M Y") if flt.date_to else "..."
        parts.append(f"{start} - {end}")
    if set(flt.active()) - {"date_from", "date_to", "region"}:
        parts.append(_("other filters apply"))
    parts.append(_("made %(when)s") % {"when": date_format(timezone.localtime(), "j M Y H:i")})
    return " · ".join(parts)


def figure_for(user: Any, flt: IncidentFilter, where: Area, *, width: int = WIDTH,
               height: int = HEIGHT) -> MapFigure:  # fmt: skip
    """The map page's picture for this user and filter (the same scope, counts and classes as the API)."""
    data = map_data(user, flt)
    domain = map_domain(user, flt)
    kecamatan = data["level"] == "kecamatan"
    if not domain:
        choropleth = _features("national-kabkota", KABKOTA_LEVELS)
        outlines = _features("national-province")
    elif not kecamatan:
        choropleth = _features(f"province-{domain[:2]}", KABKOTA_LEVELS)
        outlines = []
    else:
        choropleth = _features(kabkota_layer_key(domain[:5]), ["kecamatan"])
        outlines = _features(f"province-{domain[:2]}", KABKOTA_LEVELS)
    counts = data["kecamatan"] if kecamatan else data["kabkota"]
    breaks = data["kecamatan_breaks"] if kecamatan else data["breaks"]
    areas = []
    for feature in choropleth:
        code = feature["properties"]["code"]
        mine = _inside(code, domain)
        fill = colour_of(class_of(counts.get(code, 0), breaks), breaks) if mine else OUTSIDE_COLOUR
        label, label_at = "", None
        if kecamatan:
            point = shape(feature["geometry"]).representative_point()
            label, label_at = feature["properties"]["name"], (point.x, point.y)
        areas.append(MapArea(feature["geometry"], fill=fill, label=label, label_at=label_at))
    areas += [MapArea(feature["geometry"], outline="#10243a", width=2) for feature in outlines]
    points = [MapPoint(p["lng"], p["lat"], SEVERITY_COLOURS.get(p["severity"], "#e8503a"),
                       radius=3 if not domain else 5)
              for p in sorted(data["points"], key=lambda p: p["severity"])]  # fmt: skip
    legend = [LegendItem(ZERO_COLOUR, _("0"))]
    offset = len(CLASS_COLOURS) - len(breaks)
    # Plain hyphens and dots: Pillow's built-in font has no en dash or ellipsis.
    legend += [LegendItem(CLASS_COLOURS[offset + i], str(high) if low == high else f"{low} - {high}")
               for i, (low, high) in enumerate(ranges(breaks))]  # fmt: skip
    if any(not _inside(f["properties"]["code"], domain) for f in choropleth):
        legend.append(LegendItem(OUTSIDE_COLOUR, _("outside the filter or your scope")))
    severities = [LegendItem(SEVERITY_COLOURS.get(level.level, "#e8503a"), f"{level.level} · {level.label}", "dot")
                  for level in SeverityLevel.objects.all()] if data["points"] else []  # fmt: skip
    decree = RegionImport.objects.order_by("-started_at").values_list("decree", flat=True).first() or ""
    return MapFigure(
        title=_("Incident map: %(area)s") % {"area": where.domain_name},
        subtitle=_subtitle(flt, data["total"]),
        areas=areas, points=points,
        legend_title=_("Incidents per district") if kecamatan else _("Incidents per regency/city"),
        legend=legend,
        legend_sections=[(_("Points by severity"), severities)] if severities else [],
        attribution=_("Boundaries: %(decree)s · Waspada") % {"decree": decree} if decree else "Waspada",
        bbox=bbox(domain) if domain else None,
        width=width, height=height,
    )  # fmt: skip


def map_png(user: Any, flt: IncidentFilter, where: Area) -> bytes:
    return render_png(figure_for(user, flt, where))
