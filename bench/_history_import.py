"""Benchmark `history_import_15k_s` (issue 19; numbers, never pass/fail): an ACLED-shaped export of 15,000 events
(tools/acled_export.py: the 31 columns, codebook values, one place per kab/kota at a point inside its boundary)
imported through `import_history` (read, check, place, write in one transaction) against the configured database.

    from bench._history_import import history_import_15k; print(history_import_15k())

The CSV is what ACLED's export tool writes ("31 December 2023" dates); the XLSX (date cells) is timed too,
as a second figure, on fresh event ids. Wall seconds and the process's CPU seconds are reported: on a machine
shared with other work the wall time says more about the neighbours than about the import. The files are built
before the clock starts; the rows are written: run it in a throw-away instance.
"""

from __future__ import annotations

import os
import resource
import time
from typing import Any


def _importer() -> Any:
    from waspada.accounts.models import User
    from waspada.core.scope import Role

    user, _created = User.objects.get_or_create(username="bench-history", defaults={"role": Role.NATIONAL_ADMIN})
    return user


def _timed(user: Any, content: bytes, name: str) -> tuple[float, float, Any]:
    """As `waspada history import` runs it: the command line's row and reading-time bounds."""
    from waspada.incidents.intake.cli import CLI_MAX_ROWS, CLI_MAX_SECONDS
    from waspada.incidents.intake.datasets.importer import import_history

    started, cpu = time.perf_counter(), time.process_time()
    outcome = import_history(user, content, name, "acled", max_rows=CLI_MAX_ROWS,
                             limits={"max_seconds": CLI_MAX_SECONDS})  # fmt: skip
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if not outcome.committed:
        problems = "; ".join(f"row {e.row} {e.column}: {e.message}" for e in outcome.errors[:5])
        raise RuntimeError(f"The benchmark file was refused: {problems}")
    return elapsed, cpu, outcome


def history_import_15k(events: int = 15_000) -> dict[str, Any]:
    from tools.acled_export import acled_rows, places_from_database, to_csv, to_xlsx

    user = _importer()
    places = places_from_database()
    csv_content = to_csv(acled_rows(events, places, seed=19))
    xlsx_rows = acled_rows(events, places, seed=20)
    for row in xlsx_rows:
        row["EVENT_ID_CNTY"] = "X" + row["EVENT_ID_CNTY"]
    xlsx_content = to_xlsx(xlsx_rows)
    log_load = os.getloadavg()[0]
    csv_seconds, csv_cpu, outcome = _timed(user, csv_content, "acled-15k.csv")
    xlsx_seconds, xlsx_cpu, _xlsx = _timed(user, xlsx_content, "acled-15k.xlsx")
    summary = outcome.run.summary
    return {
        "history_import_15k_s": round(csv_seconds, 2), "history_import_15k_xlsx_s": round(xlsx_seconds, 2),
        # CPU seconds of the importing process: much less sensitive than wall time to other work on the machine.
        "history_import_15k_cpu_s": round(csv_cpu, 2), "history_import_15k_xlsx_cpu_s": round(xlsx_cpu, 2),
        "events": events, "placed": summary["placed"], "province_only": summary["province_only"],
        "refused": summary["refused"], "placed_share": summary["placed_share"],
        "csv_kb": len(csv_content) // 1024, "xlsx_kb": len(xlsx_content) // 1024,
        "process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average_1m_before": round(log_load, 2),
    }  # fmt: skip
