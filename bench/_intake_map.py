"""`incident_map_p95_ms`: GET /api/v1/incidents/map over 100,000 incidents (numbers, never pass/fail).

    WASPADA_DATABASE_URL=sqlite:////tmp/map.sqlite3 .venv/bin/python -m bench._intake_map   # from the checkout

Runs against the CURRENT configured database (reference data and taxonomy imported), never the development
database var/waspada.sqlite3 (refused: copy it first). When it holds fewer than `rows` incidents, synthetic ones
([BENCH] title, is_demo) are added with bulk_create across every kab/kota, 60% with a point. Then `requests`
requests (after a warm-up), alternating a national analyst and a province officer over no filter and a few
common filters, through Django's test client (no sockets), gzip accepted as a browser would: once counting every
time (`incident_map_p95_ms`, the headline: what the first visitor after a write waits) and once as deployed
(`incident_map_cached_p95_ms`: answers remembered until the data changes, memo.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import time
from pathlib import Path
from typing import Any

QUERIES = ("", "type=money_politics", "date_from=2024-01-01&date_to=2024-12-31", "severity_min=3", "stage=kampanye")
BATCH = 5000
WARM_UP = 10


def _refuse_dev_database() -> None:
    from django.conf import settings
    from django.db import connection

    name = Path(str(connection.settings_dict["NAME"])).resolve()
    # The checkout's own var/ (a bench instance has its own WASPADA_VAR_DIR elsewhere).
    if connection.vendor == "sqlite" and name == (Path(settings.CHECKOUT_DIR) / "var" / "waspada.sqlite3").resolve():
        raise RuntimeError(f"Refusing to add benchmark incidents to the development database {name}: copy it and "
                           "point WASPADA_DATABASE_URL at the copy.")  # fmt: skip


def _places() -> list[tuple[str, str, tuple[float, float, float, float] | None]]:
    from waspada.regions.models import KABKOTA_LEVELS, Region, RegionBoundary

    boxes = {row[0]: row[1:] for row in RegionBoundary.objects.values_list("region_id", "min_lng", "min_lat",
                                                                           "max_lng", "max_lat")}  # fmt: skip
    rows = Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).values_list("code", "province_code")
    return [(code, province, boxes.get(code)) for code, province in rows]


def fill(rows: int, seed: int = 6) -> int:
    """Add synthetic incidents until the table holds `rows`; returns how many were added."""
    from django.db import transaction

    from waspada.elections.models import StageTag
    from waspada.incidents.models import EventType, GeoPrecision, Incident, IncidentStage, Status

    missing = rows - Incident.objects.count()
    if missing <= 0:
        return 0
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible on purpose
    places = _places()
    types = list(EventType.objects.values_list("code", flat=True))
    tags = list(StageTag.objects.values_list("code", flat=True))
    if not places or not types:
        raise RuntimeError("Import the regions and the taxonomy first (waspada regions import, import-taxonomy).")
    statuses = [Status.SUBMITTED, Status.VERIFIED, Status.VERIFIED, Status.CLOSED, Status.HANDLED, Status.DRAFT]
    first, days = dt.date(2022, 1, 1), 4 * 365
    added = 0
    while added < missing:
        batch = []
        for _ in range(min(BATCH, missing - added)):
            code, province, box = rng.choice(places)
            point = box is not None and rng.random() < 0.6
            lng = rng.uniform(box[0], box[2]) if point and box else None
            lat = rng.uniform(box[1], box[3]) if point and box else None
            kind = rng.choice(types)
            batch.append(Incident(
                title=f"[BENCH] {kind} {code}", occurred_on=first + dt.timedelta(days=rng.randrange(days)),
                region_id=code, province_code=province, kabkota_code=code, place_code=code, owner_code=code,
                lat=lat, lng=lng, geo_precision=rng.choice([GeoPrecision.EXACT, GeoPrecision.NEAR_PLACE]) if point
                else rng.choice([GeoPrecision.KECAMATAN, GeoPrecision.KABKOTA]),
                event_type_id=kind, severity=rng.randint(1, 5),
                sensitivity=rng.choices(["public", "inter_agency", "restricted"], [30, 60, 10])[0],
                status=rng.choice(statuses), is_demo=True, search_text=f" bench {kind} ",
            ))  # fmt: skip
        with transaction.atomic():
            Incident.objects.bulk_create(batch, batch_size=BATCH)
            if tags:
                IncidentStage.objects.bulk_create([IncidentStage(incident_id=row.pk, tag_id=rng.choice(tags))
                                                   for row in batch], batch_size=BATCH)  # fmt: skip
        added += len(batch)
    return added


def _users() -> list[Any]:
    from waspada.accounts.models import User
    from waspada.core.scope import Role
    from waspada.regions.models import Region

    province = "32" if Region.objects.filter(code="32").exists() else Region.objects.filter(level="province")[0].code
    analyst, _ = User.objects.get_or_create(username="bench-map-analyst", defaults={"role": Role.NATIONAL_ANALYST})
    officer, _ = User.objects.get_or_create(username="bench-map-province", defaults={
        "role": Role.PROVINCE_OFFICER, "scope_region_id": province})  # fmt: skip
    return [analyst, officer]


def _p(timings: list[float], q: float) -> float:
    ordered = sorted(timings)
    return round(ordered[max(0, int(len(ordered) * q + 0.5) - 1)], 1)


def _measure(requests: int) -> dict[str, Any]:
    from django.test import Client

    clients = []
    for user in _users():
        client = Client(HTTP_ACCEPT_ENCODING="gzip")
        client.force_login(user)
        clients.append(client)
    timings: list[float] = []
    cpu: list[float] = []
    national: list[float] = []
    sizes: list[int] = []
    for n in range(requests + WARM_UP):
        who, query = n % 2, QUERIES[(n // 2) % len(QUERIES)]
        t0, c0 = time.perf_counter(), time.thread_time()
        response = clients[who].get(f"/api/v1/incidents/map?{query}")
        took, busy = (time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"map {query!r} answered {response.status_code}: {response.content[:200]!r}")
        if n >= WARM_UP:
            timings.append(took)
            cpu.append(busy)
            sizes.append(len(response.content))
            if who == 0 and not query:
                national.append(took)
    return {
        "p95_ms": _p(timings, 0.95), "p50_ms": _p(timings, 0.5), "max_ms": round(max(timings), 1),
        "national_unfiltered_p95_ms": _p(national, 0.95) if national else None,
        # CPU time of the request's thread (SQLite runs in it): closer to what an idle machine would show.
        "cpu_p95_ms": _p(cpu, 0.95), "gzip_bytes_max": max(sizes),
    }  # fmt: skip


def incident_map_p95(rows: int = 100_000, requests: int = 200) -> dict[str, Any]:
    """Measured twice: as deployed (answers remembered until the data changes, see memo.py), and with that memory
    off, so every request counts again (what the first visitor after each write waits)."""
    from django.db import connection

    from waspada.incidents.maps import memo
    from waspada.incidents.models import Incident

    _refuse_dev_database()
    started = time.perf_counter()
    added = fill(rows)
    seeded = time.perf_counter() - started
    load = os.getloadavg()[0]
    memo.clear()
    remembered = _measure(requests)
    memo.ENABLED = False
    try:
        counted = _measure(requests)
    finally:
        memo.ENABLED = True
    # The headline figure is the counted one: what the first visitor after each write waits.
    figures = {f"incident_map_{name}": value for name, value in counted.items()}
    figures |= {f"incident_map_cached_{name}": value for name, value in remembered.items()}
    return figures | {
        "incident_map_requests": requests, "incident_map_rows": Incident.objects.count(),
        "incident_map_rows_added": added, "incident_map_seed_seconds": round(seeded, 1),
        "load_average_1m": round(load, 2), "database": connection.vendor,
    }  # fmt: skip


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waspada.settings")
    import django

    django.setup()
    print(json.dumps(incident_map_p95()))
