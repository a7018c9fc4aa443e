"""/api/v1/forecasts: each kab/kota's probability of a serious incident in the next 14 or 30 days with the drivers
behind it, and the models that made them with their backtest (docs/forecasts.md). Read-only; the scope filter
decides which regions a caller sees."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from pydantic import Field, field_validator

from waspada.alerts.forecasting import selectors
from waspada.alerts.models import Forecast, ForecastModel
from waspada.analytics.target import HORIZONS
from waspada.core.api.auth import api_auth
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import Out, PageParams, choice, page_of, refusals

router = Router()


class ForecastDriverOut(Out):
    feature: str = Field(description="Feature name (docs/forecasts.md, Features)")
    value: float = Field(description="Its value for this region on the forecast date")
    effect: float = Field(description="Signed contribution to the model's log-odds")


class ForecastOut(Out):
    region: str
    region_name: str
    province_code: str
    as_of: datetime.date
    horizon_days: int
    probability: float = Field(description="Probability of at least one serious incident in the horizon")
    model: str = Field(description="The model's version")
    kind: str
    drivers: list[ForecastDriverOut]


class ForecastModelOut(Out):
    version: str
    kind: str
    horizon_days: int
    is_active: bool
    trained_at: datetime.datetime
    trained_through: datetime.date
    source: str = Field(description='History used; "" = every record but demo and synthetic ones')
    params: dict[str, Any]
    features: list[str]
    evaluation: dict[str, Any] = Field(description="The model's backtest: scores, baselines, folds")


class ForecastFilter(PageParams):
    horizon: int = Field(14, description="Days ahead: 14 or 30")
    date: datetime.date | None = Field(None, description="Forecast date (default: the newest)")
    province: str = Field("", pattern=r"^([0-9]{2})?$", description="Only this province (two-digit code)")
    kind: choice(selectors.KINDS) | None = Field(  # type: ignore[valid-type]
        None, description="Model kind (default: the active model with the better backtest Brier score)"
    )

    @field_validator("horizon")
    @classmethod
    def _horizon(cls, value: int) -> int:
        if value not in HORIZONS:
            raise ValueError(_("The horizon must be 14 or 30 days."))
        return value


class ForecastModelFilter(PageParams):
    active: bool | None = Field(None, description="Only active (true) or retired (false) models")


def _json(forecast: Forecast) -> dict[str, Any]:
    return {"region": forecast.kabkota_code, "region_name": forecast.region.name,
            "province_code": forecast.province_code, "as_of": forecast.as_of,
            "horizon_days": forecast.horizon_days, "probability": forecast.probability,
            "model": forecast.model.version, "kind": forecast.model.kind, "drivers": forecast.drivers}  # fmt: skip


def _model_json(model: ForecastModel) -> dict[str, Any]:
    return {"version": model.version, "kind": model.kind, "horizon_days": model.horizon_days,
            "is_active": model.is_active, "trained_at": model.trained_at, "trained_through": model.trained_through,
            "source": model.source, "params": model.params, "features": model.features,
            "evaluation": model.evaluation}  # fmt: skip


@router.get("/forecasts", summary="Forecasts per kab/kota in your area, highest probability first",
            auth=api_auth("alerts.view"), response={200: page_of(ForecastOut), **refusals(422)})  # fmt: skip
def list_forecasts(request: HttpRequest, filters: Query[ForecastFilter]) -> dict[str, Any]:
    if filters.kind:
        model = selectors.active_model(filters.horizon, filters.kind)
    else:
        model = selectors.preferred_model(filters.horizon)
    as_of = filters.date or (selectors.latest_date(model) if model is not None else None)
    if model is None or as_of is None:
        rows: Any = Forecast.objects.none()
    else:
        rows = selectors.forecasts_of(model, as_of).restrict(request.user)  # type: ignore[attr-defined]
        if filters.province:
            rows = rows.filter(province_code=filters.province)
        rows = rows.select_related("region", "model").order_by("-probability", "kabkota_code")
    return paginate(request, rows, filters.page, filters.page_size, _json)


@router.get("/forecasts/models", summary="Forecast models, newest first, with their backtest",
            auth=api_auth("alerts.view"), response={200: page_of(ForecastModelOut), **refusals(422)})  # fmt: skip
def list_models(request: HttpRequest, filters: Query[ForecastModelFilter]) -> dict[str, Any]:
    rows = selectors.models()
    if filters.active is not None:
        rows = rows.filter(is_active=filters.active)
    return paginate(request, rows, filters.page, filters.page_size, _model_json)
