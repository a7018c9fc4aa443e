"""Group `incidents`: API create rate with 20 concurrent writers (lost/duplicated counted) and list p95.

The measurement itself is `bench/_incidents_api.py` (it runs in this process and uses the app's internals);
this module only puts it on `bench/run`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def run() -> dict[str, Any]:
    from bench._incidents_api import run as measure

    figures = measure(writers=20)
    figures["targets"] = {"incident_create_per_s": ">= 200", "incident_lost": "0", "incident_duplicated": "0",
                          "incident_list_p95_ms": "< 100"}  # fmt: skip
    return figures
