"""`waspada demo` step: the early-warning run over the last weeks of demo incidents, so the demo shows alerts with
their evidence and routing (the same engine as the daily job; it runs after the incidents and the index steps)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from waspada.alerts import engine
from waspada.regions.models import KABKOTA_LEVELS, Region

DAYS = 14  # a fortnight of daily runs: alerts open, persist and rise as they would have


def demo_step(stdout: Any, stderr: Any) -> bool:
    if not Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).exists():
        stderr.write("Demo early warning not run: run `waspada regions import` first.")
        return False
    today = timezone.localdate()
    results = [engine.run(today - dt.timedelta(days=back)) for back in range(DAYS - 1, -1, -1)]
    raised = sum(result["raised"] for result in results)
    stdout.write(f"Early warning over the last {DAYS} days: {raised} alerts raised, "
                 f"{results[-1]['level_awas']} at Awas and {results[-1]['level_siaga']} at Siaga today.")  # fmt: skip
    return True


def demo_forecasts(stdout: Any, stderr: Any) -> bool:
    """Forecast models trained on the demo's synthetic history and today's forecasts from them, so the forecast
    map, a region's drivers and the forecast rule of the alerts show something real (about a minute of CPU:
    both horizons, both kinds, each with its backtest)."""
    from waspada.alerts.forecasting import services as forecasting  # scikit-learn only when the demo runs
    from waspada.incidents.models import ExternalSource, Incident

    if not Incident.objects.filter(external_source=ExternalSource.SYNTHETIC).exists():
        stderr.write("Demo forecasts not made: there is no synthetic history (the incidents.demo_history step).")
        return False
    today = timezone.localdate()
    try:
        trained = forecasting.train(source=ExternalSource.SYNTHETIC, through=today - dt.timedelta(days=1))
    except forecasting.TooLittleHistory as exc:
        stderr.write(f"Demo forecasts not made: {exc}")
        return False
    written = forecasting.forecast(today)
    best = {m["horizon"]: m["backtest"]["brier"] for m in trained["models"] if m["kind"] == "gbm"}
    count = sum(m["regions"] for m in written["models"])
    stdout.write(f"Forecast models trained on the synthetic history ({len(trained['models'])} models, gradient "
                 f"boosting Brier {best}); {count} forecasts for today.")  # fmt: skip
    return True
