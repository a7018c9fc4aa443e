"""The spreadsheet import (template, Indonesian headers, labels or codes, all or nothing with row numbers, one
audit event), the XLSX/CSV export (formula-like text neutralised, re-importable) and `waspada education`."""

from __future__ import annotations

import datetime as dt
import io
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from tests.education.conftest import TODAY, activity
from waspada.core.audit.models import AuditEvent
from waspada.education import services, spreadsheet
from waspada.education.errors import Denied
from waspada.education.models import Activity, TargetGroup

pytestmark = pytest.mark.django_db

HEADER = list(spreadsheet.COLUMNS)


def row(**values: Any) -> list[Any]:
    base = {
        "judul": "Diskusi hoaks pemilu",
        "tanggal_mulai": "2026-11-02",
        "tanggal_selesai": "",
        "kode_wilayah": "32.73",
        "penyelenggara": "Kesbangpol Kota Bandung",
        "jenis_kegiatan": "Seminar, lokakarya, diskusi",
        "bentuk_fasilitasi": "materi",
        "kelompok_sasaran": "Pemilih pemula; women",
        "peserta_laki_laki": 10,
        "peserta_perempuan": 12,
        "peserta_jumlah": "",
        "mitra": "Bawaslu",
        "anggaran_rp": "Rp 2.500.000",
        "materi": "",
        "catatan_hasil": "",
    }
    base.update(values)
    return [base[name] for name in HEADER]


def xlsx(*rows: list[Any], header: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header or [h.upper().replace("_", " ") for h in HEADER])  # headers in any case and spacing
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_template_imports_as_it_is(kabkota_officer: Any) -> None:
    book = load_workbook(io.BytesIO(spreadsheet.template_workbook()))
    assert [c.value for c in book["kegiatan"][1]] == HEADER
    assert {c.value for c in book["kode"]["B"]} >= {"first_time_voters", "law_socialisation", "coordination"}
    result = spreadsheet.import_activities(kabkota_officer, spreadsheet.template_workbook(), "templat.xlsx",
                                           today=TODAY)  # fmt: skip
    created = Activity.objects.get(pk=result.created[0])
    assert created.participants_total == 260 and created.budget_idr == 15_000_000
    assert created.group_codes == ["first_time_voters", "students"]


def test_labels_and_indonesian_numbers_are_read(kabkota_officer: Any) -> None:
    content = xlsx(row(), row(tanggal_mulai=dt.datetime(2026, 11, 3), tanggal_selesai="04/11/2026",
                              jenis_kegiatan="competition", kelompok_sasaran="students, women"))  # fmt: skip
    result = spreadsheet.import_activities(kabkota_officer, content, "kegiatan.xlsx", today=TODAY)
    first, second = Activity.objects.filter(pk__in=result.created).order_by("pk")
    assert first.activity_type == "seminar_workshop" and first.facilitation_form == "materials"
    assert first.budget_idr == 2_500_000 and first.participants_total == 22
    assert sorted(first.group_codes) == ["first_time_voters", "women"]
    assert second.start_date == dt.date(2026, 11, 3) and second.end_date == dt.date(2026, 11, 4)
    assert sorted(second.group_codes) == ["students", "women"]
    event = AuditEvent.objects.get(action="education.import")
    assert event.batch["counts"] == {"rows": 2, "created": 2} and event.batch["file"] == "kegiatan.xlsx"


