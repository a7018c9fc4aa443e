"""Group `early_warning` (issues 18-19): the daily run over a year of 100,000 incidents, webhook fan-out, and an
ACLED-shaped export of 15,000 events imported as downloaded (`history_import_15k_s`, bench/_history_import.py).

One throw-away instance (temporary WASPADA_VAR_DIR, SQLite, DEBUG off) with the full reference data (514 kab/kota);
the measurements are in bench/_ew_run.py, bench/_alert_board.py (after the run, on the alerts it opened),
bench/_webhooks.py and bench/_history_import.py, run inside it (the history import last, into the database the
early-warning run filled).
"""

from __future__ import annotations

from typing import Any

from bench._harness import Instance, log

TARGETS = {
    "ew_run_100k_s": "< 5", "webhook_fanout_per_s": ">= 200",  # issue 18
    "history_import_15k_s": "< 20",  # issue 19
    "alert_board_p95_ms": "< 150",  # issue 18
    "ew_backtest_s": "< 120",  # issue 19: the 14-day backtest on the synthetic history (bench/_ew_backtest.py)
}  # fmt: skip


def run() -> dict[str, Any]:
    with Instance() as instance:
        log(f"fresh instance in {instance.var_dir}")
        instance.waspada("migrate", "--no-input")
        log("importing the reference data, the taxonomy and the election calendar")
        instance.waspada("regions", "import", "--no-progress")
        instance.waspada("incidents", "import-taxonomy")
        instance.waspada("elections", "import")
        log("measuring: webhook fan-out to a local receiver")
        figures: dict[str, Any] = instance.django("from bench._webhooks import measure\nresult = measure()\n")
        log("measuring: the early-warning run over 100,000 incidents")
        figures.update(instance.django("from bench._ew_run import measure\nresult = measure()\n"))
        log("measuring: the alert board and the level map after that run (national admin)")
        figures.update(instance.django("from bench._alert_board import measure\nresult = measure()\n"))
        log("measuring: ACLED-shaped history import (15,000 events, CSV then XLSX)")
        figures.update(instance.django("from bench._history_import import history_import_15k\n"
                                       "result = history_import_15k()\n"))  # fmt: skip
        log("measuring: the forecast backtest on the synthetic history (about 60,000 events)")
        figures.update(instance.django("from bench._ew_backtest import measure\nresult = measure()\n"))
    figures["targets"] = TARGETS
    return figures
