"""Read-only views of the forecasts (issue 19, Views) on the contract models ForecastModel / Forecast: the newest
forecasts per kab/kota for a horizon, one region's forecast with its drivers in words and its recent history, and
the model's stored backtest figures. Training and writing the forecasts is `waspada ew forecast`'s job."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.alerts.models import Forecast, ForecastModel
from waspada.incidents.models.taxonomy import EventType

HORIZONS = (14, 30)
HISTORY = 60  # forecast dates shown in a region's history

# Probability classes of the map (upper bounds), light to dark; the labels are numbers, the same in every language.
CLASSES = (
    ("p0", 0.05, "#fff5eb", "< 5%"),
    ("p1", 0.10, "#fdd0a2", "5–10%"),
    ("p2", 0.20, "#fd8d3c", "10–20%"),
    ("p3", 0.40, "#d94801", "20–40%"),
    ("p4", 1.01, "#7f2704", "≥ 40%"),
)

# Feature names in words: the stem, then an optional window ("_30d") the words add as "in the last N days".
STEMS: dict[str, Any] = {
    "count": gettext_lazy("Incidents"),
    "incidents": gettext_lazy("Incidents"),
    "weighted": gettext_lazy("Incidents (unverified count half)"),
    "serious": gettext_lazy("Serious incidents (severity 4 or more, or casualties)"),
    "severe": gettext_lazy("Serious incidents (severity 4 or more, or casualties)"),
    "casualties": gettext_lazy("Incidents with casualties"),
    "trend": gettext_lazy("Trend of incidents"),
    "neighbours": gettext_lazy("Incidents in neighbouring regions"),
    "neighbors": gettext_lazy("Incidents in neighbouring regions"),
    "neighbour_count": gettext_lazy("Incidents in neighbouring regions"),
    "context": gettext_lazy("Context events (outside the election taxonomy)"),
    "history": gettext_lazy("Imported history of the region"),
    "history_rate": gettext_lazy("The region's long-run rate of serious incidents"),
    "long_run_rate": gettext_lazy("The region's long-run rate of serious incidents"),
    "base_rate": gettext_lazy("The region's long-run rate of serious incidents"),
    "index": gettext_lazy("Vulnerability index"),
    "index_score": gettext_lazy("Vulnerability index"),
    "index_change": gettext_lazy("Change of the vulnerability index"),
    "days_to_voting": gettext_lazy("Days to voting day"),
    "hot_stage": gettext_lazy("Tense election stage"),
    "stage": gettext_lazy("Election stage"),
    "campaign": gettext_lazy("Campaign period"),
    "population": gettext_lazy("Population"),
    "log_population": gettext_lazy("Population (log)"),
    "alert_level": gettext_lazy("Current alert level"),
    "month": gettext_lazy("Month of the year"),
    # The names analytics.features gives its columns (issue 19's models).
    "violence": gettext_lazy("Violent clashes"),
    "threat": gettext_lazy("Threats, provocation and hate speech"),
    "protest": gettext_lazy("Protests and result disputes"),
    "damage": gettext_lazy("Damage and disrupted logistics"),
    "other": gettext_lazy("Other election incidents"),
    "trend_30_vs_90": gettext_lazy("Trend: the last 30 days against the 90 before"),
    "days_since_serious": gettext_lazy("Days since the last serious incident"),
    "serious_per_year_all": gettext_lazy("Serious incidents per year, whole history"),
    "serious_days_per_year_all": gettext_lazy("Days with a serious incident per year, whole history"),
    "events_per_year_all": gettext_lazy("Incidents per year, whole history"),
    "neighbours_serious": gettext_lazy("Serious incidents in neighbouring regions"),
    "index_category": gettext_lazy("Vulnerability index category"),
    "index_known": gettext_lazy("Vulnerability index computed"),
    "voting": gettext_lazy("Voting period"),
    "recapitulation": gettext_lazy("Recapitulation period"),
}
_WINDOW = re.compile(r"^(?P<stem>.+?)_(?P<n>\d+)d$")


def feature_words(name: str, type_labels: dict[str, str] | None = None) -> str:
    """A feature name as a reader says it: "count_30d" → "Incidents in the last 30 days"; an event type's count
    ("type_<code>_90d") by the type's label; an unknown name with its underscores as spaces."""
    match = _WINDOW.match(name)
    stem, days = (match["stem"], match["n"]) if match else (name, None)
    if stem.startswith("type_") and type_labels is not None:
        words = type_labels.get(stem.removeprefix("type_"), stem.removeprefix("type_").replace("_", " "))
    elif stem in STEMS:
        words = str(STEMS[stem])
    else:
        words = stem.replace("_", " ").capitalize()
    if days:
        return _("%(what)s, last %(n)s days") % {"what": words, "n": days}
    return words


