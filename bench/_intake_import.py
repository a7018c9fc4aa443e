"""Benchmark `xlsx_import_10k_s` (issue 6; numbers, never pass/fail): a realistic 10,000-row XLSX imported
through the whole importer (read, check every row, write in one transaction) against the configured database.

    from bench._intake_import import xlsx_import_10k; print(xlsx_import_10k())

The file is synthetic: rows spread over every kab/kota (a fifth placed at a kecamatan, a fifth with a point
at the region's centre), every event type, dates from 2019 to 2024 in the five accepted formats (date cells,
05/02/2024, 5 Februari 2024, 2024-02-05, 05-02-2024), a source on each row and actors on half. It is built in
a temporary folder before the clock starts. The rows are written: run it in a throw-away instance.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember")  # fmt: skip
HEADER = ("tanggal", "jam", "presisi waktu", "kode wilayah", "lintang", "bujur", "presisi lokasi", "jenis kejadian",
          "subjenis", "judul", "kronologi", "meninggal", "luka", "orang terlibat", "tingkat keparahan",
          "sensitivitas", "jenis sumber", "nama sumber", "url sumber", "keandalan sumber", "aktor 1 jenis",
          "aktor 1 nama", "aktor 2 jenis", "aktor 2 nama")  # fmt: skip
SOURCES = (("media", "Kabar Daerah", True), ("fkdm", "FKDM Kecamatan", False),
           ("field_officer", "Petugas Kesbangpol", False), ("police_report", "Polres", False))  # fmt: skip


def _date_cell(day: dt.date, index: int) -> Any:
    style = index % 5
    if style == 0:
        return day  # a real date cell
    if style == 1:
        return f"{day:%d/%m/%Y}"
    if style == 2:
        return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"
    if style == 3:
        return day.isoformat()
    return f"{day:%d-%m-%Y}"


def _importer() -> Any:
    from waspada.accounts.models import User
    from waspada.core.scope import Role

    user, _created = User.objects.get_or_create(username="bench-importer", defaults={"role": Role.NATIONAL_ADMIN})
    return user


def build_rows(rows: int, seed: int = 6) -> list[tuple[Any, ...]]:
    from waspada.incidents.models import ActorType, EventSubType, EventType
    from waspada.regions.models import KABKOTA_LEVELS, Level, Region

    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    kabkota = list(Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).order_by("code")
                   .values_list("code", "lat", "lng"))  # fmt: skip
    kecamatan = list(Region.objects.filter(level=Level.KECAMATAN, is_active=True).order_by("code")
                     .values_list("code", flat=True)[:5000])  # fmt: skip
    if not kabkota:
        raise RuntimeError("No kab/kota regions: import the regions first.")
    types = list(EventType.objects.values_list("code", "default_severity"))
    subtypes: dict[str, list[str]] = {}
    for type_code, code in EventSubType.objects.values_list("event_type_id", "code"):
        subtypes.setdefault(type_code, []).append(code)
    actors = list(ActorType.objects.values_list("code", flat=True))
    if not types or not actors:
        raise RuntimeError("No taxonomy: run `waspada incidents import-taxonomy` first.")
    start = dt.date(2019, 1, 1)
    span = (dt.date(2024, 12, 31) - start).days
    data = []
    for index in range(rows):
        code, lat, lng = kabkota[index % len(kabkota)]
        point = index % 5 == 1 and lat is not None and lng is not None
        if index % 5 == 2 and kecamatan:
            code = kecamatan[rng.randrange(len(kecamatan))]
        type_code, severity = types[index % len(types)]
        sub = rng.choice(subtypes[type_code]) if subtypes.get(type_code) and index % 2 else ""
        kind, outlet, has_url = SOURCES[index % len(SOURCES)]
        injured = rng.choice([None, 0, 0, 1, 2, 5, 12])
        two_actors = index % 2 == 0
        data.append((
            _date_cell(start + dt.timedelta(days=rng.randrange(span)), index),
            f"{8 + index % 12:02d}:{index % 60:02d}" if index % 3 == 0 else None, "day", code,
            lat if point else None, lng if point else None, "near_place" if point else None, type_code, sub,
            f"Kejadian uji {index + 1} di {code}", "Uraian singkat kejadian untuk uji impor massal.",
            rng.choice([None, 0, 0, 0, 1]), injured, rng.randrange(5, 500), min(5, max(1, severity)),
            ("public", "inter_agency", "restricted")[index % 3], kind, outlet,
            f"https://kabar.example/berita/{index}" if has_url else None, "ABCDEF"[index % 6],
            rng.choice(actors) if two_actors else None, "Massa A" if two_actors else None,
            rng.choice(actors) if two_actors else None, "Massa B" if two_actors else None,
        ))  # fmt: skip
    return data


def write_xlsx(path: Path, rows: list[tuple[Any, ...]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append(list(HEADER))
    for values in rows:
        cells: list[Any] = list(values)
        if isinstance(values[0], dt.date):
            date_cell = WriteOnlyCell(sheet, value=values[0])
            date_cell.number_format = "DD/MM/YYYY"
            cells[0] = date_cell
        sheet.append(cells)
    book.save(path)


def xlsx_import_10k(rows: int = 10_000) -> dict[str, Any]:
    """Build the file, then time read + check + write of the whole import. Returns the figures."""
    from waspada.incidents.intake.importer import import_file

    user = _importer()
    with tempfile.TemporaryDirectory(prefix="waspada-import-bench-") as folder:
        path = Path(folder) / "incidents-10k.xlsx"
        write_xlsx(path, build_rows(rows))
        size = path.stat().st_size
        started = time.perf_counter()
        outcome = import_file(user, path.read_bytes(), path.name, "incidents", max_rows=rows + 1)
        elapsed = time.perf_counter() - started
    if not outcome.committed:
        problems = "; ".join(f"row {e.row} {e.column}: {e.message}" for e in outcome.errors[:5])
        raise RuntimeError(f"The benchmark file was refused ({outcome.run.error_count} errors): {problems}")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"xlsx_import_10k_s": round(elapsed, 2), "rows": outcome.run.rows_created, "file_kb": size // 1024,
            "process_peak_rss_mb": round(peak_kb / 1024)}  # fmt: skip
