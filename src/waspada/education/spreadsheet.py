"""Activities in and out of spreadsheets: the import template, the all-or-nothing import (XLSX or CSV through
core's bounded reader, every row checked before anything is written, errors by row number and column) and the
XLSX/CSV export (every cell through core's formula-neutralising writer).

The columns have Indonesian headers (COLUMNS); header case and spaces do not matter. Types, forms and target
groups may be given by code or by label in either language; several target groups are separated by ";". The
export writes the same columns (labels in the reader's language), so an exported file imports again."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from waspada.core.audit import record_batch
from waspada.core.spreadsheets.cells import csv_writer, xlsx_row
from waspada.core.spreadsheets.upload import UploadLimits, UploadRefused, read_table
from waspada.education import services
from waspada.education.inputs import ActivityInput
from waspada.education.models import Activity
from waspada.education.validation import check
from waspada.education.vocabulary import vocabulary
from waspada.regions.models import Region

# header -> ActivityInput field, in the template's order
COLUMNS = {
    "judul": "title", "tanggal_mulai": "start_date", "tanggal_selesai": "end_date", "kode_wilayah": "region",
    "penyelenggara": "organiser", "jenis_kegiatan": "activity_type", "bentuk_fasilitasi": "facilitation_form",
    "kelompok_sasaran": "target_groups", "peserta_laki_laki": "participants_male",
    "peserta_perempuan": "participants_female", "peserta_jumlah": "participants_total", "mitra": "partners",
    "anggaran_rp": "budget_idr", "materi": "materials", "catatan_hasil": "outcome_notes",
}  # fmt: skip
HEADER_OF = {name: header for header, name in COLUMNS.items()}
REQUIRED = ("judul", "tanggal_mulai", "kode_wilayah", "penyelenggara", "jenis_kegiatan", "bentuk_fasilitasi",
            "kelompok_sasaran")  # fmt: skip
EXPORT_EXTRA = ("id", "nama_wilayah", "dicatat_oleh", "dicatat_pada")
DATE_FIELDS = ("start_date", "end_date")
NUMBER_FIELDS = ("participants_male", "participants_female", "participants_total", "budget_idr")
CODE_FIELDS = {"activity_type": "activity_types", "facilitation_form": "facilitation_forms"}
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DIGITS_GROUPED = re.compile(r"^-?\d{1,3}(?:[.,]\d{3})+$")  # 1.500 or 15.000.000 (Indonesian thousands)


@dataclass
class RowError:
    row: int  # the row number as the spreadsheet shows it (header = 1); 0 for the file itself
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return f"{self.column}: {self.message}"
        return _("Row %(row)d, %(column)s: %(message)s") % {"row": self.row, "column": self.column,
                                                            "message": self.message}  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportFailed(Exception):  # noqa: N818 - an outcome the user reads
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(error) for error in errors[:5]))
        self.errors = errors


@dataclass
class ImportResult:
    rows: int
    created: list[int] = field(default_factory=list)  # the new activities' ids, in row order

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "created": len(self.created), "ids": self.created}


# --- Template ------------------------------------------------------------------------------------------------


def template_workbook() -> bytes:
    """The import template: the header, one example row, and a sheet of the codes and labels."""
    book = Workbook()
    sheet = book.active
    sheet.title = "kegiatan"
    sheet.append(xlsx_row(sheet, list(COLUMNS), Font(bold=True)))
    sheet.append(xlsx_row(sheet, [
        "Sosialisasi pemilih pemula SMA se-Kota Bandung", dt.date(2026, 11, 10), dt.date(2026, 11, 10), "32.73",
        "Badan Kesbangpol Kota Bandung", "law_socialisation", "coordination", "first_time_voters; students", 120,
        140, 260, "KPU Kota Bandung; Bawaslu Kota Bandung", 15000000, "Hak dan kewajiban pemilih, hoaks pemilu",
        "Peserta memahami cara mengecek DPT daring.",
    ]))  # fmt: skip
    for column in sheet.iter_cols(min_col=1, max_col=len(COLUMNS), min_row=1, max_row=1):
        sheet.column_dimensions[column[0].column_letter].width = 22
    for row in sheet.iter_rows(min_row=2, max_row=MAX_ROWS + 1, min_col=4, max_col=4):
        row[0].number_format = "@"  # region codes are text: 32.10 must not become 32.1
    terms = vocabulary()
    codes = book.create_sheet("kode")
    codes.append(xlsx_row(codes, ["kolom", "kode", "label_id", "label_en"], Font(bold=True)))
    for header, kind in (("jenis_kegiatan", "activity_types"), ("bentuk_fasilitasi", "facilitation_forms"),
                         ("kelompok_sasaran", "target_groups")):  # fmt: skip
        for term in terms.terms(kind):
            codes.append(xlsx_row(codes, [header, term.code, term.label_id, term.label_en]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Reading cells -------------------------------------------------------------------------------------------


def _header(value: Any) -> str:
    return re.sub(r"[\s-]+", "_", str(value or "").strip().lower())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _region_code(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"  # a kab/kota code typed as a number: 32.1 was 32.10
    return _text(value)


def _date(value: Any) -> dt.date | None | str:
    """A date, None for an empty cell, or the reason it is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]) if re.match(r"^\d{4}-\d{2}-\d{2}", text) else _dmy(text)
    except ValueError:
        return _("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY).") % {"value": text}