def type_labels() -> dict[str, str]:
    return {t.code: t.label for t in EventType.objects.all()}


def class_of(probability: float) -> str:
    return next(key for key, upper, _colour, _label in CLASSES if probability < upper)


def model_for(horizon: int) -> ForecastModel | None:
    """The active model of the horizon; without one, the newest model that has forecasts."""
    active = ForecastModel.objects.filter(horizon_days=horizon, is_active=True).order_by("-trained_at").first()
    if active is not None:
        return active
    return (ForecastModel.objects.filter(horizon_days=horizon, forecasts__isnull=False)
            .order_by("-trained_at", "-id").first())  # fmt: skip


@dataclass
class ForecastMap:
    horizon: int
    model: ForecastModel | None = None
    as_of: dt.date | None = None
    probabilities: dict[str, float] = field(default_factory=dict)  # kab/kota code -> probability
    rows: list[Forecast] = field(default_factory=list)  # highest first


def latest(user: Any, horizon: int) -> ForecastMap:
    """The newest forecast date of the horizon's model and every kab/kota forecast of that date in the user's
    scope (one query for the date, one for the rows)."""
    model = model_for(horizon)
    if model is None:
        return ForecastMap(horizon)
    as_of = Forecast.objects.filter(model=model).order_by("-as_of").values_list("as_of", flat=True).first()
    if as_of is None:
        return ForecastMap(horizon, model)
    rows = list(
        Forecast.objects.restrict(user)  # type: ignore[attr-defined]
        .filter(model=model, as_of=as_of)
        .select_related("region")
        .order_by("-probability", "kabkota_code")
    )
    return ForecastMap(horizon, model, as_of, {f.kabkota_code: f.probability for f in rows}, rows)


def any_forecast() -> bool:
    return Forecast.objects.exists()


def evaluation_rows(model: ForecastModel | None) -> list[dict[str, Any]]:
    """The model's stored backtest as table rows: each model and baseline with its scores (whatever of Brier, log
    score, AUPR, AUC it holds). Accepts the backtest JSON ({"models": …, "baselines": …}) or a flat dict."""
    evaluation = (model.evaluation if model else None) or {}
    rows: list[dict[str, Any]] = []

    def add(name: str, kind: str, scores: Any) -> None:
        if isinstance(scores, dict):
            rows.append({"name": name, "kind": kind, **{key: scores.get(key) for key in METRICS}})

    for name, scores in (evaluation.get("models") or {}).items():
        add(name, "model", scores)
    for name, scores in (evaluation.get("baselines") or {}).items():
        add(name, "baseline", scores)
    if not rows and any(key in evaluation for key in METRICS):
        add(model.kind if model else "", "model", evaluation)
    return rows


METRICS = ("brier", "log_score", "aupr", "auc")


def region_forecast(user: Any, code: str) -> dict[int, dict[str, Any]]:
    """Per horizon: the newest forecast of the region from the horizon's model, its drivers in words, and the
    probabilities of its recent forecast dates (oldest first)."""
    labels = type_labels()
    result: dict[int, dict[str, Any]] = {}
    for horizon in HORIZONS:
        model = model_for(horizon)
        if model is None:
            continue
        rows = list(
            Forecast.objects.restrict(user)  # type: ignore[attr-defined]
            .filter(model=model, kabkota_code=code)
            .order_by("-as_of")[:HISTORY]
        )
        if not rows:
            continue
        newest = rows[0]
        drivers = [{"name": d.get("feature", ""), "words": feature_words(str(d.get("feature", "")), labels),
                    "value": d.get("value"), "effect": d.get("effect")}
                   for d in (newest.drivers or []) if isinstance(d, dict)]  # fmt: skip
        result[horizon] = {"model": model, "latest": newest, "drivers": drivers,
                           "history": [(f.as_of, f.probability) for f in reversed(rows)]}  # fmt: skip
    return result


def series(code: str, start: dt.date, end: dt.date) -> dict[int, list[tuple[dt.date, float]]]:
    """For the timeline: each horizon model's probabilities for the region between two dates (no scope check:
    the caller checked the region)."""
    out: dict[int, list[tuple[dt.date, float]]] = {}
    for horizon in HORIZONS:
        model = model_for(horizon)
        if model is None:
            continue
        rows = list(Forecast.objects.filter(model=model, kabkota_code=code, as_of__gte=start, as_of__lte=end)
                    .order_by("as_of").values_list("as_of", "probability"))  # fmt: skip
        if rows:
            out[horizon] = rows
    return out
