"""Reading an uploaded table (XLSX or CSV) within bounds: the one safe reader every app's import uses.

An XLSX is a zip of XML: a 442 KB file can hold 50 million empty rows, one cell can hold hundreds of MB, and
XML can declare entities (external files, "billion laughs"). So before any cell is read the archive is
checked: members, the sum of their uncompressed sizes, the ratio of each large member, and every XML part is
streamed once looking for a DOCTYPE or ENTITY declaration (refused outright), a text run longer than a cell may
be, more rows than allowed, a row of more tags than its columns allow, and (worksheets) a row number or a cell
column beyond the bounds: the cell reader, calamine (Rust, python-calamine), allocates the rectangle from A1 to
the last cell at once, so these bounds are what keep its memory small. It expands no entity and follows no
external reference. Then the first worksheet's rows are read, counting every row including blank ones (and the
gaps a sheet's row numbers skip) against the row limit, bounding columns and cell length, and checking a
wall-clock deadline while iterating. CSV is bounded the same way (bytes, rows including blank ones, cell length,
deadline). Any bound crossed raises `UploadRefused` with a message, in the user's language, naming the limit;
nothing has been written by then.

How to call it (elections, accounts, incidents):

    from waspada.core.spreadsheets.upload import UploadLimits, UploadRefused, read_table

    limits = UploadLimits.from_settings(max_rows=5000, max_bytes=2 * 1024 * 1024)
    try:
        table = read_table(content, file_name, limits)        # or formats=("xlsx",) for XLSX only
    except UploadRefused as refused:
        ...  # str(refused) is the message; refused.limit the bound ("rows", "uncompressed", "doctype", ...)
    table.header                # the first row's values
    for number, values in table.rows:  # (row number as the sheet shows it, values); blank rows left out
        ...
    table.too_many              # more non-blank data rows than limits.max_rows (rows holds max_rows + 1)

The defaults come from settings (WASPADA_UPLOAD_*; docs/intake.md lists them); a caller overrides what is its
own (rows, bytes, a longer deadline for a command-line import).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, or an encrypted workbook
DELIMITERS = (",", ";", "\t")
MB = 1024 * 1024
CHUNK = 1 << 20
RATIO_FROM = MB  # members smaller than this may compress as well as they like
_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?)"')
_DECLARATIONS = [b"<!DOCTYPE", b"<!ENTITY"]
# The same declarations in UTF-16 (either byte order): XML may be stored in it.
_DECLARATION = re.compile(
    b"|".join(re.escape(text) for word in _DECLARATIONS for text in
              (word, word.decode().encode("utf-16-le"), word.decode().encode("utf-16-be"))),
    re.IGNORECASE,
)  # fmt: skip
_XML_PART = (".xml", ".rels", ".vml")
# "<" outside the alternation: a literal first character lets the regex engine skip to each "<" (twice as fast).
_ROW_EDGE = re.compile(rb"<(?:(?:[A-Za-z_][\w.-]*:)?row\b|(/(?:[A-Za-z_][\w.-]*:)?sheetData>))")
_WORKSHEETS = "xl/worksheets/"
_ROW_NUMBER = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr=["']\s*(\d+)""")
_CELL_COLUMN = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\sr=["']\s*\$?([A-Za-z]+)""")
TAGS_PER_CELL = 16  # generous: a plain cell has 2 to 6 "<", inline rich text a few more
_QUOTED = re.compile(r'"[^"]*"')  # a quoted CSV field (a doubled quote inside splits it in two: both removed)


class UploadRefused(Exception):  # noqa: N818 - an outcome the user reads, not a fault
    """The upload is refused; str() is the message for the user, `limit` names the bound or problem."""

    def __init__(self, message: str, limit: str = "unreadable") -> None:
        super().__init__(message)
        self.limit = limit


