"""Group `index` (issue 17): computing the vulnerability index for every region.

One throw-away instance (temporary WASPADA_VAR_DIR, SQLite, DEBUG off) with the full reference data (38 provinces,
514 kab/kota); the measurements are `bench/_index_compute.py`, run inside it.
"""

from __future__ import annotations

from typing import Any

from bench._harness import Instance, log

_MEASURE = """
from bench._index_compute import measure
result = measure()
"""

TARGETS = {"index_compute_552_s": "< 1"}  # issue 17


def run() -> dict[str, Any]:
    with Instance() as instance:
        log(f"fresh instance in {instance.var_dir}")
        instance.waspada("migrate", "--no-input")
        log("importing the reference data")
        instance.waspada("regions", "import", "--no-progress")
        log("measuring: the index computation (demo answers, 100,000 incidents)")
        figures: dict[str, Any] = instance.django(_MEASURE)
    figures["targets"] = TARGETS
    return figures
