"""Bulk import of incidents from CSV/XLSX (issue 6): read, check every row, then write all or nothing.

Every problem is reported with its row (as the spreadsheet shows it: the header is row 1) and its column (by
the header as the file writes it); if there is one, nothing is written but the ImportRun that says why. A
clean file is written in one transaction with one audit event for the batch (job id, counts, checksum).
Web page, API and CLI all call `import_file`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter, range_boundaries

from waspada.core.permissions import has_permission
from waspada.incidents import refcache
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.intake.cells import region_code
from waspada.incidents.intake.columns import HeaderMatch, columns_for, match_headers
from waspada.incidents.intake.rows import Prepared, RowBuilder
from waspada.incidents.intake.spreadsheet import FileUnreadable, Table, read_incident_table
from waspada.incidents.intake.writer import StoredMeanwhile, stored_duplicates, write_run
from waspada.incidents.models import ImportKind, ImportRun, ImportStatus

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000  # per file on the web and the API (a request); the CLI allows more
ERRORS_KEPT = 1000  # stored with the run; the count keeps the full number
PROGRESS_EVERY = 250
Progress = Callable[[str, int, int], None]  # (phase "check" | "write", done, total)


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet shows it (header = 1); 0 = the file as a whole
    column: str  # the header as the file writes it; "" for the whole file
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


def error_field(error: dict[str, Any]) -> str:
    """ "row 7, tanggal" for an API client or a log line."""
    if not error.get("row"):
        return str(error.get("column") or _("file"))
    return _("row %(row)d, %(column)s") % {"row": error["row"], "column": error.get("column") or _("file")}


@dataclass
class ImportOutcome:
    run: ImportRun
    errors: list[RowError]  # every problem (the run keeps the first ERRORS_KEPT)

    @property
    def committed(self) -> bool:
        return self.run.status == ImportStatus.COMMITTED


def _finish(run: ImportRun, status: str, errors: list[RowError]) -> ImportOutcome:
    run.status, run.error_count, run.rows_created, run.finished_at = status, len(errors), 0, timezone.now()
    run.errors = [error.as_dict() for error in errors[:ERRORS_KEPT]]
    run.pk, run._state.adding = None, True  # a rolled-back write may have given it an id
    run.save(force_insert=True)
    return ImportOutcome(run, errors)


def _header_errors(table: Table, match: HeaderMatch) -> list[RowError]:
    errors = [RowError(1, column, message) for column, message in match.problems]
    for ref in table.merged:
        min_col, min_row, _max_col, _max_row = range_boundaries(ref)
        header = table.header[min_col - 1] if min_col - 1 < len(table.header) else None
        column = str(header).strip() if header not in (None, "") else get_column_letter(min_col)
        errors.append(RowError(min_row, column, _("Cells %(range)s are merged: unmerge them and fill in every cell.")
                               % {"range": ref}))  # fmt: skip
    return errors


def _prefetch_regions(table: Table, match: HeaderMatch) -> None:
    """One query for every region the file names, so the per-row checks find them in the cache."""
    index = match.index.get("region")
    if index is None:
        return
    codes = {region_code(values[index]) for _row, values in table.rows if index < len(values)}
    refcache.regions(sorted(code for code in codes if code))


def check_rows(
    builder: RowBuilder, table: Table, columns: Any, progress: Progress | None
) -> tuple[list[Prepared], list[RowError]]:
    """Every row checked; duplicates inside the file and against stored incidents found."""
    prepared: list[Prepared] = []
    errors: list[RowError] = []
    order = {
        key: position for position, key in enumerate(sorted(builder.match.index, key=lambda k: builder.match.index[k]))
    }
    first_of: dict[tuple[Any, ...], int] = {}
    known = {column.key for column in columns}
    total = len(table.rows)
    for done, (number, values) in enumerate(table.rows, start=1):
        result = builder.build(number, values)
        if isinstance(result, Prepared):
            earlier = first_of.setdefault(result.key, number)
            if earlier != number:
                errors.append(RowError(number, builder.match.name("title", columns),
                                       _("Row %(row)d repeats row %(first)d (same date, kab/kota, type and title).")
                                       % {"row": number, "first": earlier}))  # fmt: skip
            else:
                prepared.append(result)
        else:
            for key in sorted(result, key=lambda k: order.get(k, len(order))):
                errors.append(RowError(number, builder.match.name(key, columns) if key in known else key, result[key]))
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress("check", done, total)
    errors += _stored_errors(stored_duplicates(prepared, builder.writer.user), builder.match.name("title", columns))
    return prepared, errors


def _stored_errors(found: dict[int, int], title_column: str) -> list[RowError]:
    return [RowError(row, title_column, _("Already stored as incident #%(id)d (same date, kab/kota, type and "
                                          "title).") % {"id": incident_id})
            for row, incident_id in sorted(found.items())]  # fmt: skip


def import_file(user: Any, content: bytes, file_name: str, kind: str = ImportKind.INCIDENTS, *,
                request: HttpRequest | None = None, progress: Progress | None = None,
                max_rows: int = MAX_ROWS, limits: dict[str, Any] | None = None) -> ImportOutcome:  # fmt: skip
    """Check the whole file and write every row or none. Raises Denied/Invalid for the caller's mistakes (no
    permission, unknown kind); everything wrong with the file comes back as a refused run with its errors,
    a hostile file too (too big unpacked, too many rows counting blank ones, a cell too long, too slow to
    read, XML with a DOCTYPE: `waspada.core.spreadsheets.upload`). `limits` overrides the reader's bounds
    from settings (UploadLimits fields; the command line reads longer)."""
    if not has_permission(user, "incidents.import"):
        raise Denied({"request": _("Your role cannot import incidents.")})
    if kind not in ImportKind.values:
        raise Invalid({"kind": _("Choose one of: %(choices)s.") % {"choices": ", ".join(ImportKind.values)}})
    writer = Writer.of(user, request)  # the scope every row is checked against, worked out once
    run = ImportRun(kind=kind, file_name=(file_name or "upload")[-200:], file_format="",
                    file_sha256=hashlib.sha256(content).hexdigest(), file_size=len(content),
                    office_code=writer.scope.region_code or "", created_by=user, job_id=uuid.uuid4().hex)  # fmt: skip
    if len(content) > MAX_BYTES:
        return _finish(run, ImportStatus.REJECTED, [RowError(0, "", _("The file is larger than %(mb)d MB; split it.")
                                                             % {"mb": MAX_BYTES // (1024 * 1024)})])  # fmt: skip
    try:
        table = read_incident_table(content, file_name, max_rows, MAX_BYTES, **(limits or {}))
    except FileUnreadable as exc:
        return _finish(run, ImportStatus.REJECTED, [RowError(0, "", str(exc))])
    run.file_format = table.file_format
    if table.too_many:
        return _finish(run, ImportStatus.REJECTED, [RowError(0, "", _("The file has more than %(max)d rows; split "
                                                                      "it.") % {"max": max_rows})])  # fmt: skip
    columns = columns_for(kind)
    match = match_headers(kind, table.header)
    run.ignored_columns, run.rows_total = match.ignored[:100], len(table.rows)
    errors = _header_errors(table, match)
    if any(column.required and column.key not in match.index for column in columns):
        return _finish(run, ImportStatus.REJECTED, errors)  # the rows cannot be read without these columns
    if not table.rows:
        return _finish(run, ImportStatus.REJECTED, [*errors, RowError(2, "", _("The file has no rows below the "
                                                                               "header."))])  # fmt: skip
    _prefetch_regions(table, match)
    prepared, row_errors = check_rows(RowBuilder(writer, kind, match), table, columns, progress)
    errors = sorted(errors + row_errors, key=lambda error: error.row)  # stable: columns keep their order
    if errors:
        return _finish(run, ImportStatus.REJECTED, errors)
    try:
        write_run(run, prepared, user, request, progress)
    except StoredMeanwhile as meanwhile:  # another import of the same rows committed after our check
        return _finish(run, ImportStatus.REJECTED, _stored_errors(meanwhile.found, match.name("title", columns)))
    except DatabaseError as exc:
        failure = RowError(0, "", _("The database refused the import (%(error)s); nothing was written. Try again.")
                           % {"error": exc.__class__.__name__})  # fmt: skip
        return _finish(run, ImportStatus.FAILED, [failure])
    return ImportOutcome(run, [])