def test_one_bad_row_refuses_the_file_with_row_numbers(kabkota_officer: Any) -> None:
    content = xlsx(row(), row(peserta_laki_laki=-3, tanggal_selesai="2026-10-01"), row(),
                   row(kode_wilayah="35.78", jenis_kegiatan="karaoke", kelompok_sasaran="aliens"),
                   row(tanggal_mulai="31/02/2026"), row(tanggal_mulai="2205-01-01"))  # fmt: skip
    with pytest.raises(spreadsheet.ImportFailed) as failed:
        spreadsheet.import_activities(kabkota_officer, content, "kegiatan.xlsx", today=TODAY)
    found = {(e.row, e.column) for e in failed.value.errors}
    assert found == {(3, "tanggal_selesai"), (3, "peserta_laki_laki"), (5, "kode_wilayah"), (5, "jenis_kegiatan"),
                     (5, "kelompok_sasaran"), (6, "tanggal_mulai"), (7, "tanggal_mulai")}  # fmt: skip
    messages = {(e.row, e.column): e.message for e in failed.value.errors}
    assert "outside your scope" in messages[(5, "kode_wilayah")] and "aliens" in messages[(5, "kelompok_sasaran")]
    assert str(failed.value.errors[0]).startswith("Row 3, tanggal_selesai: ")  # by row, then in column order
    assert not Activity.objects.exists() and not TargetGroup.objects.exists()
    assert not AuditEvent.objects.filter(action="education.import").exists()


def test_missing_columns_and_hostile_files_are_refused(kabkota_officer: Any, viewer: Any) -> None:
    with pytest.raises(spreadsheet.ImportFailed) as missing:
        spreadsheet.import_activities(kabkota_officer, xlsx(row()[:3], header=HEADER[:3]), "x.xlsx", today=TODAY)
    assert {e.column for e in missing.value.errors} >= {"kode_wilayah", "kelompok_sasaran"}
    with pytest.raises(spreadsheet.ImportFailed) as old_excel:
        spreadsheet.import_activities(kabkota_officer, b"\xd0\xcf\x11\xe0" + b"\0" * 64, "x.xls", today=TODAY)
    assert old_excel.value.errors[0].row == 0
    with pytest.raises(Denied):
        spreadsheet.import_activities(viewer, xlsx(row()), "x.xlsx", today=TODAY)


def test_the_export_neutralises_formulas_and_imports_again(kabkota_officer: Any) -> None:
    services.create_activity(kabkota_officer, activity(title='=HYPERLINK("http://x","klik")'), today=TODAY)
    activities = list(Activity.objects.all())
    text = spreadsheet.export_csv(activities).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and text.splitlines()[0].startswith("judul,tanggal_mulai")
    sheet = load_workbook(io.BytesIO(spreadsheet.export_xlsx(activities))).active
    cell = sheet["A2"]
    assert cell.value == '=HYPERLINK("http://x","klik")' and cell.data_type == "s"
    again = spreadsheet.import_activities(kabkota_officer, spreadsheet.export_xlsx(activities), "x.xlsx",
                                          today=TODAY)  # fmt: skip
    copy = Activity.objects.get(pk=again.created[0])
    assert copy.title == activities[0].title and copy.group_codes == activities[0].group_codes


def test_cli_import_and_export(kabkota_officer: Any, tmp_path: Path) -> None:
    good = tmp_path / "kegiatan.xlsx"
    good.write_bytes(xlsx(row(tanggal_mulai="2026-11-02")))
    out = StringIO()
    call_command("education", "import", str(good), "--user", kabkota_officer.username, "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["ok"] and result["created"] == 1 and len(result["ids"]) == 1
    bad = tmp_path / "salah.xlsx"
    bad.write_bytes(xlsx(row(peserta_jumlah=-1)))
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("education", "import", str(bad), "--user", kabkota_officer.username, "--json", stdout=out)
    assert refused.value.returncode == 1
    assert json.loads(out.getvalue())["errors"] == [
        {"row": 2, "column": "peserta_jumlah", "message": "Give a whole number from 0 to 1000000."}]  # fmt: skip
    with pytest.raises(CommandError) as unknown:
        call_command("education", "import", str(good), "--user", "nobody")
    assert unknown.value.returncode == 2
    target = tmp_path / "keluar.csv"
    out = StringIO()
    call_command("education", "export", "-o", str(target), "--json", stdout=out)
    assert json.loads(out.getvalue())["activities"] == 1 and json.loads(out.getvalue())["format"] == "csv"
    assert target.read_text(encoding="utf-8-sig").count("\n") == 2
