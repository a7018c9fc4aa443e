"""File writers: rows in, one file out, streamed (nothing holds more than one chunk of rows).

CSV: RFC 4180, comma, UTF-8 with a byte-order mark (Excel then reads Indonesian text correctly; pandas, R
and QGIS skip it), ONE header row of the stable column codes, so every script and GIS tool reads it with no
options and numbers stay numbers. Labels in the user's language are in the XLSX, which is the file for
people: in an Indonesian-locale Excel a comma CSV does not split into columns anyway.
XLSX: openpyxl write-only; row 1 the codes (grey), row 2 the labels (bold), both frozen, an autofilter on
the labels; a "Filter" sheet (what was exported, by whom, when, in which scope); past a sheet's row limit
the rows continue on further sheets. Scripts read it with `pandas.read_excel(path, skiprows=[1])`.
Every CSV and XLSX cell goes through `waspada.core.spreadsheets.cells`: text a spreadsheet would run as a
formula (=HYPERLINK(...) in a title) is written as text: in CSV with a leading apostrophe, in XLSX as a
quote-prefixed string cell.
GeoJSON: a FeatureCollection written feature by feature, properties named by the column codes; a row
without a point gets its kab/kota's centroid and `geometry_source` says which it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from waspada.core.spreadsheets.cells import csv_writer, xlsx_cell, xlsx_row
from waspada.incidents.exports.columns import BOOL_COLUMNS, CODES, INDEX, LIST_COLUMNS

EXCEL_MAX_ROWS = 1_048_576
LIST_SEPARATOR = ";"


@dataclass
class ExportInfo:
    """What a writer needs besides the rows: column labels, sheet names, and the summary, filled before close:
    (code, label in the user's language, value) for the Filter sheet and GeoJSON's "waspada" member."""

    labels: list[str]
    sheet_title: str = "Incidents"
    summary_title: str = "Filter"
    summary: list[tuple[str, str, Any]] = field(default_factory=list)
    centroid: Callable[[str | None], tuple[float, float] | None] = lambda code: None


def _flat(row: list[Any]) -> list[Any]:
    """Lists joined, booleans as true/false: the cells of CSV and XLSX."""
    for position in LIST_COLUMNS:
        row[position] = LIST_SEPARATOR.join(row[position])
    for position in BOOL_COLUMNS:
        value = row[position]
        if value is not None:
            row[position] = "true" if value else "false"
    return row


class CsvWriter:
    extension, content_type = "csv", "text/csv; charset=utf-8"

    def __init__(self, path: Path, info: ExportInfo) -> None:
        self.file: TextIO = path.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv_writer(self.file)
        self.writer.writerow(CODES)

    def write(self, rows: Iterable[list[Any]]) -> None:
        self.writer.writerows(_flat(row) for row in rows)

    def close(self) -> None:
        self.file.close()


class XlsxWriter:
    extension, content_type = "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    HEADER_ROWS = 2
    rows_per_sheet = EXCEL_MAX_ROWS - HEADER_ROWS

    def __init__(self, path: Path, info: ExportInfo) -> None:
        self.path, self.info = path, info
        self.book = Workbook(write_only=True)
        self.sheet = self._data_sheet(info.sheet_title)
        self.summary = self.book.create_sheet(info.summary_title[:31])  # the second sheet, filled at close
        self.summary.column_dimensions["A"].width = 28
        self.summary.column_dimensions["B"].width = 80
        self.sheets, self.in_sheet = 1, 0

    def _data_sheet(self, title: str) -> WriteOnlyWorksheet:
        sheet = self.book.create_sheet(title[:31])
        sheet.freeze_panes = f"A{self.HEADER_ROWS + 1}"
        last = get_column_letter(len(CODES))
        sheet.auto_filter.ref = f"A{self.HEADER_ROWS}:{last}{self.HEADER_ROWS}"
        for position, code in enumerate(CODES, start=1):
            wide = code in ("title", "narrative")
            sheet.column_dimensions[get_column_letter(position)].width = 40 if wide else max(10, len(code) + 2)
        grey, bold = Font(color="808080", size=9), Font(bold=True)
        sheet.append([self._cell(sheet, code, grey) for code in CODES])
        sheet.append([self._cell(sheet, label, bold) for label in self.info.labels])
        return sheet

    @staticmethod
    def _cell(sheet: WriteOnlyWorksheet, value: Any, font: Font) -> Cell:
        return xlsx_cell(sheet, value, font)

    def write(self, rows: Iterable[list[Any]]) -> None:
        for row in rows:
            if self.in_sheet >= self.rows_per_sheet:
                self.sheets += 1
                self.sheet = self._data_sheet(f"{self.info.sheet_title[:27]} {self.sheets}")
                self.in_sheet = 0
            self.sheet.append(xlsx_row(self.sheet, _flat(row)))
            self.in_sheet += 1

    def close(self) -> None:
        bold = Font(bold=True)
        for _code, label, value in self.info.summary:
            if isinstance(value, dict):  # the active filters: one line each
                value = "; ".join(f"{key} = {item}" for key, item in value.items()) or "-"
            self.summary.append([self._cell(self.summary, label, bold), *xlsx_row(self.summary, [value])])
        self.book.save(self.path)


def _json_default(value: Any) -> Any:
    isoformat = getattr(value, "isoformat", None)
    if isoformat is not None:
        return isoformat()
    return str(value)


class GeoJsonWriter:
    extension, content_type = "geojson", "application/geo+json"
    _LAT, _LNG, _KABKOTA = INDEX["latitude"], INDEX["longitude"], INDEX["kabkota_code"]

    def __init__(self, path: Path, info: ExportInfo) -> None:
        self.info = info
        self.file: TextIO = path.open("w", encoding="utf-8")
        self.file.write('{"type":"FeatureCollection","features":[\n')
        self.first = True
        self.encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_json_default).encode

    def _geometry(self, row: list[Any]) -> tuple[dict[str, Any] | None, str | None]:
        lat, lng = row[self._LAT], row[self._LNG]
        if lat is not None and lng is not None:
            return {"type": "Point", "coordinates": [lng, lat]}, "point"
        centre = self.info.centroid(row[self._KABKOTA])
        if centre is not None:
            return {"type": "Point", "coordinates": [centre[1], centre[0]]}, "kabkota_centroid"
        return None, None

    def write(self, rows: Iterable[list[Any]]) -> None:
        out = []
        for row in rows:
            geometry, source = self._geometry(row)
            properties = dict(zip(CODES, row, strict=True))
            properties["geometry_source"] = source
            feature = {"type": "Feature", "id": row[0], "geometry": geometry, "properties": properties}
            out.append(("" if self.first else ",\n") + self.encode(feature))
            self.first = False
        self.file.write("".join(out))

    def close(self) -> None:
        # A foreign member (RFC 7946 §6.1) after the features: what was exported, known only at the end.
        summary = {code: value for code, _label, value in self.info.summary}
        self.file.write('\n],"waspada":' + self.encode(summary) + "}\n")
        self.file.close()


Writer = CsvWriter | XlsxWriter | GeoJsonWriter
WRITERS: dict[str, type[Writer]] = {"csv": CsvWriter, "xlsx": XlsxWriter, "geojson": GeoJsonWriter}
