"""Early-warning run figure (issue 18), inside a bench instance with the full reference data (bench/early_warning.py):

- ew_run_100k_s: `alerts.engine.run` for one day over all 514 kab/kota with 100,000 incidents in the year before
  it (verified and unverified mixed; a few regions flaring in the last week), SQLite; the median of three runs
  (the first run opens the alerts, the reruns update them).
Numbers, never pass/fail (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from typing import Any

INCIDENTS = 100_000
DAY = dt.date(2025, 6, 30)


def _severity(rng: random.Random) -> int:
    # Roughly the demo's and the 2024 record's shape: most reports minor, deaths or mass violence (5) rare.
    return rng.choices((1, 2, 3, 4, 5), weights=(30, 35, 22, 11, 2))[0]


def measure() -> dict[str, Any]:
    from waspada.alerts import engine
    from waspada.alerts.models import Alert
    from waspada.incidents.models import Incident
    from waspada.incidents.models.taxonomy import EventType
    from waspada.regions.models import KABKOTA_LEVELS, Region

    rng = random.Random(18)
    regions = list(Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).values_list("code", flat=True))
    event_type = EventType.objects.order_by("code").first()
    flaring = set(rng.sample(regions, 12))
    rows = []
    for n in range(INCIDENTS):
        code = rng.choice(regions)
        back = rng.randrange(7) if code in flaring and rng.random() < 0.3 else rng.randrange(365)
        rows.append(Incident(title=f"bench {n}", occurred_on=DAY - dt.timedelta(days=back), province_code=code[:2],
                             kabkota_code=code, place_code=code, region_id=code, owner_code=code,
                             event_type=event_type, severity=_severity(rng),
                             status=rng.choice(("verified", "verified", "handled", "closed", "submitted")),
                             sensitivity="inter_agency", is_demo=True))  # fmt: skip
    Incident.objects.bulk_create(rows, batch_size=5000)
    timings, result = [], {}
    for _ in range(3):
        started = time.perf_counter()
        result = engine.run(DAY)
        timings.append(time.perf_counter() - started)
    return {"ew_run_100k_s": round(statistics.median(timings), 2), "ew_run_first_s": round(timings[0], 2),
            "ew_alerts": Alert.objects.count(), "ew_signals_s": result["signals_seconds"],
            "ew_incidents": INCIDENTS}  # fmt: skip
