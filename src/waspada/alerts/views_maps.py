"""The early-warning pictures: a kab/kota's risk timeline, the map of current alert levels, and the forecast pages
(a map of probabilities per kab/kota, one region's forecast with its drivers). Read-only; the scope filter and
core.scope decide what each user sees (a region outside it is a 404, as an alert outside it is)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.alerts import forecast_selectors, register, timeline
from waspada.alerts.models import Alert, AlertLevel, AlertStatus
from waspada.core.permissions import requires
from waspada.core.scope import region_in_scope, scope_of
from waspada.regions.models import KABKOTA_LEVELS, Region
from waspada.regions.selectors import layer_url, layer_versions

LEVEL_KEYS = {0: "normal", 1: "waspada", 2: "siaga", 3: "awas"}
LEVEL_COLOURS = {"normal": "#9fcf9f", "waspada": "#ffd54f", "siaga": "#f59e42", "awas": "#b3261e"}


def _kabkota(request: HttpRequest, code: str) -> Region:
    region = Region.objects.filter(code=code, level__in=KABKOTA_LEVELS).first()
    if region is None or not region_in_scope(request.user, code):
        raise Http404(_("No such regency/city in your area."))
    return region


def _layers() -> list[dict[str, Any]]:
    versions = layer_versions()
    if "national-kabkota" not in versions:
        return []
    return [{"url": layer_url("national-kabkota", versions), "pane": "kabkota", "interactive": True,
             "levels": list(KABKOTA_LEVELS)}]  # fmt: skip


def _kabkota_in_scope(user: Any) -> list[tuple[str, str, str]]:
    code = scope_of(user).region_code
    rows = Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True)
    if code:
        rows = rows.filter(code=code) | rows.filter(code__startswith=code + ".")
    return list(rows.order_by("code").values_list("code", "name", "province_code"))


def _window(request: HttpRequest) -> tuple[timeline.Window, int]:
    try:
        days = int(request.GET.get("hari", "180"))
    except ValueError:
        days = 180
    days = days if days in timeline.SPANS else 180
    try:
        end = dt.date.fromisoformat(request.GET.get("sampai", ""))
    except ValueError:
        end = timezone.localdate()
    return timeline.Window(end - dt.timedelta(days=days - 1), end), days


@requires("alerts.view")
def region_timeline(request: HttpRequest, code: str) -> HttpResponse:
    region = _kabkota(request, code)
    window, days = _window(request)
    chart = timeline.build(request.user, code, window)
    live = next((a for a in chart["alerts"] if a.status in (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)), None)
    return render(request, "alerts/region.html", {
        "region": region, "chart": chart, "days": days, "spans": timeline.SPANS, "live": live,
        "end": window.end, "level_colours": timeline.LEVEL_COLOURS, "levels": AlertLevel.choices,
        "open_risks": register.entries_for(request.user).filter(region_id=code).exclude(status="closed").count(),
    })  # fmt: skip


def _live_levels(user: Any) -> dict[str, Alert]:
    live = (Alert.objects.restrict(user)  # type: ignore[attr-defined]
            .filter(status__in=[AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED]).select_related("region")
            .order_by("kabkota_code", "-level"))  # fmt: skip
    out: dict[str, Alert] = {}
    for alert in live:
        out.setdefault(alert.kabkota_code, alert)
    return out


@requires("alerts.view")
def level_map(request: HttpRequest) -> HttpResponse:
    alerts = _live_levels(request.user)
    regions = _kabkota_in_scope(request.user)
    states = {code: LEVEL_KEYS[alerts[code].level] if code in alerts else "normal" for code, _n, _p in regions}
    labels = {"normal": _("Normal"), "waspada": "Waspada", "siaga": "Siaga", "awas": "Awas"}
    classes = [(key, labels[key], LEVEL_COLOURS[key]) for key in ("awas", "siaga", "waspada", "normal")]
    return render(request, "alerts/map.html", {
        "alerts": sorted(alerts.values(), key=lambda a: (-a.level, a.kabkota_code)), "regions": len(regions),
        **_state_map(request, states, classes, "alerts:region")})  # fmt: skip


def _horizon(request: HttpRequest) -> int:
    value = request.GET.get("h", "30")
    return int(value) if value in ("14", "30") else 30


@requires("alerts.view")
def forecast_map(request: HttpRequest) -> HttpResponse:
    horizon = _horizon(request)
    result = forecast_selectors.latest(request.user, horizon)
    states = {code: forecast_selectors.class_of(p) for code, p in result.probabilities.items()}
    classes = [(key, label, colour) for key, _upper, colour, label in forecast_selectors.CLASSES]
    return render(request, "alerts/forecasts.html", {
        "horizon": horizon, "result": result, "rows": result.rows[:30],
        "evaluation": forecast_selectors.evaluation_rows(result.model),
        "any_forecast": forecast_selectors.any_forecast(),
        **_state_map(request, states, classes, "alerts:forecast_region", draw=bool(result.rows))})  # fmt: skip


def _state_map(request: HttpRequest, states: dict[str, str], classes: list[tuple[str, Any, str]], route: str, *,
               draw: bool = True) -> dict[str, Any]:  # fmt: skip
    """What alerts/_state_map.html and its legend need: each class (key, label, colour) with its count, the
    layers (none when there is nothing to draw), the user's area and the click-through address."""
    counts = Counter(states.values())
    legend = [{"state": key, "label": str(label), "colour": colour, "count": counts[key]}
              for key, label, colour in classes]  # fmt: skip
    layers = _layers() if draw else []
    return {"legend": legend, "states": states,
            "legend_map": {i["state"]: {"label": i["label"], "colour": i["colour"]} for i in legend},
            "layers_json": json.dumps(layers) if layers else "", "domain": scope_of(request.user).region_code or "",
            "link": reverse(route, args=["00.00"]).replace("00.00", "{code}")}  # fmt: skip


@requires("alerts.view")
def forecast_region(request: HttpRequest, code: str) -> HttpResponse:
    region = _kabkota(request, code)
    horizons = forecast_selectors.region_forecast(request.user, code)
    charts = {h: _spark(data["history"]) for h, data in horizons.items()}
    return render(request, "alerts/forecast_region.html", {
        "region": region, "horizons": [(h, horizons[h], charts[h]) for h in sorted(horizons)],
        "any_forecast": forecast_selectors.any_forecast()})  # fmt: skip


SPARK_W, SPARK_H, SPARK_PAD = 640, 140, 30


def _spark(history: list[tuple[dt.date, float]]) -> dict[str, Any]:
    """A region's recent forecast probabilities as a small line chart (0-100% axis), numbers for an <svg>."""
    if not history:
        return {"points": []}
    step = (SPARK_W - 2 * SPARK_PAD) / max(len(history) - 1, 1)
    top = max(max(p for _d, p in history), 0.1)
    top = min(1.0, round(top * 1.2 + 0.05, 1))
    points = [{"x": round(SPARK_PAD + i * step, 1) if len(history) > 1 else SPARK_W / 2,
               "y": round(8 + (SPARK_H - 24) * (1 - p / top), 1), "date": d, "percent": round(p * 100, 1)}
              for i, (d, p) in enumerate(history)]  # fmt: skip
    return {"points": points, "polyline": " ".join(f"{p['x']},{p['y']}" for p in points), "width": SPARK_W,
            "height": SPARK_H, "left": SPARK_PAD, "right": SPARK_W - SPARK_PAD, "axis_y": SPARK_H - 16,
            "top_label": f"{round(top * 100)}%", "first": history[0][0], "last": history[-1][0]}  # fmt: skip
