"""The register as a file for a coordination meeting (Rakor, Forkopimda): the filtered entries as CSV or XLSX, the
headers in the reader's language, formula-like text neutralised (core.spreadsheets.cells)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from waspada.alerts.models import RiskEntry
from waspada.alerts.register_choices import BAND_LABELS, band_of
from waspada.core.spreadsheets.cells import csv_writer, xlsx_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns() -> list[str]:
    return [_("No."), _("Region code"), _("Region"), _("Risk"), _("Category"), _("Likelihood (1-5)"),
            _("Impact (1-5)"), _("Rating"), _("Rating band"), _("Owner"), _("Mitigation"), _("Mitigation plan"),
            _("Status"), _("Due"), _("Outcome"), _("Alert"), _("Updated")]  # fmt: skip


def row(entry: RiskEntry) -> list[Any]:
    return [entry.pk, entry.region_id, entry.region.name, entry.risk, entry.category.label if entry.category else "",
            entry.likelihood, entry.impact, entry.rating, str(BAND_LABELS[band_of(entry.rating)]),
            entry.owner.get_username(), entry.get_mitigation_kind_display(), entry.mitigation,
            entry.get_status_display(), entry.due_on.isoformat() if entry.due_on else "", entry.outcome,
            entry.alert_id or "", entry.updated_at.date().isoformat()]  # fmt: skip


def as_csv(entries: Iterable[RiskEntry]) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns())
    for entry in entries:
        writer.writerow(row(entry))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def as_xlsx(entries: Iterable[RiskEntry]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Risk register")[:31])
    sheet.append(xlsx_row(sheet, columns(), Font(bold=True)))
    for entry in entries:
        sheet.append(xlsx_row(sheet, row(entry)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
