"""Group `early_warning` (issues 18-19): the daily run over a year of 100,000 incidents, and webhook fan-out.

One throw-away instance (temporary WASPADA_VAR_DIR, SQLite, DEBUG off) with the full reference data (514 kab/kota);
the measurements are in bench/_ew_run.py and bench/_webhooks.py, run inside it.
"""

from __future__ import annotations

from typing import Any

from bench._harness import Instance, log

TARGETS = {"ew_run_100k_s": "< 5", "webhook_fanout_per_s": ">= 200"}  # issue 18


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
    figures["targets"] = TARGETS
    return figures
