"""The one place every CSV or XLSX cell Waspada writes goes through, so no written cell runs as a formula.

Spreadsheet programs treat a cell whose text starts with = + - @ (also the full-width ＝ ＋ － ＠ some input
methods type) or with a tab or carriage return as a formula, in CSV and XLSX alike (OWASP "CSV injection"):
a title imported as =HYPERLINK("http://…"&A1,"Klik") would otherwise come out of an export as a live link
that sends the neighbouring cells away. Text starting so is written:

- in CSV with a leading apostrophe ('=HYPERLINK(…)), which Excel and LibreOffice show as text;
- in XLSX as an explicit string cell (data_type "s") marked quotePrefix, the flag Excel itself stores when
  a user types '=…: the text stays exactly what was stored and is shown, and kept on editing, as text.

Numbers, dates and booleans are written as they are (a real negative number stays a number).

    writer = csv_writer(file)            # a csv.writer whose rows are neutralised
    sheet.append(xlsx_row(sheet, row))   # write-only or normal openpyxl sheets
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import Cell
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet program would run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell: formula-like text gets a leading apostrophe, everything else is unchanged."""
    return "'" + value if is_formula_like(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(value) for value in values]


class SafeCsvWriter:
    """csv.writer with every row neutralised; `writerow` returns what the file's write returned (a line when
    the file is an echo object, as in a streamed response)."""

    def __init__(self, file: Any, **options: Any) -> None:
        self._writer = csv.writer(file, **options)

    def writerow(self, values: Iterable[Any]) -> Any:
        return self._writer.writerow(csv_row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        self._writer.writerows(csv_row(values) for values in rows)


def csv_writer(file: Any, **options: Any) -> SafeCsvWriter:
    """The CSV writer every export and template uses (takes csv.writer's options)."""
    return SafeCsvWriter(file, **options)


def xlsx_cell(sheet: Any, value: Any, font: Font | None = None) -> Cell:
    """One openpyxl cell of `sheet` (write-only or normal): formula-like text as a quote-prefixed string cell."""
    cell = Cell(sheet, row=1, column=1, value=value)  # append() places it
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl made it "f" on seeing the "="
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def xlsx_row(sheet: Any, values: Iterable[Any], font: Font | None = None) -> list[Any]:
    """A row for `sheet.append`: plain values where nothing can run (cheap), cells where something could, or
    every cell when a font is given."""
    if font is not None:
        return [xlsx_cell(sheet, value, font) for value in values]
    return [xlsx_cell(sheet, value) if is_formula_like(value) else value for value in values]
