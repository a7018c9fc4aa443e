"""Group `board` (issue 17): the situation board, a province officer's home page (board_p95_ms).

Its own group, so it does not collide with the index group's modules; the index group can add the same figures
with `instance.django(bench.board.MEASURE)` inside its instance. One throw-away instance (temporary
WASPADA_VAR_DIR, SQLite, DEBUG off) with the full reference data; the measurements are `bench/_board.py`.
"""

from __future__ import annotations

from typing import Any

from bench._harness import Instance, log

MEASURE = """
from bench._board import measure
result = measure()
"""

TARGETS = {"board_p95_ms": "< 200"}  # issue 17


def run() -> dict[str, Any]:
    with Instance() as instance:
        log(f"fresh instance in {instance.var_dir}")
        instance.waspada("migrate", "--no-input")
        log("importing the reference data (regions, calendar, taxonomy)")
        instance.waspada("regions", "import", "--no-progress")
        instance.waspada("elections", "import")
        instance.waspada("incidents", "import-taxonomy")
        log("measuring: the province officer's and a national analyst's home page")
        figures: dict[str, Any] = instance.django(MEASURE)
    figures["targets"] = TARGETS
    return figures
