"""Group `index` (issue 17): computing the vulnerability index for every region.

One throw-away instance (temporary WASPADA_VAR_DIR, SQLite, DEBUG off) with the full reference data (38 provinces,
514 kab/kota); the measurements are `bench/_index_compute.py`, run inside it.
"""

from __future__ import annotations

from typing import Any

from bench._harness import measure_on_reference_data

TARGETS = {"index_compute_552_s": "< 1"}  # issue 17


def run() -> dict[str, Any]:
    return measure_on_reference_data(
        "bench._index_compute", "the index computation (demo answers, 100,000 incidents)", TARGETS
    )
