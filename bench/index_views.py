"""Group `index`, the index pages' part (issue 17 item 4): the national kab/kota index map page.

Joins group `index` (`bench/run --json index`) beside bench/index.py, the computation's figures, through its
GROUP line; `bench/run --json index_views` is not offered on its own. One throw-away instance (temporary
WASPADA_VAR_DIR, SQLite, DEBUG off) with the full reference data (38 provinces, 514 kab/kota) and one computation
of 552 synthetic scores written directly; the measurements are `bench/_index_views.py`, run inside it.
"""

from __future__ import annotations

from typing import Any

from bench._harness import measure_on_reference_data

GROUP = "index"


TARGETS = {"index_map_p95_ms": "< 150", "index_map_payload_bytes": "< 600000"}  # issue 17


def run() -> dict[str, Any]:
    return measure_on_reference_data(
        "bench._index_views", "the national kab/kota index map page (server time, gzip bytes)", TARGETS
    )
