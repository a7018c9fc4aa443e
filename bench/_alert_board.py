"""Alert board figure (issue 18), inside the early-warning bench instance (bench/early_warning.py), after the
100,000-incident run of bench/_ew_run.py has opened its alerts:

- alert_board_p95_ms (and _p50): GET /alerts/ (the live alerts, highest level first) as a national admin through
  Django's test client, server time; every live alert of the country is in scope.
- alert_map_p95_ms: GET /alerts/map/ for the same user (the level of all 514 kab/kota).
Each with the CPU milliseconds of the request (_cpu_p95_ms) beside the wall time.
Numbers, never pass/fail (docs/benchmarks.md).
"""

from __future__ import annotations

import time
from typing import Any

REQUESTS = 60
WARM_UP = 5


def _p(timings: list[float], q: float) -> float:
    ordered = sorted(timings)
    return round(ordered[max(0, int(len(ordered) * q + 0.5) - 1)], 1)


def _timings(client: Any, url: str, marker: bytes) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per request (the test client serves in this process, so its CPU time is the
    request's: the figure to read when other work shares the machine)."""
    timings: list[float] = []
    cpu: list[float] = []
    for n in range(REQUESTS + WARM_UP):
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url)
        took, used = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        if response.status_code != 200 or marker not in response.content:
            raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:200]!r}")
        if n >= WARM_UP:
            timings.append(took)
            cpu.append(used)
    return timings, cpu


def measure() -> dict[str, Any]:
    from django.test import Client

    from waspada.accounts.models import User
    from waspada.alerts.models import Alert, AlertStatus
    from waspada.core.scope import Role

    admin = User.objects.create(username="bench-alert-board", role=Role.NATIONAL_ADMIN)
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    client.force_login(admin)
    board, board_cpu = _timings(client, "/alerts/", b"alert-level-")
    level_map, map_cpu = _timings(client, "/alerts/map/", b'id="level-states"')
    return {"alert_board_p95_ms": _p(board, 0.95), "alert_board_p50_ms": _p(board, 0.5),
            "alert_board_cpu_p95_ms": _p(board_cpu, 0.95), "alert_map_p95_ms": _p(level_map, 0.95),
            "alert_map_cpu_p95_ms": _p(map_cpu, 0.95),
            "alert_board_live": Alert.objects.filter(status__in=[AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED]).count(),
            }  # fmt: skip
