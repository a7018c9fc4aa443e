"""Grants figures (issue 21), run inside a bench instance with the full reference data (bench/grants.py):

- demo_agreements_s: the `waspada demo` step (Pilkada 2024 agreements of most contest regions, four recipients).
- grants_board_p95_ms: GET /hibah/ (counts by recipient, the map's states and the table of every region with the
  demo agreements) through Django's test client as a national analyst, every request counted (the memory of
  boards off); p50 beside it. grants_board_cached_p95_ms: the same as deployed (memo.py on: the board is counted
  once per data version and day).
- grants_import_10k_s: spreadsheet.import_workbook of a 10,000-row XLSX (3,334 agreement rows on the NPHD sheet and
  6,666 tranche rows on the Tahap sheet, Pilkada 2024 and 2029 contest regions, every row new), read, checked and
  written, by a national admin; the median of two runs into a database without them (the first run's rows are
  deleted before the second).
Numbers, never pass/fail (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
from typing import Any

REQUESTS = 60
WARM_UP = 5
ROWS = 10_000


def _p(timings: list[float], q: float) -> float:
    ordered = sorted(timings)
    return round(ordered[max(0, int(len(ordered) * q + 0.5) - 1)], 1)


def _workbook(keys: list[tuple[str, str, str]], today: dt.date) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    agreements = book.create_sheet("NPHD")
    tranches = book.create_sheet("Tahap")
    agreements.append(["Pemilihan", "Kode Wilayah", "Penerima", "Nomor NPHD", "Tanggal NPHD", "Nilai Disepakati (Rp)",
                       "Anggaran TA Sebelumnya (%)", "Anggaran TA Pemilihan (%)", "Mekanisme"])  # fmt: skip
    tranches.append(["Pemilihan", "Kode Wilayah", "Penerima", "Tahap", "Tanggal Cair", "Jumlah Cair (Rp)"])
    signed = {"pilkada_2024": dt.date(2023, 11, 20), "pilkada_2029": today - dt.timedelta(days=20)}
    for election, region, recipient in keys:
        agreements.append([election, region, recipient, f"BENCH/{region}/{recipient}", signed[election],
                           10_000_000_000, 40, 60, "Bertahap"])  # fmt: skip
        tranches.append([election, region, recipient, 1, signed[election] + dt.timedelta(days=10), 4_000_000_000])
        tranches.append([election, region, recipient, 2, None, 0])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure() -> dict[str, Any]:
    from django.test import Client
    from django.utils import timezone

    from waspada.accounts.models import User
    from waspada.core.scope import Role
    from waspada.elections.models import Contest
    from waspada.grants.demo import create_demo_agreements
    from waspada.grants.models import Agreement, Tranche
    from waspada.grants.spreadsheet import import_workbook

    today = timezone.localdate()
    admin, _ = User.objects.get_or_create(username="bench-grants-admin", defaults={"role": Role.NATIONAL_ADMIN})
    analyst, _ = User.objects.get_or_create(username="bench-grants-analyst", defaults={"role": Role.NATIONAL_ANALYST})
    t0 = time.perf_counter()
    demo = create_demo_agreements()
    demo_s = time.perf_counter() - t0

    from waspada.grants import memo

    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    client.force_login(analyst)
    timings: dict[bool, list[float]] = {False: [], True: []}
    for remembered in (False, True):  # every request counted, then as deployed (the memory of boards)
        memo.ENABLED = remembered
        for n in range(REQUESTS + WARM_UP):
            t0 = time.perf_counter()
            response = client.get("/hibah/")
            took = (time.perf_counter() - t0) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"board answered {response.status_code}: {response.content[:200]!r}")
            if n >= WARM_UP:
                timings[remembered].append(took)
    board = timings[False]

    Agreement.objects.all().delete()  # the import writes new agreements (the demo's would be updates)
    regions = {code: sorted(set(Contest.objects.filter(election_id=code).values_list("region_id", flat=True)))
               for code in ("pilkada_2024", "pilkada_2029")}  # fmt: skip
    keys = [(election, region, recipient) for election, codes in regions.items() for region in codes
            for recipient in ("kpu", "bawaslu", "polri", "tni")]  # fmt: skip
    agreements_n = (ROWS + 2) // 3
    if len(keys) < agreements_n:
        raise RuntimeError(f"only {len(keys)} contest agreements available for a {ROWS}-row file")
    content = _workbook(keys[:agreements_n], today)
    imports: list[float] = []
    for _run in range(2):
        Tranche.objects.all().delete()
        Agreement.objects.all().delete()
        t0 = time.perf_counter()
        result = import_workbook(admin, content)
        imports.append(time.perf_counter() - t0)
        if not result.committed:
            raise RuntimeError(f"import refused: {[str(e) for e in result.errors[:5]]}")
    return {
        "demo_agreements": demo["agreements"], "demo_tranches": demo["tranches"],
        "demo_agreements_s": round(demo_s, 2),
        "grants_board_p95_ms": _p(board, 0.95), "grants_board_p50_ms": _p(board, 0.5),
        "grants_board_cached_p95_ms": _p(timings[True], 0.95),
        "grants_board_regions": demo["regions"],
        "grants_import_10k_s": round(statistics.median(imports), 2),
        "grants_import_rows": agreements_n + 2 * agreements_n, "grants_import_bytes": len(content),
    }  # fmt: skip