def _dmy(text: str) -> dt.date:
    match = _DMY.match(text)
    if match is None:
        raise ValueError(text)
    day, month, year = (int(part) for part in match.groups())
    return dt.date(year, month, day)


def _number(value: Any) -> int | None | str:
    """A whole number, None for an empty cell, or the reason it is not one ("Rp 15.000.000" is fifteen million)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return _("“%(value)s” is not a whole number.") % {"value": value}
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else _("“%(value)s” is not a whole number.") % {"value": value}
    text = re.sub(r"^rp\.?\s*", "", str(value).strip(), flags=re.IGNORECASE).replace(" ", "")
    if _DIGITS_GROUPED.match(text):
        text = text.replace(".", "").replace(",", "")
    try:
        return int(text)
    except ValueError:
        return _("“%(value)s” is not a whole number.") % {"value": str(value).strip()}


def _groups(value: Any) -> tuple[list[str], str | None]:
    """Target-group codes of a cell ("pemilih pemula; women"), and the first part no code or label matches."""
    terms = vocabulary()
    codes: list[str] = []
    for part in (piece.strip() for piece in re.split(r"[;\n]", _text(value))):
        if not part:
            continue
        code = terms.lookup("target_groups", part)
        if code is None and "," in part:  # codes separated by commas ("women, students")
            found = [terms.lookup("target_groups", piece) for piece in part.split(",") if piece.strip()]
            if all(found):
                codes.extend(str(c) for c in found)
                continue
        if code is None:
            return codes, part
        codes.append(code)
    return list(dict.fromkeys(codes)), None


def _row_input(record: dict[str, Any], number: int, errors: list[RowError]) -> ActivityInput:
    """The typed input of one row; cells that cannot be read are row errors (the rest is checked by validation)."""
    values: dict[str, Any] = {}
    for header, name in COLUMNS.items():
        cell = record.get(header)
        parsed: Any
        if name in DATE_FIELDS:
            parsed = _date(cell)
        elif name in NUMBER_FIELDS:
            parsed = _number(cell)
        elif name == "region":
            parsed = _region_code(cell)
        elif name == "target_groups":
            codes, unknown = _groups(cell)
            parsed = codes
            if unknown is not None:
                parsed = _("“%(value)s” is not a target group (see the sheet “kode” of the template).") % {
                    "value": unknown}  # fmt: skip
        elif name in CODE_FIELDS:
            text = _text(cell)
            parsed = (vocabulary().lookup(CODE_FIELDS[name], text) or text) if text else ""
        else:
            parsed = _text(cell)
        if isinstance(parsed, str) and (name in DATE_FIELDS or name in NUMBER_FIELDS or name == "target_groups"):
            errors.append(RowError(number, header, parsed))
            parsed = [] if name == "target_groups" else None
        values[name] = parsed
    return ActivityInput(**values)


def read_rows(content: bytes, file_name: str, limits: UploadLimits) -> list[tuple[int, dict[str, Any]]]:
    try:
        table = read_table(content, file_name, limits)
    except UploadRefused as refused:
        raise ImportFailed([RowError(0, _("file"), str(refused))]) from refused
    header = [_header(cell) for cell in table.header]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ImportFailed([RowError(1, column, _("This column is missing; use the template's header row."))
                            for column in missing])  # fmt: skip
    if table.too_many:
        raise ImportFailed([RowError(table.rows[-1][0], _("file"), _("At most %(max)d rows per file.")
                                     % {"max": limits.max_rows})])  # fmt: skip
    rows = []
    for number, values in table.rows:
        record = {name: values[index] if index < len(values) else None
                  for index, name in enumerate(header) if name in COLUMNS}  # fmt: skip
        rows.append((number, record))
    return rows


def import_activities(user: Any, content: bytes, file_name: str, *, request: HttpRequest | None = None,
                      limits: UploadLimits | None = None, today: dt.date | None = None,
                      progress: Callable[[list[Any]], Iterable[Any]] = iter) -> ImportResult:  # fmt: skip
    """Check every row, then write every activity or none, with ONE audit event for the batch."""
    services.require_record(user)
    limits = limits or UploadLimits.from_settings(max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    rows = read_rows(content, file_name, limits)
    if not rows:
        raise ImportFailed([RowError(2, _("file"), _("The file has no rows below the header."))])
    today = today or timezone.localdate()
    errors: list[RowError] = []
    inputs = [(number, _row_input(record, number, errors)) for number, record in rows]
    codes = {data.region.strip() for _number, data in inputs if data.region}
    regions = Region.objects.filter(code__in=codes, is_active=True).in_bulk()
    failed_cells = {(error.row, error.column) for error in errors}
    activities: list[Activity] = []
    groups: dict[int, list[str]] = {}
    for number, data in progress(inputs):  # the command line shows a bar over the checks
        problems, region = check(user, data, today, regions)
        for name, message in problems.items():
            header = HEADER_OF.get(name, name)
            if (number, header) not in failed_cells:  # a cell that could not be read is reported once
                errors.append(RowError(number, header, message))
        if not problems and region is not None:
            groups[len(activities)] = data.target_groups
            activities.append(services.build(user, data, region))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row, list(COLUMNS).index(e.column)
                                                          if e.column in COLUMNS else -1)))  # fmt: skip
    with transaction.atomic():
        created = services.insert(activities, groups)
        scope = str(getattr(user, "scope_region_id", "") or "")
        details = {"file": file_name[-200:], "first_id": created[0].pk, "last_id": created[-1].pk}
        record_batch(user, "education.import", object_type="education.activity", job_id=uuid.uuid4().hex,
                     counts={"rows": len(rows), "created": len(created)}, checksum=hashlib.sha256(content).hexdigest(),
                     request=request, region_code=scope, details=details)  # fmt: skip
    return ImportResult(len(rows), [activity.pk for activity in created])


# --- Export --------------------------------------------------------------------------------------------------


def _export_values(activity: Activity) -> list[Any]:
    terms = vocabulary()
    return [
        activity.title, activity.start_date, activity.end_date, activity.region_id, activity.organiser,
        terms.label("activity_types", activity.activity_type),
        terms.label("facilitation_forms", activity.facilitation_form),
        "; ".join(terms.label("target_groups", code) for code in activity.group_codes),
        activity.participants_male, activity.participants_female, activity.participants_total, activity.partners,
        activity.budget_idr, activity.materials, activity.outcome_notes, activity.pk, activity.region.name,
        activity.created_by.username if activity.created_by else "",
        timezone.localtime(activity.created_at).replace(tzinfo=None),
    ]  # fmt: skip


def export_header() -> list[str]:
    return [*COLUMNS, *EXPORT_EXTRA]


def export_rows(activities: Iterable[Activity]) -> Iterator[list[Any]]:
    for activity in activities:
        yield _export_values(activity)


def export_xlsx(activities: Iterable[Activity]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("kegiatan")
    sheet.append(xlsx_row(sheet, export_header(), Font(bold=True)))
    for values in export_rows(activities):
        sheet.append(xlsx_row(sheet, values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_csv(activities: Iterable[Activity]) -> bytes:
    text = io.StringIO()
    writer = csv_writer(text, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(export_header())
    for values in export_rows(activities):
        writer.writerow(["" if value is None else value for value in values])
    return text.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 CSV correctly only with the BOM
