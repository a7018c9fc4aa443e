"""The downloadable templates: sheet "data" (Indonesian headers and one example row that imports as it is),
sheet "pilihan" (the allowed values, from the taxonomy tables and the model choices, with the accepted date
formats) and sheet "kolom" (each column: required or not, other accepted names, what to write). The CSV
template is the data sheet alone, UTF-8 with the BOM Excel needs to show accents."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from waspada.core.scope import Sensitivity, scope_of
from waspada.core.spreadsheets.cells import csv_writer, xlsx_row
from waspada.incidents.intake.cells import DATE_EXAMPLES
from waspada.incidents.intake.choices import labels
from waspada.incidents.intake.columns import columns_for
from waspada.incidents.models import (
    ActorType,
    EventType,
    GeoPrecision,
    ImportKind,
    Reliability,
    SeverityLevel,
    SourceKind,
    TimePrecision,
    mappings_for,
)
from waspada.regions.models import KABKOTA_LEVELS, Region

TEXT_ROWS = 2000  # rows whose region-code cells are formatted as text (32.10 must not become 32.1)
BOLD = Font(bold=True)



def _append(sheet: Any, values: list[Any]) -> None:
    """Every template cell through the one neutralising writer (labels come from files an admin may edit)."""
    sheet.append(xlsx_row(sheet, values))

def example_region(user: Any) -> str:
    """A kab/kota the user may import into, so the example row imports as it is."""
    code = scope_of(user).region_code
    rows = Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).order_by("code")
    if code and code.count(".") >= 1:
        return code[:5]
    if code:
        rows = rows.filter(province_code=code)
    preferred = rows.filter(code="32.73").values_list("code", flat=True).first()
    return preferred or rows.values_list("code", flat=True).first() or "32.73"


def example(kind: str, user: Any) -> dict[str, Any]:
    region = example_region(user)
    if kind == ImportKind.EVENTS:
        return {"occurred_on": dt.date(2019, 4, 20), "region": region, "event_type": "Riots", "dead": 0,
                "injured": 3, "source_name": "ACLED",
                "narrative": "Contoh: kericuhan massa setelah pengumuman hasil rekapitulasi suara."}  # fmt: skip
    return {
        "occurred_on": dt.date(2024, 2, 14), "occurred_time": "10:30", "time_precision": "day", "region": region,
        "event_type": "violence_clash", "event_subtype": "supporter_clash",
        "title": "Contoh: bentrok pendukung di depan TPS 12",
        "narrative": "Dua kelompok pendukung saling dorong di depan TPS 12 setelah penghitungan suara.",
        "dead": 0, "injured": 2, "people_involved": 40, "severity": 3, "sensitivity": "inter_agency",
        "source_kind": "field_officer", "source_name": "Petugas Kesbangpol", "source_reliability": "B",
        "actor1_type": "supporters", "actor1_name": "Pendukung pasangan A", "actor2_type": "supporters",
        "actor2_name": "Pendukung pasangan B",
    }  # fmt: skip


def _section(sheet: Any, title: str, header: list[str], rows: list[list[Any]]) -> None:
    _append(sheet, [])
    _append(sheet, [title])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    _append(sheet, header)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for row in rows:
        _append(sheet, row)


def _choices(enum: type[TextChoices]) -> list[list[Any]]:
    return [[choice.value, labels(choice, "id"), labels(choice, "en")] for choice in enum]


def _allowed_values(book: Workbook, kind: str) -> None:
    sheet = book.create_sheet("pilihan")
    _append(sheet, [_("Allowed values: write the code (first column) or the label.")])
    sheet.cell(row=1, column=1).font = BOLD
    code_label = [_("code"), _("label (Indonesian)"), _("label (English)")]
    type_rows = []
    for event_type in EventType.objects.prefetch_related("subtypes"):
        for sub in [None, *event_type.subtypes.all()]:
            found = mappings_for(event_type, sub)
            type_rows.append([event_type.code, sub.code if sub else "", (sub or event_type).label_id,
                              (sub or event_type).label_en, found["snpk_category"] or "",
                              found["acled_event_type"] or "", found["acled_sub_event_type"] or ""])  # fmt: skip
    _section(
        sheet,
        _("Event types and sub-types"),
        [
            _("type code"),
            _("sub-type code"),
            _("label (Indonesian)"),
            _("label (English)"),
            _("SNPK category"),
            _("ACLED event type"),
            _("ACLED sub-event type"),
        ],
        type_rows,
    )
    if kind == ImportKind.EVENTS:
        _append(sheet, [_("The type column also takes an ACLED event or sub-event type or an SNPK category; it is read "
                        "back through the mappings above. An SNPK category shared by several types means "
                        "violence_clash (SNPK records violent incidents only).")])  # fmt: skip
        _append(sheet, [_("Severity, when empty: 3 or more dead -> 5; 1-2 dead or 10 or more injured -> 4; 1-9 "
                        "injured -> 3; otherwise 1; never below the type's default severity.")])  # fmt: skip
    rubric = [[row.level, row.label_id, row.label_en, "; ".join(row.criteria)] for row in SeverityLevel.objects.all()]
    _section(sheet, _("Severity (1-5)"), [_("level"), _("label (Indonesian)"), _("label (English)"), _("criteria")],
             rubric)  # fmt: skip
    for title, enum in ((_("Sensitivity"), Sensitivity), (_("Time precision"), TimePrecision),
                        (_("Location precision"), GeoPrecision), (_("Source kinds"), SourceKind),
                        (_("Source reliability"), Reliability)):  # fmt: skip
        _section(sheet, title, code_label, _choices(enum))
    if kind == ImportKind.INCIDENTS:
        actors = [[row.code, row.label_id, row.label_en] for row in ActorType.objects.all()]
        _section(sheet, _("Actor types"), code_label, actors)
    _section(sheet, _("Date formats accepted (day first)"), [_("example")], [[example] for example in DATE_EXAMPLES]
             + [[_("a date cell")]])  # fmt: skip
    for column, width in zip("ABCDEFG", (24, 26, 40, 40, 28, 26, 30), strict=True):
        sheet.column_dimensions[column].width = width


def _column_notes(book: Workbook, kind: str) -> None:
    sheet = book.create_sheet("kolom")
    _append(sheet, [_("column"), _("required"), _("also accepted"), _("what to write")])
    for cell in sheet[1]:
        cell.font = BOLD
    for column in columns_for(kind):
        _append(sheet, [column.header, _("yes") if column.required else _("no"), ", ".join(column.aliases),
                      str(column.description)])  # fmt: skip
    for letter, width in zip("ABCD", (22, 10, 50, 90), strict=True):
        sheet.column_dimensions[letter].width = width


def template_xlsx(kind: str, user: Any) -> bytes:
    columns = columns_for(kind)
    values = example(kind, user)
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    _append(sheet, [column.header for column in columns])
    _append(sheet, [values.get(column.key) for column in columns])
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column.header) + 4)
        if column.key == "occurred_on":
            sheet.cell(row=2, column=index).number_format = "DD/MM/YYYY"
        if column.key == "region":
            for row in sheet.iter_rows(min_row=2, max_row=TEXT_ROWS + 1, min_col=index, max_col=index):
                row[0].number_format = "@"
    _allowed_values(book, kind)
    _column_notes(book, kind)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv(kind: str, user: Any) -> bytes:
    columns = columns_for(kind)
    values = example(kind, user)
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in columns])
    cells = [values.get(column.key) for column in columns]
    writer.writerow([f"{cell:%d/%m/%Y}" if isinstance(cell, dt.date) else "" if cell is None else cell
                     for cell in cells])  # fmt: skip
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
