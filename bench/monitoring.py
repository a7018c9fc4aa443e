"""Group `monitoring` (issue 16): opening a round for every kab/kota, the completion board, saving a questionnaire.

One throw-away instance (temporary WASPADA_VAR_DIR, SQLite, DEBUG off) with the full reference data (514 kab/kota);
the measurements are `bench/_monitoring.py`, run inside it.
"""

from __future__ import annotations

from typing import Any

from bench._harness import measure_on_reference_data

TARGETS = {"round_open_514_s": "< 2", "completion_board_p95_ms": "< 150", "submission_save_p95_ms": "< 100"}  # issue 16


def run() -> dict[str, Any]:
    return measure_on_reference_data(
        "bench._monitoring", "round opening, completion board, questionnaire save", TARGETS
    )
