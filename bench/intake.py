"""Group `intake` (issue 6): a 10,000-row XLSX import, the national kab/kota choropleth over 100,000 incidents, and
one million incidents exported to CSV (time and peak memory).

One throw-away instance (temporary WASPADA_VAR_DIR, SQLite, DEBUG off) with the full reference data, the taxonomy and
the elections calendar. The measurements (`bench/_intake_*.py`) run inside the instance in this
order, each adding rows for the next: the import (10,000 rows), the map (filled up to 100,000), the export (filled
up to 1,000,000).
"""

from __future__ import annotations

from typing import Any

from bench._harness import Instance, log

_IMPORT = """
from bench._intake_import import xlsx_import_10k
result = xlsx_import_10k()
"""

_MAP = """
from bench._intake_map import incident_map_p95
result = incident_map_p95()
"""

_EXPORT = """
from bench._intake_export import export_1m
result = export_1m()
"""

TARGETS = {"xlsx_import_10k_s": "< 30", "export_1m_s": "< 120", "export_peak_mb": "< 300",
           "incident_map_p95_ms": "< 150"}  # fmt: skip


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {}
    with Instance() as instance:
        log(f"fresh instance in {instance.var_dir}")
        instance.waspada("migrate", "--no-input")
        log("importing the reference data, the taxonomy and the elections calendar")
        instance.waspada("regions", "import", "--no-progress")
        instance.waspada("incidents", "import-taxonomy")
        instance.waspada("elections", "import")
        for name, prefix, script in (("XLSX import", "xlsx_import_", _IMPORT), ("incident map", "incident_map_", _MAP),
                                     ("CSV export", "export_", _EXPORT)):  # fmt: skip
            log(f"measuring: {name}")
            # Every figure carries its measurement's prefix (the import reports plain "rows", "file_kb", ...).
            figures.update({key if key.startswith(prefix) else prefix + key: value
                            for key, value in instance.django(script).items()})  # fmt: skip
    figures["targets"] = TARGETS
    return figures
