"""Reads of the stored forecasts that the API, the alert signals and the forecast pages share.

Two models are active per horizon (logit and gbm); where one answer is wanted, the *preferred* model is the active
one with the better backtest Brier score (its stored evaluation), gradient boosting on a tie or when neither has
one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max, QuerySet

from waspada.alerts.models import Forecast, ForecastModel

FRESH_DAYS = 7  # a forecast older than this no longer counts as evidence for an alert
# analytics.forecast.KINDS, named here so the web process does not import scikit-learn to validate a query.
KINDS = ("logit", "gbm")


def _brier(model: ForecastModel) -> float:
    value = ((model.evaluation or {}).get("model") or {}).get("brier")
    return float(value) if isinstance(value, int | float) else float("inf")


def preferred_model(horizon: int) -> ForecastModel | None:
    active = list(ForecastModel.objects.filter(is_active=True, horizon_days=horizon).defer("artefact"))
    if not active:
        return None
    return min(active, key=lambda m: (_brier(m), m.kind != "gbm", -m.pk))


def active_model(horizon: int, kind: str) -> ForecastModel | None:
    return ForecastModel.objects.filter(is_active=True, horizon_days=horizon, kind=kind).defer("artefact").first()


def latest_date(model: ForecastModel, on_or_before: dt.date | None = None) -> dt.date | None:
    rows = Forecast.objects.filter(model=model)
    if on_or_before is not None:
        rows = rows.filter(as_of__lte=on_or_before)
    value: Any = rows.aggregate(latest=Max("as_of"))["latest"]
    return value  # type: ignore[no-any-return]


def forecasts_of(model: ForecastModel, as_of: dt.date) -> QuerySet[Forecast]:
    return Forecast.objects.filter(model=model, as_of=as_of)


def forecast_probabilities(day: dt.date, horizon: int = 14) -> dict[str, float]:
    """Kab/kota code -> the preferred model's newest probability on or before `day` (at most FRESH_DAYS old)."""
    model = preferred_model(horizon)
    if model is None:
        return {}
    as_of = latest_date(model, day)
    if as_of is None or (day - as_of).days > FRESH_DAYS:
        return {}
    return dict(forecasts_of(model, as_of).values_list("kabkota_code", "probability"))


def models() -> QuerySet[ForecastModel]:
    """Every stored model, newest first, without its (large) artefact."""
    return ForecastModel.objects.defer("artefact").order_by("-trained_at", "-id")
