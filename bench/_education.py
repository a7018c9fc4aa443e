"""Political-education figures (issue 21), run inside a bench instance with the full reference data
(bench/education.py):

- demo_activities_s: the `waspada demo` step (activities for every province and most kab/kota), first run.
- coverage_page_p95_ms / _p50_ms: GET /education/coverage/ (12 weeks; the table of every kab/kota in scope, the
  province rows, the map's data) through Django's test client, alternating a national analyst and a province
  officer, with a computed index (a synthetic run giving every kab/kota a category) so the gaps are worked out.
- board_summary_p95_ms: selectors.board_summary for the national analyst.
- import_5000_rows_s: spreadsheet.import_activities of a 5,000-row XLSX by the national desk (read, check, write).
- export_xlsx_s: the XLSX export of every activity (demo and imported).
Numbers, never pass/fail (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from typing import Any

REQUESTS = 60
WARM_UP = 5
IMPORT_ROWS = 5000


def _p(timings: list[float], q: float) -> float:
    ordered = sorted(timings)
    return round(ordered[max(0, int(len(ordered) * q + 0.5) - 1)], 1)


def _index(rng: random.Random) -> None:
    """A finished index run with a category for every kab/kota (as the risk app stores one)."""
    from waspada.regions.models import KABKOTA_LEVELS, Region
    from waspada.risk.models import IndexMethod, IndexRun, RegionScore, RunStatus

    method, _created = IndexMethod.objects.get_or_create(version=999, defaults={"name": "bench", "params": {}})
    run = IndexRun.objects.create(method=method, as_of=dt.date.today(), status=RunStatus.DONE)
    rows = Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).values_list("code", "province_code")
    RegionScore.objects.bulk_create([
        RegionScore(run=run, region_id=code, level="kabkota", province_code=province, kabkota_code=code,
                    composite=50.0, category=rng.choices(["rendah", "sedang", "tinggi"], [50, 35, 15])[0])
        for code, province in rows])  # fmt: skip


def _workbook(rng: random.Random, codes: list[str]) -> bytes:
    from openpyxl import Workbook

    from waspada.education.spreadsheet import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("kegiatan")
    sheet.append(list(COLUMNS))
    start = dt.date.today() - dt.timedelta(days=200)
    for n in range(IMPORT_ROWS):
        day = start + dt.timedelta(days=rng.randrange(190))
        sheet.append([f"Sosialisasi pemilu {n}", day, day, rng.choice(codes), "Kesbangpol", "law_socialisation",
                      "coordination", "pemilih pemula; women", 30, 40, 70, "KPU", 5_000_000, "", ""])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure() -> dict[str, Any]:
    from django.test import Client

    from waspada.accounts.models import User
    from waspada.core.scope import Role
    from waspada.core.spreadsheets.upload import UploadLimits
    from waspada.education import selectors, spreadsheet
    from waspada.education.demo import create_demo_activities
    from waspada.education.models import Activity
    from waspada.regions.models import KABKOTA_LEVELS, Region

    rng = random.Random(21)  # noqa: S311 - benchmark data
    admin, _ = User.objects.get_or_create(username="bench-edu-admin", defaults={"role": Role.NATIONAL_ADMIN})
    analyst, _ = User.objects.get_or_create(username="bench-edu-analyst", defaults={"role": Role.NATIONAL_ANALYST})
    officer, _ = User.objects.get_or_create(username="bench-edu-province", defaults={
        "role": Role.PROVINCE_OFFICER, "scope_region_id": "32"})  # fmt: skip

    t0 = time.perf_counter()
    demo = create_demo_activities()
    demo_s = time.perf_counter() - t0
    _index(rng)

    clients = []
    for user in (analyst, officer):
        client = Client(HTTP_ACCEPT_ENCODING="gzip")
        client.force_login(user)
        clients.append(client)
    page: list[float] = []
    for n in range(REQUESTS + WARM_UP):
        t0 = time.perf_counter()
        response = clients[n % 2].get("/education/coverage/")
        took = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"coverage answered {response.status_code}: {response.content[:200]!r}")
        if n >= WARM_UP:
            page.append(took)
    summary: list[float] = []
    for n in range(REQUESTS + WARM_UP):
        t0 = time.perf_counter()
        figures = selectors.board_summary(analyst)
        if n >= WARM_UP:
            summary.append((time.perf_counter() - t0) * 1000)

    codes = list(Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).values_list("code", flat=True))
    content = _workbook(rng, codes)
    limits = UploadLimits.from_settings(max_rows=IMPORT_ROWS, max_bytes=50 * 1024 * 1024, max_seconds=300.0)
    t0 = time.perf_counter()
    imported = spreadsheet.import_activities(admin, content, "bench.xlsx", limits=limits)
    import_s = time.perf_counter() - t0

    every = list(Activity.objects.select_related("region", "created_by").prefetch_related("target_groups"))
    t0 = time.perf_counter()
    exported = spreadsheet.export_xlsx(every)
    export_s = time.perf_counter() - t0
    return {
        "demo_activities_s": round(demo_s, 2), "demo_activities": demo["activities"],
        "demo_left_out": demo["left_out"],
        "coverage_page_p95_ms": _p(page, 0.95), "coverage_page_p50_ms": _p(page, 0.5),
        "board_summary_p95_ms": _p(summary, 0.95), "board_summary": figures,
        "import_5000_rows_s": round(import_s, 2), "imported": len(imported.created),
        "export_xlsx_s": round(export_s, 2), "export_rows": len(every), "export_bytes": len(exported),
    }  # fmt: skip
