"""The XLSX layout: export, import it back, and refuse a workbook with any wrong row without writing anything."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from waspada.core.audit.models import AuditEvent
from waspada.elections.models import Election
from waspada.grants import selectors, spreadsheet
from waspada.grants.models import Agreement, Tranche

D = dt.date
TODAY = D(2024, 12, 10)


def _book(agreements: list[list[Any]], tranches: list[list[Any]]) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "NPHD"
    first.append(
        [
            "Pemilihan",
            "Kode Wilayah",
            "Penerima",
            "Nomor NPHD",
            "Tanggal NPHD",
            "Nilai Disepakati (Rp)",
            "Anggaran TA Sebelumnya (%)",
            "Anggaran TA Pemilihan (%)",
            "Mekanisme",
            "Kode Masalah",
        ]
    )
    for row in agreements:
        first.append(row)
    second = book.create_sheet("Tahap")
    second.append(["Pemilihan", "Kode Wilayah", "Penerima", "Tahap", "Tanggal Cair", "Jumlah Cair (Rp)"])
    for row in tranches:
        second.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [["pilkada_2024", "32.73", "KPU", "1/NPHD", D(2023, 11, 1), 62_000_000_000, 40, 60, "Bertahap", ""],
        ["pilkada_2024", "32.73", "Polri", "2/NPHD", "15/03/2024", "5.000.000.000", 40, 60, "Sekaligus",
         "pengamanan_tertinggal"]]  # fmt: skip
PAID = [["pilkada_2024", "32.73", "kpu", 1, D(2023, 11, 10), 24_800_000_000],
        ["pilkada_2024", "32.73", "polri", 1, D(2024, 4, 20), 5_000_000_000]]  # fmt: skip


def test_import_writes_agreements_tranches_and_payments(pilkada: Election, kabkota_officer: Any) -> None:
    result = spreadsheet.import_workbook(kabkota_officer, _book(GOOD, PAID), today=TODAY)
    assert result.committed, [str(e) for e in result.errors]
    assert (result.created, result.tranches, result.payments) == (2, 3, 2)
    polri = Agreement.objects.get(recipient="polri")
    assert (
        polri.mechanism == "single"
        and polri.amount_paid == 5_000_000_000
        and polri.problems == ["pengamanan_tertinggal"]
    )
    assert Tranche.objects.get(agreement=polri).due_on == D(2024, 3, 29)
    assert AuditEvent.objects.filter(action="grants.import").count() == 1
    again = spreadsheet.import_workbook(kabkota_officer, _book(GOOD, PAID), today=TODAY)
    assert (again.created, again.updated) == (0, 2)
    assert Tranche.objects.count() == 3


@pytest.mark.parametrize(("agreements", "tranches", "where"), [
    ([[*GOOD[0][:6], 70, 60, "Bertahap", ""]], [], ("NPHD", 2, "Anggaran TA Pemilihan (%)")),  # over 100%
    ([GOOD[0]], [["pilkada_2024", "32.73", "kpu", 1, D(2023, 10, 1), 1]], ("Tahap", 2, "Tanggal Cair")),  # before
    ([GOOD[0]], [["pilkada_2024", "32.73", "kpu", 2, D(2024, 6, 1), 62_000_000_001]],
     ("Tahap", 2, "Jumlah Cair (Rp)")),  # beyond the amount agreed
    ([["pilkada_2024", "35.78", "KPU", "", D(2023, 11, 1), 1_000, 40, 60, "", ""]], [], ("NPHD", 2, "Kode Wilayah")),
    ([["pilkada_2024", "32.73", "KPU", "", "kemarin", 1_000, 40, 60, "", ""]], [], ("NPHD", 2, "Tanggal NPHD")),
    ([GOOD[0], GOOD[0]], [], ("NPHD", 3, "Penerima")),
    ([GOOD[0]], [["pilkada_2024", "32.73", "tni", 1, D(2024, 1, 1), 1]], ("Tahap", 2, "Kode Wilayah")),
])  # fmt: skip
def test_one_wrong_row_refuses_the_whole_workbook(
    pilkada: Election, kabkota_officer: Any, agreements: list[Any], tranches: list[Any], where: tuple[str, int, str]
) -> None:
    result = spreadsheet.import_workbook(kabkota_officer, _book([*agreements, GOOD[1]], tranches), today=TODAY)
    assert not result.committed
    assert where in {(e.sheet, e.row, e.column) for e in result.errors}, [str(e) for e in result.errors]
    assert not Agreement.objects.exists() and not AuditEvent.objects.filter(action="grants.import").exists()


def test_a_workbook_without_the_tranche_sheet_or_not_xlsx_is_refused(pilkada: Election, kabkota_officer: Any) -> None:
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    result = spreadsheet.import_workbook(kabkota_officer, buffer.getvalue(), today=TODAY)
    assert {e.sheet for e in result.errors} == {"NPHD", "Tahap"}
    assert not spreadsheet.import_workbook(kabkota_officer, b"Pemilihan;Kode\n", today=TODAY).committed


def test_the_export_imports_back_unchanged(pilkada: Election, kabkota_officer: Any) -> None:
    assert spreadsheet.import_workbook(kabkota_officer, _book(GOOD, PAID), today=TODAY).committed
    rows = list(selectors.agreements_for(kabkota_officer).order_by("recipient"))
    content = spreadsheet.export_workbook(rows, selectors.tranches_by_agreement([a.pk for a in rows]), TODAY)
    sheets = load_workbook(io.BytesIO(content), read_only=True)
    assert sheets.sheetnames == ["NPHD", "Tahap"]
    before = sorted(Agreement.objects.values_list("recipient", "amount_agreed", "amount_paid", "signed_on"))
    result = spreadsheet.import_workbook(kabkota_officer, content, today=TODAY)
    assert result.committed and result.updated == 2, [str(e) for e in result.errors]
    assert sorted(Agreement.objects.values_list("recipient", "amount_agreed", "amount_paid", "signed_on")) == before


def test_the_command_line(pilkada: Election, kabkota_officer: Any, tmp_path: Path) -> None:
    source = tmp_path / "hibah.xlsx"
    source.write_bytes(_book(GOOD, PAID))
    out = StringIO()
    call_command("grants", "import", str(source), "--user", kabkota_officer.username, "--json", stdout=out)
    assert '"committed": true' in out.getvalue()
    target = tmp_path / "ekspor.xlsx"
    call_command("grants", "export", "-o", str(target), stdout=StringIO())
    assert load_workbook(target).sheetnames == ["NPHD", "Tahap"]
    status = StringIO()
    call_command("grants", "status", "--json", "--as-of", "2024-07-01", stdout=status)
    assert '"kpu"' in status.getvalue() and '"overdue_items": 1' in status.getvalue()
    bad = tmp_path / "salah.xlsx"
    bad.write_bytes(_book([[*GOOD[0][:6], 70, 60, "Bertahap", ""]], []))
    with pytest.raises(CommandError) as failed:
        call_command("grants", "import", str(bad), "--user", kabkota_officer.username, stdout=StringIO())
    assert failed.value.returncode == 1
    with pytest.raises(CommandError) as usage:
        call_command("grants", "status", "--as-of", "kemarin", stdout=StringIO())
    assert usage.value.returncode == 2
