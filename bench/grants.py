"""Group `grants` (issue 21): the national grants board and a 10,000-row XLSX import of agreements and tranches.

One throw-away instance (temporary WASPADA_VAR_DIR, SQLite, DEBUG off) with the full reference data and the election
calendar; the measurements are `bench/_grants.py`, run inside it.
"""

from __future__ import annotations

from typing import Any

from bench._harness import Instance, log

_MEASURE = """
from bench._grants import measure
result = measure()
"""

TARGETS = {"grants_board_p95_ms": "< 150", "grants_import_10k_s": "< 30"}  # issue 21


def run() -> dict[str, Any]:
    with Instance() as instance:
        log(f"fresh instance in {instance.var_dir}")
        instance.waspada("migrate", "--no-input")
        log("importing the reference data and the election calendar")
        instance.waspada("regions", "import", "--no-progress")
        instance.waspada("incidents", "import-taxonomy")
        instance.waspada("elections", "import")
        log("measuring: demo agreements, national board, 10,000-row import")
        figures: dict[str, Any] = instance.django(_MEASURE)
    figures["targets"] = TARGETS
    return figures
