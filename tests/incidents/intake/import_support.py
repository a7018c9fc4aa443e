"""Helpers for the import tests: build XLSX and CSV files in memory, run an import in English, count writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.utils import translation
from openpyxl import Workbook

from waspada.core.audit.models import AuditEvent
from waspada.incidents.intake.importer import ImportOutcome, import_file
from waspada.incidents.models import ImportRun, Incident

HEADER = [
    "tanggal",
    "kode wilayah",
    "jenis kejadian",
    "subjenis",
    "judul",
    "tingkat keparahan",
    "meninggal",
    "luka",
    "jenis sumber",
    "nama sumber",
    "url sumber",
    "keandalan sumber",
]
EVENT_HEADER = ["tanggal", "kode kab/kota", "jenis", "meninggal", "luka", "sumber", "catatan"]


def row(**values: Any) -> list[Any]:
    """A valid incident row of Kota Bandung on Pemilu 2024 voting day, with `values` replacing cells by header."""
    cells = {
        "tanggal": "14/02/2024",
        "kode wilayah": "32.73",
        "jenis kejadian": "violence_clash",
        "subjenis": "supporter_clash",
        "judul": "Bentrok pendukung di TPS 12",
        "tingkat keparahan": 3,
        "meninggal": 0,
        "luka": 2,
        "jenis sumber": "media",
        "nama sumber": "Kabar Bandung",
        "url sumber": "https://kabar.example/berita/1",
        "keandalan sumber": "B",
    }
    cells.update({key.replace("_", " "): value for key, value in values.items()})
    return [cells.get(name) for name in HEADER]


def event(**values: Any) -> list[Any]:
    cells = {
        "tanggal": "22/05/2019",
        "kode kab/kota": "32.73",
        "jenis": "Riots",
        "meninggal": 0,
        "luka": 3,
        "sumber": "ACLED",
        "catatan": "Kericuhan setelah rekapitulasi.",
    }
    cells.update({key.replace("_", " ").replace("kode kabkota", "kode kab/kota"): v for key, v in values.items()})
    return [cells.get(name) for name in EVENT_HEADER]


def xlsx(rows: list[list[Any]], header: list[str] | None = None, merge: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header or HEADER)
    for values in rows:
        sheet.append(values)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: list[list[Any]],
    header: list[str] | None = None,
    *,
    delimiter: str = ",",
    bom: bool = False,
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header or HEADER)
    for values in rows:
        writer.writerow(["" if value is None else value for value in values])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def run_import(
    user: Any, content: bytes, name: str = "laporan.xlsx", kind: str = "incidents", **options: Any
) -> ImportOutcome:
    with translation.override("en"):
        return import_file(user, content, name, kind, **options)


def errors_of(outcome: ImportOutcome) -> list[tuple[int, str, str]]:
    return [(error.row, error.column, error.message) for error in outcome.errors]


def where(outcome: ImportOutcome) -> list[tuple[int, str]]:
    return [(error.row, error.column) for error in outcome.errors]


def counts() -> tuple[int, int, int]:
    """(incidents, audit events, import runs)."""
    return Incident.objects.count(), AuditEvent.objects.count(), ImportRun.objects.count()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
