"""Situation-board figures (issue 17), run inside a bench instance with the full reference data (bench/board.py):

- board_p95_ms (and _p50): GET / as the Jawa Barat province officer through Django's test client, server time,
  with everything the board reads in place: two index computations of all 552 regions (so changes exist),
  INCIDENTS verified incidents spread over the kab/kota in the last 60 days, the election calendar and an open
  monitoring round for every kab/kota with mixed states.
- board_national_p95_ms: the same page for a national analyst (every region in scope).
Numbers, never pass/fail (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

REQUESTS = 60
WARM_UP = 5
INCIDENTS = 20_000


def _p(timings: list[float], q: float) -> float:
    ordered = sorted(timings)
    return round(ordered[max(0, int(len(ordered) * q + 0.5) - 1)], 1)


def _index_runs(rng: random.Random) -> int:
    from waspada.regions.models import KABKOTA_LEVELS, Region
    from waspada.regions.models import Level as RegionLevel
    from waspada.risk.models import IndexMethod, IndexRun, RegionScore, RunStatus

    method = IndexMethod.objects.create(version=900, name="[BENCH]", params={})
    regions = list(Region.objects.filter(level__in=[RegionLevel.PROVINCE, *KABKOTA_LEVELS]))
    previous = None
    for as_of in (dt.date(2026, 11, 1), dt.date(2026, 12, 1)):
        run = IndexRun.objects.create(method=method, as_of=as_of, previous=previous, status=RunStatus.DONE)
        rows = []
        for region in regions:
            composite = round(rng.uniform(5, 95), 2)
            rows.append(RegionScore(
                run=run, region=region, level="province" if region.level == RegionLevel.PROVINCE else "kabkota",
                province_code=region.province_code, kabkota_code=region.kabkota_code or "", composite=composite,
                category="tinggi" if composite >= 60 else "sedang" if composite >= 30 else "rendah", coverage=0.9,
                change=round(rng.uniform(-8, 8), 2) if previous else None,
            ))  # fmt: skip
        RegionScore.objects.bulk_create(rows, batch_size=500)
        previous = run
    return len(regions)


def _incidents(rng: random.Random) -> None:
    from django.utils import timezone

    from waspada.incidents.models import EventType, Incident, Status
    from waspada.regions.models import KABKOTA_LEVELS, Region

    kabkota = list(Region.objects.filter(level__in=KABKOTA_LEVELS).values_list("code", "province_code"))
    types = list(EventType.objects.values_list("code", flat=True))
    today = timezone.localdate()
    rows = []
    for n in range(INCIDENTS):
        code, province = rng.choice(kabkota)
        rows.append(Incident(
            title=f"[BENCH] insiden {n}", occurred_on=today - dt.timedelta(days=rng.randrange(60)), region_id=code,
            province_code=province, kabkota_code=code, place_code=code, event_type_id=rng.choice(types),
            severity=rng.randint(1, 5), status=Status.VERIFIED, sensitivity="inter_agency",
        ))  # fmt: skip
    Incident.objects.bulk_create(rows, batch_size=1000)


def _round() -> None:
    from django.conf import settings
    from django.utils import timezone

    from waspada.accounts.models import User
    from waspada.core.scope import Role
    from waspada.monitoring import services
    from waspada.monitoring.instruments import load_default
    from waspada.monitoring.models import Assignment, AssignmentStatus

    version, _created = load_default(settings.DOMAIN_DIR)
    admin = User.objects.create(username="bench-board-admin", role=Role.NATIONAL_ADMIN)
    today = timezone.localdate()
    round_ = services.open_round(admin, version=version, title="[BENCH] putaran", period_start=today,
                                 period_end=today + dt.timedelta(days=30),
                                 deadline=timezone.now() + dt.timedelta(days=14))  # fmt: skip
    pks = list(round_.assignments.order_by("pk").values_list("pk", flat=True))
    Assignment.objects.filter(pk__in=pks[::3]).update(status=AssignmentStatus.SUBMITTED)
    Assignment.objects.filter(pk__in=pks[1::3]).update(status=AssignmentStatus.DRAFT)


def _timings(user: Any) -> list[float]:
    from django.test import Client

    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    client.force_login(user)
    timings: list[float] = []
    for n in range(REQUESTS + WARM_UP):
        t0 = time.perf_counter()
        response = client.get("/")
        took = (time.perf_counter() - t0) * 1000
        if response.status_code != 200 or b'id="board-index"' not in response.content:
            raise RuntimeError(f"the board answered {response.status_code}: {response.content[:200]!r}")
        if n >= WARM_UP:
            timings.append(took)
    return timings


def measure() -> dict[str, Any]:
    from waspada.accounts.models import User
    from waspada.core.scope import Role

    rng = random.Random(17)  # noqa: S311 - benchmark data
    scored = _index_runs(rng)
    _incidents(rng)
    _round()
    officer = User.objects.create(username="bench-board-province", role=Role.PROVINCE_OFFICER, scope_region_id="32")
    analyst = User.objects.create(username="bench-board-analyst", role=Role.NATIONAL_ANALYST)
    province = _timings(officer)
    national = _timings(analyst)
    return {
        "board_p95_ms": _p(province, 0.95), "board_p50_ms": _p(province, 0.5),
        "board_national_p95_ms": _p(national, 0.95), "board_regions_scored": scored, "board_incidents": INCIDENTS,
    }  # fmt: skip