def _setting(name: str, default: float) -> Any:
    return getattr(settings, name, default)


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 20 * MB  # the upload itself
    max_rows: int = 20_000  # non-blank data rows below the header
    blank_rows: int = 1_000  # blank rows allowed on top: every row read counts against max_rows + blank_rows
    max_columns: int = 500
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_uncompressed_bytes: int = 100 * MB  # XLSX: the sum of every member's uncompressed size
    max_ratio: int = 500  # XLSX: uncompressed / compressed, for members of 1 MB or more
    max_members: int = 500  # XLSX: files inside the archive
    max_seconds: float = 30.0  # wall clock for reading, checked while iterating

    @classmethod
    def from_settings(cls, **overrides: Any) -> UploadLimits:
        limits = cls(
            max_bytes=int(_setting("WASPADA_UPLOAD_MAX_BYTES", cls.max_bytes)),
            max_rows=int(_setting("WASPADA_UPLOAD_MAX_ROWS", cls.max_rows)),
            blank_rows=int(_setting("WASPADA_UPLOAD_BLANK_ROWS", cls.blank_rows)),
            max_columns=int(_setting("WASPADA_UPLOAD_MAX_COLUMNS", cls.max_columns)),
            max_cell_chars=int(_setting("WASPADA_UPLOAD_MAX_CELL_CHARS", cls.max_cell_chars)),
            max_uncompressed_bytes=int(_setting("WASPADA_UPLOAD_MAX_UNCOMPRESSED_BYTES", cls.max_uncompressed_bytes)),
            max_ratio=int(_setting("WASPADA_UPLOAD_MAX_RATIO", cls.max_ratio)),
            max_members=int(_setting("WASPADA_UPLOAD_MAX_MEMBERS", cls.max_members)),
            max_seconds=float(_setting("WASPADA_UPLOAD_MAX_SECONDS", cls.max_seconds)),
        )
        return replace(limits, **overrides)

    @property
    def max_rows_read(self) -> int:
        return self.max_rows + self.blank_rows


@dataclass
class Table:
    file_format: str  # "xlsx" | "csv"
    header: list[Any]
    rows: list[tuple[int, tuple[Any, ...]]]  # (row number as the spreadsheet shows it, values), blank rows left out
    merged: list[str] = field(default_factory=list)  # XLSX merged ranges ("A5:C5")
    too_many: bool = False  # more data rows than max_rows (rows holds the first max_rows + 1)


Rows = list[tuple[int, tuple[Any, ...]]]


def _mb(size: int) -> str:
    return f"{size / MB:.0f}" if size >= MB else f"{size / MB:.2f}"


