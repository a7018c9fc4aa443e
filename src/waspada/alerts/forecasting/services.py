"""Backtest, training and the daily forecasts (docs/forecasts.md). The statistics are waspada.analytics'; this
module reads the history (dataset.py), stores models and forecasts, and audits every write.

- `backtest`: rolling-origin scores of both model kinds against both baselines; writes nothing.
- `train`: per horizon, the backtest (kept as the model's `evaluation`), then the final fit on every labelled
  origin; the new model of each kind and horizon becomes the active one.
- `forecast`: one Forecast row per kab/kota and active model for a date (a rerun of the date replaces them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.alerts.forecasting.dataset import Dataset, check_source, load, span_of
from waspada.alerts.models import Forecast, ForecastModel
from waspada.analytics import forecast as models
from waspada.analytics.backtest import FOLD_DAYS, rolling_origin
from waspada.analytics.features import FEATURES, LOOKBACK_DAYS
from waspada.analytics.target import HORIZONS
from waspada.core.audit import record, record_batch
from waspada.core.errors import DomainError

# One origin every two weeks: the rows a model learns from and is tested on (weekly doubled the fitting time for
# rows that overlap most of their windows anyway).
ORIGIN_STEP_DAYS = 14
TEST_DAYS = 730  # default backtest period: the last two years that have known outcomes
MIN_TRAIN_DAYS = 365  # training origins before the first test origin (after the features' look-back)


class TooLittleHistory(DomainError):
    status = 422


def _too_little(message: str) -> TooLittleHistory:
    return TooLittleHistory({"history": message})


def _dataset(source: str, through: dt.date | None) -> tuple[Dataset, dt.date]:
    span = span_of(source)
    if span is None:
        raise _too_little(_("No incidents in the chosen history; nothing to learn from."))
    first, last = span
    end = min(through, last) if through else last
    if (end - first).days < LOOKBACK_DAYS + MIN_TRAIN_DAYS:
        raise _too_little(
            _(
                "The history runs from %(first)s to %(end)s: at least two years are needed (one "
                "for the features' look-back, one to learn from)."
            )
            % {"first": first, "end": end}
        )
    return load(source, first, end), end


def _origins(dataset: Dataset, horizon: int) -> list[int]:
    """Weekly origin days, counted back from the last one whose outcome is known, after the look-back."""
    last = dataset.history.days - 1 - horizon
    return sorted(range(last, LOOKBACK_DAYS - 1, -ORIGIN_STEP_DAYS))


def _run_backtest(dataset: Dataset, horizon: int, date_from: dt.date | None, date_to: dt.date | None,
                  source: str) -> dict[str, Any]:  # fmt: skip
    origins = _origins(dataset, horizon)
    if not origins:
        raise _too_little(_("No origin has a known outcome %(days)s days on.") % {"days": horizon})
    history = dataset.history
    date_to = date_to or history.date_of(origins[-1])
    date_from = date_from or max(history.date_of(origins[0]) + dt.timedelta(days=MIN_TRAIN_DAYS),
                                 date_to - dt.timedelta(days=TEST_DAYS))  # fmt: skip
    test = [t for t in origins if date_from <= history.date_of(t) <= date_to]
    if not test:
        raise _too_little(_("No origin between %(start)s and %(end)s has a known outcome %(days)s days on.")
                          % {"start": date_from, "end": date_to, "days": horizon})  # fmt: skip
    rows = dataset.rows([t for t in origins if t <= test[-1]], horizon)
    try:
        result = rolling_origin(rows["matrix"], rows["y"], rows["origin"], rows["region"], rows["last_period"],
                                horizon=horizon, test_origins=test, start=history.start,
                                regions=len(dataset.regions), fold_days=FOLD_DAYS)  # fmt: skip
    except models.NotEnoughHistory as exc:
        raise _too_little(str(exc)) from exc
    return {**result, "source": source or "default", "history": {"from": history.start.isoformat(),
            "to": history.date_of(history.days - 1).isoformat()}, "regions": len(dataset.regions),
            "origin_step_days": ORIGIN_STEP_DAYS, "features": list(FEATURES)}  # fmt: skip


def backtest(*, source: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
             horizon: int = 14) -> dict[str, Any]:  # fmt: skip
    """The backtest JSON of docs/forecasts.md for one horizon. Raises TooLittleHistory or DomainError."""
    source = check_source(source)
    if horizon not in HORIZONS:
        raise DomainError({"horizon": _("The horizon must be 14 or 30 days.")})
    if date_from and date_to and date_from > date_to:
        raise DomainError({"from": _("The start of the test period is after its end.")})
    clock, cpu = time.perf_counter(), time.process_time()
    dataset, _end = _dataset(source, date_to + dt.timedelta(days=horizon) if date_to else None)
    result = _run_backtest(dataset, horizon, date_from, date_to, source)
    result["seconds"] = round(time.perf_counter() - clock, 2)
    result["cpu_seconds"] = round(time.process_time() - cpu, 2)
    return result


def _version(kind: str, horizon: int, through: dt.date, source: str, artefact: bytes) -> str:
    digest = hashlib.sha256(artefact).hexdigest()[:8]
    return f"{kind}-h{horizon}-{through.isoformat()}-{source or 'default'}-{digest}"[:64]


def train(*, source: str | None = None, through: dt.date | None = None, actor: Any = None) -> dict[str, Any]:
    """Backtest and fit both kinds for both horizons; store them as the active models (audited)."""
    source = check_source(source)
    clock = time.perf_counter()
    dataset, end = _dataset(source, through)
    prepared: list[tuple[str, int, models.CalibratedModel, dict[str, Any]]] = []
    for horizon in HORIZONS:
        evaluation = _run_backtest(dataset, horizon, None, None, source)
        origins = _origins(dataset, horizon)
        rows = dataset.rows(origins, horizon)
        known = ~np.isnan(rows["y"])
        for kind in models.KINDS:
            try:
                fitted = models.fit(kind, rows["matrix"][known], rows["y"][known].astype(int),
                                    rows["origin"][known])  # fmt: skip
            except models.NotEnoughHistory as exc:
                raise _too_little(str(exc)) from exc
            mine = {**{k: v for k, v in evaluation.items() if k not in ("models", "beats_baselines")},
                    "model": evaluation["models"][kind],
                    "beats_baselines": evaluation["beats_baselines"][kind]}  # fmt: skip
            prepared.append((kind, horizon, fitted, mine))
    stored = []
    with transaction.atomic():
        for kind, horizon, fitted, evaluation in prepared:
            artefact = models.dump(fitted)
            version = _version(kind, horizon, end, source, artefact)
            ForecastModel.objects.filter(kind=kind, horizon_days=horizon, is_active=True).update(is_active=False)
            # The same history fits the same bytes: a retrain that changes nothing makes that model active again.
            model, _created = ForecastModel.objects.update_or_create(version=version, defaults={
                "kind": kind, "horizon_days": horizon, "trained_through": end, "source": source,
                "params": fitted.describe(), "features": list(FEATURES), "evaluation": evaluation,
                "artefact": artefact, "is_active": True, "trained_at": timezone.now()})  # fmt: skip
            record(actor, "alerts.forecast_model_trained", model,
                   after={"version": model.version, "kind": kind, "horizon": horizon, "source": source,
                          "trained_through": end.isoformat(), "brier": evaluation["model"]["brier"],
                          "log_score": evaluation["model"]["log_score"]})  # fmt: skip
            stored.append({"version": model.version, "kind": kind, "horizon": horizon,
                           "calibration": fitted.calibration, "train_rows": fitted.train_rows,
                           "train_positives": fitted.train_positives, "backtest": evaluation["model"],
                           "beats_baselines": evaluation["beats_baselines"]})  # fmt: skip
    return {"source": source or "default", "through": end.isoformat(), "models": stored,
            "seconds": round(time.perf_counter() - clock, 2)}  # fmt: skip


def active_models() -> list[ForecastModel]:
    return list(ForecastModel.objects.filter(is_active=True).order_by("horizon_days", "kind"))


def forecast(day: dt.date, *, actor: Any = None) -> dict[str, Any]:
    """Forecasts for every active kab/kota from every active model, as of `day` (idempotent per day)."""
    active = active_models()
    if not active:
        raise DomainError({"model": _("No trained forecast model is active; run “waspada ew train” first.")})
    clock = time.perf_counter()
    datasets: dict[str, Dataset] = {}
    written: list[dict[str, Any]] = []
    with transaction.atomic():
        for model in active:
            if model.source not in datasets:
                datasets[model.source] = load(model.source, day - dt.timedelta(days=2 * 365), day)
            dataset = datasets[model.source]
            fitted = models.load(model.artefact)
            matrix = dataset.rows([dataset.history.days - 1], model.horizon_days)["matrix"]
            probabilities = fitted.predict(matrix)
            drivers = fitted.drivers(matrix)
            Forecast.objects.filter(model=model, as_of=day).delete()
            Forecast.objects.bulk_create([
                Forecast(model=model, region=region, province_code=region.province_code, kabkota_code=region.code,
                         as_of=day, horizon_days=model.horizon_days, probability=round(float(p), 6),
                         drivers=mine)
                for region, p, mine in zip(dataset.regions, probabilities, drivers, strict=True)],
                batch_size=1000)  # fmt: skip
            order = np.argsort(-probabilities, kind="stable")[:5]
            top = [{"region": dataset.regions[i].code, "probability": round(float(probabilities[i]), 4)}
                   for i in order]  # fmt: skip
            written.append({"version": model.version, "kind": model.kind, "horizon": model.horizon_days,
                            "regions": len(dataset.regions), "top": top,
                            "mean_probability": round(float(probabilities.mean()), 4)})  # fmt: skip
        record_batch(actor, "alerts.forecast", object_type="alerts.forecast", job_id=day.isoformat(),
                     counts={"models": len(active), "forecasts": sum(w["regions"] for w in written)},
                     details={"date": day.isoformat(), "models": [w["version"] for w in written]})  # fmt: skip
    return {"date": day.isoformat(), "models": written, "seconds": round(time.perf_counter() - clock, 2)}


def forecast_today() -> str:
    """The scheduler's daily job: today's forecasts; a line for its log (nothing to do without a model)."""
    if not active_models():
        return "no active forecast model"
    result = forecast(timezone.localdate())
    return f"{sum(m['regions'] for m in result['models'])} forecasts from {len(result['models'])} models"


def retrain() -> str:
    """The scheduler's weekly job: retrain on the default history through yesterday; skip when it is too short."""
    try:
        result = train(through=timezone.localdate() - dt.timedelta(days=1))
    except TooLittleHistory as exc:
        return f"not retrained: {exc}"
    return ", ".join(f"{m['version']} (Brier {m['backtest']['brier']})" for m in result["models"])
