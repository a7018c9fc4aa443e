"""Index computation figures (issue 17), run inside a bench instance with the full reference data (bench/index.py):

- index_compute_552_s: services.compute_index over every active kab/kota and province (552 regions) with the
  default instrument's 47 indicators answered as in the demo (three rounds, most offices approved) and 100,000
  incidents of the last 400 days blended in (about 90,000 inside the 365-day window, three in four of them in a
  counted status), SQLite; the median of three runs (each compared with the one before, so reasons are built).
  index_compute_552_cpu_s: the same runs' CPU time (the process's own, SQLite included), for a loaded machine.
Numbers, never pass/fail (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from typing import Any

INCIDENTS = 100_000
RUNS = 3


def _incidents(today: dt.date) -> int:
    from pathlib import Path

    from django.conf import settings

    from waspada.incidents.models import EventType, Incident
    from waspada.incidents.taxonomy import import_taxonomy
    from waspada.regions.models import KABKOTA_LEVELS, Region

    import_taxonomy(Path(settings.DOMAIN_DIR))
    types = list(EventType.objects.values_list("code", flat=True))
    kabkota = list(Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).values_list("code", flat=True))
    rng = random.Random(17)  # noqa: S311 - benchmark data
    statuses = ["verified"] * 40 + ["closed"] * 20 + ["handled"] * 10 + ["escalated"] * 5 + ["submitted"] * 15 + \
        ["rejected"] * 5 + ["duplicate"] * 5  # fmt: skip
    batch: list[Incident] = []
    for n in range(INCIDENTS):
        code = rng.choice(kabkota)
        batch.append(Incident(
            title=f"[BENCH] kejadian {n}", occurred_on=today - dt.timedelta(days=rng.randrange(400)),
            region_id=code, province_code=code[:2], kabkota_code=code, place_code=code, owner_code=code,
            event_type_id=rng.choice(types), severity=rng.randint(1, 5), status=rng.choice(statuses),
            sensitivity="inter_agency"))  # fmt: skip
        if len(batch) == 5000:
            Incident.objects.bulk_create(batch)
            batch = []
    Incident.objects.bulk_create(batch)
    return Incident.objects.count()


def measure() -> dict[str, Any]:
    from django.utils import timezone

    from waspada.monitoring.demo import create_demo_rounds
    from waspada.monitoring.models import Answer, Indicator
    from waspada.risk.models import RegionScore
    from waspada.risk.services import compute_index

    today = timezone.localdate()
    rounds = create_demo_rounds(today=today)
    incidents = _incidents(today)
    timings: list[float] = []
    cpu: list[float] = []
    run = None
    for _n in range(RUNS):
        t0, c0 = time.perf_counter(), time.process_time()
        run = compute_index(None)
        timings.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    assert run is not None
    scores = RegionScore.objects.filter(run=run)
    return {
        "index_compute_552_s": round(statistics.median(timings), 3),
        "index_compute_runs_s": [round(t, 3) for t in timings],
        # CPU time of the process (SQLite runs in it): the wall time less the waiting for a busy machine's cores.
        "index_compute_552_cpu_s": round(statistics.median(cpu), 3),
        "index_regions": scores.count(),
        "index_regions_scored": run.regions_scored,
        "index_indicators": Indicator.objects.filter(version__instrument__code="waspada_default").count(),
        "index_answers": Answer.objects.count(),
        "index_incidents": incidents,
        "index_kabkota_categories": run.summary["categories"]["kabkota"],
        "index_provisional_kabkota": run.summary["provisional"],
        "demo_rounds": rounds["rounds"],
    }
