"""Reading an uploaded table: XLSX (first sheet) or CSV (comma, semicolon or tab; UTF-8 with or without the BOM
Excel writes, else Windows-1252), as a header row and numbered data rows.

XLSX is read with openpyxl's read-only mode: it streams rows and keeps memory flat (a 10,000-row file costs a
few MB), where the normal mode builds every cell object (several times the memory and time). Read-only mode
does not parse merged ranges, so they are taken from the sheet's XML (<mergeCell ref="A5:C5"/>, after the
cell data) in one streamed pass: merged cells must be refused because only the top-left cell keeps a value.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, or an encrypted workbook
_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?)"')
DELIMITERS = (",", ";", "\t")


class FileUnreadable(Exception):
    """The file is not a table we can read; the message says what to do."""


@dataclass
class Table:
    file_format: str  # "xlsx" | "csv"
    header: list[Any]
    rows: list[tuple[int, tuple[Any, ...]]]  # (row number as the spreadsheet shows it, values), blank rows left out
    merged: list[str] = field(default_factory=list)
    too_many: bool = False  # more data rows than the limit (rows holds the first limit + 1)


def _blank(values: tuple[Any, ...]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


Rows = list[tuple[int, tuple[Any, ...]]]


def _collect(rows: Iterator[tuple[Any, ...]], max_rows: int) -> tuple[list[Any], Rows, bool]:
    header = list(next(rows, ()) or ())
    data: Rows = []
    for number, values in enumerate(rows, start=2):
        if _blank(values):
            continue
        data.append((number, tuple(values)))
        if len(data) > max_rows:
            return header, data, True
    return header, data, False


def merged_ranges(sheet: Any) -> list[str]:
    """Merged ranges of a read-only sheet, from its XML: stream until the mergeCells block, then read that."""
    source = sheet._get_source()  # openpyxl's own handle on the sheet XML inside the archive
    try:
        tail = b""
        while chunk := source.read(1 << 20):
            data = tail + chunk
            at = data.find(b"mergeCells")
            if at >= 0:
                rest = data[max(at - 64, 0) :] + source.read()  # the block sits after the rows: small
                return [match.decode("ascii") for match in _MERGE.findall(rest)]
            tail = data[-64:]
    finally:
        source.close()
    return []


def read_xlsx(content: bytes, max_rows: int) -> Table:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise FileUnreadable(_("This XLSX file cannot be read; save it again from Excel or LibreOffice as .xlsx, "
                               "or download the template.")) from exc  # fmt: skip
    try:
        if not book.worksheets:
            raise FileUnreadable(_("The workbook has no sheet."))
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong size: read every row there is
        header, rows, too_many = _collect(sheet.iter_rows(values_only=True), max_rows)
        merged = merged_ranges(sheet)
    finally:
        book.close()
    return Table("xlsx", header, rows, merged, too_many)


def _decode(content: bytes) -> str:
    if b"\x00" in content[:4096]:
        raise FileUnreadable(_("This file is not a CSV text file; save the sheet as CSV (UTF-8) or as .xlsx."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows without UTF-8


def _delimiter(first_line: str) -> str:
    """The delimiter the header line uses most: Indonesian Excel writes ';' (the comma is its decimal mark)."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def read_csv(content: bytes, max_rows: int) -> Table:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header, rows, too_many = _collect((tuple(row) for row in reader), max_rows)
    except csv.Error as exc:
        raise FileUnreadable(_("This CSV file cannot be read (%(error)s).") % {"error": exc}) from exc
    return Table("csv", header, rows, [], too_many)


def read_table(content: bytes, file_name: str, max_rows: int) -> Table:
    """By content, not by name: a zip is an XLSX, an OLE file is an old .xls, text is CSV."""
    if content.startswith(ZIP_MAGIC):
        return read_xlsx(content, max_rows)
    if content.startswith(OLE_MAGIC) or file_name.lower().endswith((".xls", ".xlsx")):
        raise FileUnreadable(_("This is not an XLSX or CSV file (an old .xls, or a workbook with a password?): "
                               "save it as .xlsx or .csv."))  # fmt: skip
    if not content.strip():
        raise FileUnreadable(_("The file is empty."))
    return read_csv(content, max_rows)