class _Guard:
    """The bounds checked while reading: the deadline, rows read, columns and cell length."""

    def __init__(self, limits: UploadLimits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.max_seconds

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise UploadRefused(_("Reading the file took longer than %(seconds)d seconds; split it into smaller "
                                  "files.") % {"seconds": self.limits.max_seconds}, "seconds")  # fmt: skip

    def too_many_rows(self) -> UploadRefused:
        return UploadRefused(_("The file has more than %(max)d rows (blank rows count too); delete the empty rows "
                               "below the data or split the file.") % {"max": self.limits.max_rows_read},
                             "rows")  # fmt: skip

    def check_row(self, number: int, values: tuple[Any, ...]) -> None:
        limits = self.limits
        if len(values) > limits.max_columns:
            last = max((i for i, value in enumerate(values) if value not in (None, "")), default=-1)
            if last >= limits.max_columns:
                raise self.too_many_columns(number)
        for value in values:
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise self.cell_too_long(number)

    def too_many_columns(self, number: int) -> UploadRefused:
        return UploadRefused(_("Row %(row)d has more than %(max)d columns; keep only the columns of the template.")
                             % {"row": number, "max": self.limits.max_columns}, "columns")  # fmt: skip

    def cell_too_long(self, number: int | None = None) -> UploadRefused:
        if number is None:
            return UploadRefused(_("A cell holds more than %(max)d characters; shorten it.")
                                 % {"max": self.limits.max_cell_chars}, "cell")  # fmt: skip
        return UploadRefused(_("A cell of row %(row)d holds more than %(max)d characters; shorten it.")
                             % {"row": number, "max": self.limits.max_cell_chars}, "cell")  # fmt: skip


def _blank(values: tuple[Any, ...]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _collect(rows: Iterator[tuple[Any, ...]], guard: _Guard) -> tuple[list[Any], Rows, bool]:
    """Header and non-blank data rows; every row read (blank or not) counts against the row bound."""
    limits = guard.limits
    first = next(rows, ())
    guard.check_row(1, tuple(first or ()))
    header = list(first or ())
    data: Rows = []
    for number, values in enumerate(rows, start=2):
        if number % 256 == 0:
            guard.tick()
        if number - 1 > limits.max_rows_read:
            raise guard.too_many_rows()
        if _blank(values):
            continue
        guard.check_row(number, values)
        data.append((number, tuple(values)))
        if len(data) > limits.max_rows:
            return header, data, True
    guard.tick()
    return header, data, False


# --- XLSX ---------------------------------------------------------------------------------------------------


def _unreadable_xlsx() -> UploadRefused:
    return UploadRefused(_("This XLSX file cannot be read; save it again from Excel or LibreOffice as .xlsx, "
                           "or download the template."))  # fmt: skip


def _doctype() -> UploadRefused:
    return UploadRefused(_("The file contains an XML document type or entity declaration (DOCTYPE/ENTITY), which "
                           "Excel never writes; save the sheet again from Excel or LibreOffice as .xlsx."),
                         "doctype")  # fmt: skip


class _RowShape:
    """Rows and tags per row of a sheet part, counted while it streams: the cell reader builds whole rows (every
    cell of them) before the reader sees a row, so a row of millions of cells must be refused first.
    Tags ("<") between one row start and the next bound the cells of a row: a cell is 2 to 8 tags."""

    def __init__(self, guard: _Guard) -> None:
        self.guard = guard
        self.most_tags = guard.limits.max_columns * TAGS_PER_CELL + 64
        self.rows = 0
        self.last_start = -1  # absolute offset of the last row start (or the end of the rows) counted
        self.tags_at_row: int | None = None  # tags before that row start; None outside the rows
        self.tags_before = 0  # "<" in the stream before the current data
        self.data_start = 0  # absolute offset of the current data

    def feed(self, data: bytes) -> None:
        tags, counted = self.tags_before, 0  # "<" before data[counted:], counted as the matches go (linear)
        for match in _ROW_EDGE.finditer(data):
            at = self.data_start + match.start()
            if at <= self.last_start:
                continue  # seen in the previous data's overlap
            self.last_start = at
            tags += data.count(b"<", counted, match.start())
            counted = match.start()
            if self.tags_at_row is not None and tags - self.tags_at_row > self.most_tags:
                raise self.guard.too_many_columns(self.rows)
            if match.group(1):  # </sheetData>: no more rows
                self.tags_at_row = None
                continue
            self.rows += 1
            if self.rows > self.guard.limits.max_rows_read + 1:
                raise self.guard.too_many_rows()
            self.tags_at_row = tags

    def keep(self, data: bytes, cut: int) -> None:
        """The data from `cut` on is carried into the next round."""
        self.tags_before += data.count(b"<", 0, cut)
        self.data_start += cut


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _check_references(data: bytes, guard: _Guard) -> None:
    """A worksheet's row numbers and cell columns within the bounds. The cell reader (calamine) allocates the
    whole rectangle from A1 to the last cell it finds before handing over a row, so one cell at XFD1048576 would
    be billions of cells: refused here, as the row-by-row reader refused the rows and columns it would yield."""
    limits = guard.limits
    for number in _ROW_NUMBER.findall(data):
        if len(number) > 9 or int(number) > limits.max_rows_read + 1:
            raise guard.too_many_rows()
    for letters in set(_CELL_COLUMN.findall(data)):
        if len(letters) > 3 or _column_number(letters) > limits.max_columns:
            raise guard.too_many_columns(1)


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, guard: _Guard, long_run: re.Pattern[bytes]) -> int:
    """Stream one XML part: refuse a DOCTYPE/ENTITY declaration, a text run longer than a cell may be, more rows
    than the limit, a row of more tags than its columns allow, and (worksheets) a row number or cell column
    beyond the bounds. Returns the bytes it really holds (a member's stated size is only what its header claims)."""
    size, tail = 0, b""
    shape = _RowShape(guard)
    worksheet = info.filename.lower().startswith(_WORKSHEETS)
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            guard.tick()
            size += len(chunk)
            data = tail + chunk
            # Every declaration starts "<!" (UTF-8) or "<\0!" (UTF-16, either order): a plain find of those skips
            # the case-insensitive search in the usual part that holds neither.
            if (b"<!" in data or b"<\x00!" in data) and _DECLARATION.search(data):
                raise _doctype()
            if long_run.search(data):
                raise guard.cell_too_long()
            shape.feed(data)
            if worksheet:
                _check_references(data, guard)  # a tag cut by the chunk's end is whole in the next round
            # Keep the open run since the last "<" (shorter than a long run, or it was found) and at least the
            # last 64 bytes: a declaration, a row tag or a long run may cross the chunk boundary.
            cut = min(max(data.rfind(b"<"), 0), max(len(data) - 64, 0))
            shape.keep(data, cut)
            tail = data[cut:]
    return size


def check_archive(content: bytes, limits: UploadLimits, guard: _Guard | None = None) -> None:
    """The archive-level bounds of an XLSX, before any XML is parsed. Raises UploadRefused."""
    guard = guard or _Guard(limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _unreadable_xlsx() from exc
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise UploadRefused(_("The XLSX file holds more than %(max)d parts; save the sheet alone as a new "
                                  ".xlsx.") % {"max": limits.max_members}, "members")  # fmt: skip
        too_big = UploadRefused(_("Unpacked, the XLSX file is larger than %(mb)s MB; split it into smaller files.")
                                % {"mb": _mb(limits.max_uncompressed_bytes)}, "uncompressed")  # fmt: skip
        if sum(info.file_size for info in members) > limits.max_uncompressed_bytes:
            raise too_big
        for info in members:
            if info.file_size >= RATIO_FROM and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise UploadRefused(_("The XLSX file unpacks to more than %(ratio)d times its size (a "
                                      "compressed bomb?); save it again from Excel or LibreOffice.")
                                    % {"ratio": limits.max_ratio}, "ratio")  # fmt: skip
        # A text node is the run between one "<" and the next; escaped or multi-byte text is longer in bytes.
        # The look-behind lets a match start only where a run starts: without it the search restarts at every
        # byte of a run just under the bound, quadratic (a 1 MB part of such runs took 100 s).
        long_run = re.compile(rb"(?<![^<])[^<]{%d}" % (limits.max_cell_chars * 4 + 64))
        total = 0
        try:
            for info in members:
                if info.filename.lower().endswith(_XML_PART):
                    total += _scan_part(archive, info, guard, long_run)
                    if total > limits.max_uncompressed_bytes:
                        raise too_big
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise _unreadable_xlsx() from exc  # a bad CRC, a member larger than it says, encryption


def _cell(value: Any) -> Any:
    """A cell as the row-by-row reader gave it: an empty cell None, a whole number an int (Excel stores every
    number as a float), a date cell a datetime."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def _sheet_rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a calamine sheet from row 1 and column A (calamine starts its columns at the first used one),
    each ending at its last value as the row-by-row reader gave them (a blank row is empty)."""
    pad = (None,) * sheet.start[1] if sheet.start else ()
    for values in sheet.iter_rows():
        row = pad + tuple(map(_cell, values))
        end = len(row)
        while end and row[end - 1] is None:
            end -= 1
        yield row if end == len(row) else row[:end]


def _cell_name(row: int, column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _merged(sheet: Any) -> list[str]:
    """Merged ranges ("A5:C5"); merged cells keep a value only in their top-left cell."""
    return [f"{_cell_name(*first)}:{_cell_name(*last)}" for first, last in sheet.merged_cell_ranges or ()]


def _worksheets(content: bytes, guard: _Guard) -> Iterator[tuple[str, Any]]:
    """(name, calamine sheet) of every worksheet in order (chart sheets skipped), after the archive checks.
    Calamine (Rust) reads the cells: the pre-checks bound what it allocates; it expands no entity and follows no
    external reference. Any error it raises (a panic included) is an unreadable file."""
    check_archive(content, guard.limits, guard)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except PasswordError as exc:
        raise UploadRefused(_("This is not an XLSX or CSV file (an old .xls, or a workbook with a password?): "
                              "save it as .xlsx or .csv."), "password") from exc  # fmt: skip
    except BaseException as exc:  # noqa: BLE001 - pyo3's PanicException is a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise _unreadable_xlsx() from exc
    try:
        for number, meta in enumerate(book.sheets_metadata):
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            guard.tick()
            try:
                sheet = book.get_sheet_by_index(number)
            except BaseException as exc:  # noqa: BLE001 - as above
                if isinstance(exc, KeyboardInterrupt | SystemExit):
                    raise
                raise _unreadable_xlsx() from exc
            yield str(meta.name), sheet
    finally:
        book.close()


def read_xlsx(content: bytes, limits: UploadLimits) -> Table:
    guard = _Guard(limits)
    for _name, sheet in _worksheets(content, guard):
        header, rows, too_many = _collect(_sheet_rows(sheet), guard)
        return Table("xlsx", header, rows, _merged(sheet), too_many)
    raise UploadRefused(_("The workbook has no sheet."))


def read_xlsx_sheets(content: bytes, limits: UploadLimits) -> dict[str, Table]:
    """Every sheet of an XLSX by its name, each bounded as `read_xlsx` bounds the first (one deadline for all), for
    imports whose layout has more than one sheet (grants: agreements and tranches). Raises UploadRefused."""
    if len(content) > limits.max_bytes:
        raise UploadRefused(_("The file is larger than %(mb)s MB; split it.") % {"mb": _mb(limits.max_bytes)},
                            "bytes")  # fmt: skip
    if not content.startswith(ZIP_MAGIC):
        raise _unreadable_xlsx()
    guard = _Guard(limits)
    tables: dict[str, Table] = {}
    for name, sheet in _worksheets(content, guard):
        header, rows, too_many = _collect(_sheet_rows(sheet), guard)
        tables[name] = Table("xlsx", header, rows, [], too_many)
    return tables


# --- CSV ----------------------------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    if b"\x00" in content[:4096]:
        raise UploadRefused(_("This file is not a CSV text file; save the sheet as CSV (UTF-8) or as .xlsx."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows without UTF-8


def _delimiter(first_line: str) -> str:
    """The delimiter the header line uses most: Indonesian Excel writes ';' (the comma is its decimal mark)."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _csv_records(reader: Iterator[list[str]], guard: _Guard) -> Iterator[tuple[Any, ...]]:
    try:
        for record in reader:
            yield tuple(record)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise guard.cell_too_long() from exc
        raise UploadRefused(_("This CSV file cannot be read (%(error)s).") % {"error": exc}) from exc


def _lines(text: str, delimiter: str, guard: _Guard) -> Iterator[str]:
    """The lines for csv.reader, a line of more delimiters (outside quotes) than columns allowed refused before
    it is split: a line of millions of commas would be a list of millions of cells (blank, so never checked)."""
    most = guard.limits.max_columns
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line.count(delimiter) >= most and _QUOTED.sub("", line).count(delimiter) >= most:
            raise guard.too_many_columns(number)
        yield line


def read_csv(content: bytes, limits: UploadLimits) -> Table:
    guard = _Guard(limits)
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    reader = csv.reader(_lines(text, delimiter, guard), delimiter=delimiter)
    header, rows, too_many = _collect(_csv_records(reader, guard), guard)
    return Table("csv", header, rows, [], too_many)


def read_table(content: bytes, file_name: str, limits: UploadLimits | None = None, *,
               formats: tuple[str, ...] = ("xlsx", "csv")) -> Table:  # fmt: skip
    """By content, not by name: a zip is an XLSX, an OLE file is an old .xls, text is CSV. Raises UploadRefused."""
    limits = limits or UploadLimits.from_settings()
    if len(content) > limits.max_bytes:
        raise UploadRefused(_("The file is larger than %(mb)s MB; split it.") % {"mb": _mb(limits.max_bytes)},
                            "bytes")  # fmt: skip
    if content.startswith(ZIP_MAGIC) and "xlsx" in formats:
        return read_xlsx(content, limits)
    if content.startswith(OLE_MAGIC) or file_name.lower().endswith((".xls", ".xlsx")):
        raise UploadRefused(_("This is not an XLSX or CSV file (an old .xls, or a workbook with a password?): "
                              "save it as .xlsx or .csv."))  # fmt: skip
    if "csv" not in formats:
        raise _unreadable_xlsx()
    if not content.strip():
        raise UploadRefused(_("The file is empty."))
    return read_csv(content, limits)
