"""Group `education` (issue 21): the demo activities, the coverage page and the board summary, a 5,000-row import.

One throw-away instance (temporary WASPADA_VAR_DIR, SQLite, DEBUG off) with the full reference data (514 kab/kota);
the measurements are `bench/_education.py`, run inside it.
"""

from __future__ import annotations

from typing import Any

from bench._harness import measure_on_reference_data

# Our own targets (the issue names none for education): a page and a summary as quick as the other boards.
TARGETS = {"coverage_page_p95_ms": "< 300", "board_summary_p95_ms": "< 100", "import_5000_rows_s": "< 20"}


def run() -> dict[str, Any]:
    return measure_on_reference_data(
        "bench._education", "demo activities, coverage page, board summary, import, export", TARGETS
    )
