"""Forecast backtest figures (issue 19), inside a bench instance with the full reference data (bench/early_warning.py):

- ew_backtest_s: `waspada ew backtest --source synthetic` (14 days ahead: the history read in one grouped query,
  the features, the rolling-origin folds fitting both models and both baselines, the scores), on the synthetic
  history of `waspada history synthesize` (seed 19, 2017-2025, about 60,000 events over 514 kab/kota), wall
  seconds; ew_backtest_cpu_s beside it (the machine is shared);
- the scores of that backtest (Brier and log score of each model and baseline) and whether each model beats both
  baselines on both, so a regression in accuracy shows next to one in speed.
Numbers, never pass/fail (docs/benchmarks.md).
"""

from __future__ import annotations

import io
import json
import time
from typing import Any


def measure() -> dict[str, Any]:
    from django.core.management import call_command

    from waspada.alerts.forecasting import services

    out = io.StringIO()
    started = time.perf_counter()
    call_command("history", "synthesize", "--json", "--no-progress", stdout=out)
    synthesized = json.loads(out.getvalue())
    synth_s = time.perf_counter() - started
    figures: dict[str, Any] = {"ew_synthetic_events": synthesized.get("events"),
                               "ew_synthesize_s": round(synth_s, 2)}  # fmt: skip
    for horizon in (14, 30):
        wall, cpu = time.perf_counter(), time.process_time()
        result = services.backtest(source="synthetic", horizon=horizon)
        suffix = "" if horizon == 14 else "_h30"
        figures[f"ew_backtest{suffix}_s"] = round(time.perf_counter() - wall, 2)
        figures[f"ew_backtest{suffix}_cpu_s"] = round(time.process_time() - cpu, 2)
        figures[f"ew_backtest{suffix}_scores"] = {
            name: {"brier": scores["brier"], "log_score": scores["log_score"], "aupr": scores["aupr"]}
            for name, scores in {**result["models"], **result["baselines"]}.items()}  # fmt: skip
        figures[f"ew_backtest{suffix}_beats_baselines"] = result["beats_baselines"]
        figures[f"ew_backtest{suffix}_rows"] = result["n"]
    return figures
