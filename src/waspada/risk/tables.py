"""The index as tables: the ranking (sorted and filtered, scope applied by selectors.scores_for), one region's
breakdown with its explanation, and the small chart of its history (an inline SVG drawn here: no script, light).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from waspada.core.i18n import prefers_indonesian
from waspada.regions.models import Region
from waspada.risk import maps, selectors
from waspada.risk.models import IndexRun, RegionScore
from waspada.risk.run_diff import category_label

# ?sort= value -> ordering; a leading "-" in the request reverses it.
SORTS = {
    "rank": ("rank", "region_id"),
    "index": ("composite", "region_id"),
    "change": ("change", "region_id"),
    "coverage": ("coverage", "region_id"),
    "name": ("region__name", "region_id"),
    "code": ("region_id",),
}


@dataclass(frozen=True)
class Ranking:
    scores: list[RegionScore]
    sort: str
    descending: bool
    province: str
    provinces: list[tuple[str, str]]


def ranking(run: IndexRun, user: Any, level: str, sort: str = "rank", province: str = "") -> Ranking:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        key, descending = "rank", False
    scores = selectors.scores_for(run, user, level)
    provinces = _provinces(scores)
    if province and province in dict(provinces):
        scores = scores.filter(province_code=province)
    else:
        province = ""
    ordering = [F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
                for name in SORTS[key]]  # fmt: skip
    return Ranking(list(scores.order_by(*ordering)), key, descending, province, provinces)


def _provinces(scores: QuerySet[RegionScore]) -> list[tuple[str, str]]:
    codes = set(scores.values_list("province_code", flat=True).distinct())
    return list(Region.objects.filter(code__in=codes).order_by("code").values_list("code", "name"))


def breakdown(score: RegionScore) -> dict[str, Any]:
    """Dimensions with their sub-dimensions (names in the reader's language), the top contributions and the
    reasons for the change, as the template shows them."""
    dim_names, sub_names, parent = maps.headings()
    bands = maps.bands_for(score.run, score.level)
    dims = []
    for code, value in (score.dimensions or {}).items():
        subs = [{"name": maps.readable(sub, sub_names), "value": sub_value, "category": bands.category(sub_value),
                 "label": category_label(bands.category(sub_value))}
                for sub, sub_value in (score.subdimensions or {}).items() if parent.get(sub) == code]  # fmt: skip
        dims.append({"code": code, "name": maps.readable(code, dim_names), "value": value,
                     "category": bands.category(value), "label": category_label(bands.category(value)),
                     "subdimensions": subs})  # fmt: skip
    placed = {sub for dim in dims for sub in (score.subdimensions or {}) if parent.get(sub) == dim["code"]}
    loose = [{"name": maps.readable(sub, sub_names), "value": value, "category": bands.category(value),
              "label": category_label(bands.category(value))}
             for sub, value in (score.subdimensions or {}).items() if sub not in placed]  # fmt: skip
    lang = "id" if prefers_indonesian() else "en"
    contributions = [{**item, "label": item.get(f"label_{lang}") or item.get("label_id") or item.get("code", ""),
                      "shown": shown_value(item.get("value"))}
                     for item in score.contributions or [] if isinstance(item, dict)]  # fmt: skip
    reasons = [{**item, "text": item.get(f"text_{lang}") or item.get("text_id") or ""}
               for item in score.reasons or [] if isinstance(item, dict)]  # fmt: skip
    return {"dimensions": dims, "loose_subdimensions": loose, "contributions": contributions, "reasons": reasons,
            "bands": bands}  # fmt: skip


def shown_value(value: Any) -> str:
    """An indicator's value as a reader sees it: yes/no in words, choices joined, numbers with their decimals."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return ", ".join(shown_value(item) for item in value)
    if isinstance(value, float):
        return number_format(value, decimal_pos=2 if abs(value) < 10 else 1)
    return str(value).replace("_", " ")


# --- The history chart -------------------------------------------------------------------------------------

CHART_W, CHART_H, PAD = 480, 140, 28


def history_chart(code: str, user: Any) -> dict[str, Any]:
    """The region's composite in its last computations, oldest left: points and a polyline on a 0-100 axis with
    the category bands behind, as plain numbers the template writes into an <svg>."""
    rows = [s for s in reversed(list(selectors.region_history(code, user))) if s.composite is not None]
    if not rows:
        return {"points": [], "polyline": ""}
    step = (CHART_W - 2 * PAD) / max(len(rows) - 1, 1)
    points = []
    for i, score in enumerate(rows):
        x = PAD + i * step if len(rows) > 1 else CHART_W / 2
        y = PAD / 2 + (CHART_H - PAD) * (1 - (score.composite or 0) / 100)
        points.append({"x": round(x, 1), "y": round(y, 1), "value": score.composite, "run": score.run_id,
                       "date": date_format(score.run.as_of, "j M Y"), "category": score.category,
                       "shown": number_format(score.composite or 0, decimal_pos=1)})  # fmt: skip
    bands = maps.bands_for(rows[-1].run, rows[-1].level)

    def y_of(value: float) -> float:
        return round(PAD / 2 + (CHART_H - PAD) * (1 - value / 100), 1)

    band_rects = [
        {"y": y_of(100), "h": y_of(bands.tinggi) - y_of(100), "colour": maps.COLOURS["tinggi"]},
        {"y": y_of(bands.tinggi), "h": y_of(bands.sedang) - y_of(bands.tinggi), "colour": maps.COLOURS["sedang"]},
        {"y": y_of(bands.sedang), "h": y_of(0) - y_of(bands.sedang), "colour": maps.COLOURS["rendah"]},
    ]
    return {"points": points, "polyline": " ".join(f"{p['x']},{p['y']}" for p in points), "bands": band_rects,
            "width": CHART_W, "height": CHART_H, "left": PAD, "right": CHART_W - PAD, "span": CHART_W - 2 * PAD,
            "axis_y": y_of(0), "first": points[0]["date"], "last": points[-1]["date"]}  # fmt: skip
