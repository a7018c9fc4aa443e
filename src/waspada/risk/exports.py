"""A run's scores as CSV or XLSX: the regions the user may read (selectors.scores_for), one row each with the
composite, category, rank, coverage, change and every dimension and sub-dimension score. Every cell goes through
`waspada.core.spreadsheets.cells` (no cell runs as a formula: region names come from outside data)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from waspada.core.spreadsheets.cells import csv_writer, xlsx_row
from waspada.risk import maps, selectors
from waspada.risk.models import IndexRun

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _columns(run: IndexRun, user: Any, level: str) -> tuple[list[str], list[str], list[str]]:
    """(header, dimension codes, sub-dimension codes): the headings a run's scores use, in a stable order."""
    dims = maps.dimension_codes(run)
    subs: list[str] = []
    for values in selectors.scores_for(run, user, level).values_list("subdimensions", flat=True)[:50]:
        subs += [code for code in values or {} if code not in subs]
    dim_names, sub_names, _parent = maps.headings()
    header = [_("Code"), _("Region"), _("Province code"), _("Level"), _("Index"), _("Category"), _("Rank"),
              _("Coverage (%)"), _("Change"), _("Monitoring score"), _("Incident score")]  # fmt: skip
    header += [maps.readable(code, dim_names) for code in dims]
    header += [maps.readable(code, sub_names) for code in subs]
    return header, dims, subs


def rows(run: IndexRun, user: Any, level: str) -> Iterator[list[Any]]:
    """The header, then one row per region in rank order."""
    header, dims, subs = _columns(run, user, level)
    yield header
    levels = dict(maps.LEVELS)
    for score in selectors.scores_for(run, user, level).iterator(chunk_size=1000):
        yield [score.region_id, score.region.name, score.province_code, str(levels.get(score.level, score.level)),
               score.composite, score.get_category_display() if score.category else "", score.rank,
               round(score.coverage * 100, 1), score.change, score.monitoring_score, score.incident_score,
               *[(score.dimensions or {}).get(code) for code in dims],
               *[(score.subdimensions or {}).get(code) for code in subs]]  # fmt: skip


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(run: IndexRun, user: Any, level: str) -> Iterator[str]:
    writer = csv_writer(_Echo())
    for n, row in enumerate(rows(run, user, level)):
        line = writer.writerow(["" if value is None else value for value in row])
        yield ("\ufeff" + line) if n == 0 else line  # BOM: Excel opens UTF-8 correctly


def xlsx_bytes(run: IndexRun, user: Any, level: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Index"))
    bold = Font(bold=True)
    for n, row in enumerate(rows(run, user, level)):
        sheet.append(xlsx_row(sheet, row, bold if n == 0 else None))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
