"""`import_history`: an outside dataset's export, as downloaded, into closed historical incidents
(docs/history.md). Web page and command line both call it.

A file that is not the export it claims to be (missing columns, a date, number or event type the dataset's
codebook does not allow) is refused whole, every problem listed, nothing written. In a well-formed export each
event is then placed (placement.py) and written, or refused on its own with a reason: outside Indonesia,
nowhere to place it, outside the importer's scope, a date in the future or before 2000, an event id the file
repeats. Events that reach only a province are kept at province level. An event id already stored for the
dataset is updated, not duplicated; one whose row did not change is left alone.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, IntegrityError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.permissions import has_permission
from waspada.core.spreadsheets.upload import UploadLimits, UploadRefused, read_table
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.intake.datasets import layouts
from waspada.incidents.intake.datasets.build import Builder, Built, Refusal
from waspada.incidents.intake.datasets.placement import Wanted, place_all
from waspada.incidents.intake.datasets.store import write_history
from waspada.incidents.intake.importer import ERRORS_KEPT, MAX_BYTES, MAX_ROWS, RowError
from waspada.incidents.models import ExternalSource, ImportKind, ImportRun, ImportStatus

Progress = Callable[[str, int, int], None]
SNPK_MISSING = (
    "SNPK's export layout could not be established from public material (of its about 100 variables only V101 "
    "area and V102 tanggal_kejadian are documented where we could read them). Re-key SNPK rows into the events "
    "template instead (kind events), which knows SNPK's categories."
)


@dataclass
class HistoryOutcome:
    run: ImportRun
    errors: list[RowError]  # the file as a whole was refused (nothing written)
    refused: list[Refusal] = field(default_factory=list)  # events not imported, each with its reason

    @property
    def committed(self) -> bool:
        return self.run.status == ImportStatus.COMMITTED

    def as_json(self) -> dict[str, Any]:
        summary = self.run.summary or {}
        return {
            "source": self.run.dataset, "status": self.run.status, "rows": self.run.rows_total,
            "placed": summary.get("placed", 0), "province_only": summary.get("province_only", 0),
            "refused": len(self.refused), "refused_reasons": summary.get("refused_reasons", {}),
            "refused_rows": [error.as_dict() for error in self.refused[:ERRORS_KEPT]], "summary": summary,
            "errors": [error.as_dict() for error in self.errors],
        }  # fmt: skip


def _finish(run: ImportRun, status: str, errors: list[RowError] | list[Refusal]) -> HistoryOutcome:
    run.status, run.error_count, run.rows_created, run.finished_at = status, len(errors), 0, timezone.now()
    run.errors = [error.as_dict() for error in errors[:ERRORS_KEPT]]
    run.pk, run._state.adding = None, True  # a rolled-back write may have given it an id
    run.save(force_insert=True)
    return HistoryOutcome(run, errors)  # type: ignore[arg-type]


def _header_error(layout: layouts.Layout, missing: list[str], header: list[Any]) -> RowError:
    message = _(
        "The file does not have the columns of the %(dataset)s export as downloaded: %(columns)s are missing."
    ) % {"dataset": layout.label, "columns": ", ".join(missing)}
    for other in layouts.LAYOUTS.values():
        if other is not layout and not other.match(header)[1]:
            message += " " + _("It has the columns of the %(dataset)s export: choose that source.") % {
                "dataset": other.label
            }
    return RowError(1, "", message)


def import_history(user: Any, content: bytes, file_name: str, source: str, *, request: HttpRequest | None = None,
                   progress: Progress | None = None, max_rows: int = MAX_ROWS,
                   limits: dict[str, Any] | None = None) -> HistoryOutcome:  # fmt: skip
    """Raises Denied (no permission) or Invalid (unknown source, or SNPK, whose layout is not established);
    everything wrong with the file comes back as a refused run."""
    if not has_permission(user, "incidents.import"):
        raise Denied({"request": _("Your role cannot import incidents.")})
    if source == ExternalSource.SNPK:
        raise Invalid({"source": SNPK_MISSING})
    if source not in layouts.LAYOUTS:
        raise Invalid({"source": _("Choose one of: %(choices)s.") % {"choices": ", ".join(layouts.LAYOUTS)}})
    layout = layouts.LAYOUTS[source]
    writer = Writer.of(user, request)
    run = ImportRun(kind=ImportKind.EVENTS, dataset=source, file_name=(file_name or "upload")[-200:], file_format="",
                    file_sha256=hashlib.sha256(content).hexdigest(), file_size=len(content),
                    office_code=writer.scope.region_code or "", created_by=user, job_id=uuid.uuid4().hex)  # fmt: skip
    if len(content) > MAX_BYTES and max_rows <= MAX_ROWS:
        return _finish(run, ImportStatus.REJECTED, [RowError(0, "", _("The file is larger than %(mb)d MB; split it.")
                                                             % {"mb": MAX_BYTES // (1024 * 1024)})])  # fmt: skip
    try:
        bounds = UploadLimits.from_settings(max_rows=max_rows, max_bytes=max(MAX_BYTES, len(content)), **(limits or {}))
        table = read_table(content, file_name, bounds)
    except UploadRefused as unreadable:
        return _finish(run, ImportStatus.REJECTED, [RowError(0, "", str(unreadable))])
    run.file_format = table.file_format
    if table.too_many:
        return _finish(run, ImportStatus.REJECTED, [RowError(0, "", _("The file has more than %(max)d rows; split "
                                                                      "it.") % {"max": max_rows})])  # fmt: skip
    index, missing, ignored = layout.match(table.header)
    run.ignored_columns, run.rows_total = ignored[:100], len(table.rows)
    if missing:
        return _finish(run, ImportStatus.REJECTED, [_header_error(layout, missing, table.header)])
    if not table.rows:
        return _finish(run, ImportStatus.REJECTED, [RowError(2, "", _("The file has no rows below the header."))])
    events, errors = _read_rows(layout, table.rows, index, progress)
    if errors:
        return _finish(run, ImportStatus.REJECTED, errors)
    refused: list[Refusal] = []
    events = _drop_repeats_and_foreign(events, refused)
    spots = place_all([Wanted(event.lat, event.lng, event.admin1, event.admin2, event.point_usable)
                       for event in events])  # fmt: skip
    builder = Builder(writer, layout, run)
    built: list[Built] = []
    for done, (event, spot) in enumerate(zip(events, spots, strict=True), start=1):
        result = builder.build(event, spot)
        if isinstance(result, Refusal):
            refused.append(result)
        else:
            built.append(result)
        if progress is not None and (done % 1000 == 0 or done == len(events)):
            progress("place", done, len(events))
    refused.sort(key=lambda error: error.row)
    run.summary = _summary(source, len(table.rows), built, refused)
    if not built:
        outcome = _finish(run, ImportStatus.REJECTED, refused or [RowError(0, "", _("The file has no rows below the "
                                                                                   "header."))])  # fmt: skip
        outcome.refused, outcome.errors = refused, []
        return outcome
    try:
        write_history(run, built, refused, builder.source, user, request, progress)
    except (IntegrityError, DatabaseError) as exc:
        failure = RowError(0, "", _("The database refused the import (%(error)s); nothing was written. Try again.")
                           % {"error": exc.__class__.__name__})  # fmt: skip
        outcome = _finish(run, ImportStatus.FAILED, [failure])
        outcome.refused = refused
        return outcome
    return HistoryOutcome(run, [], refused)


def _read_rows(layout: layouts.Layout, rows: list[tuple[int, tuple[Any, ...]]], index: dict[str, int],
               progress: Progress | None) -> tuple[list[layouts.SourceEvent], list[RowError]]:  # fmt: skip
    reader = layouts.READERS[layout.source]
    events: list[layouts.SourceEvent] = []
    errors: list[RowError] = []
    for done, (number, values) in enumerate(rows, start=1):
        row = layouts.Row(number, values, index)
        event = reader(row)
        if event is not None:
            events.append(event)
        for column, message in row.errors.items():
            errors.append(RowError(number, column, message))
        if progress is not None and (done % 1000 == 0 or done == len(rows)):
            progress("check", done, len(rows))
    return events, errors


def _drop_repeats_and_foreign(events: list[layouts.SourceEvent], refused: list[Refusal]) -> list[layouts.SourceEvent]:
    first: dict[str, int] = {}
    kept = []
    for event in events:
        earlier = first.setdefault(event.event_id, event.row)
        if earlier != event.row:
            refused.append(Refusal(event.row, event.event_id, "repeated", _("Event %(id)s repeats row %(first)d.")
                                   % {"id": event.event_id, "first": earlier}))  # fmt: skip
        elif not event.in_indonesia:
            refused.append(Refusal(event.row, event.event_id, "not_indonesia", _("Event %(id)s is not in Indonesia.")
                                   % {"id": event.event_id}))  # fmt: skip
        else:
            kept.append(event)
    return kept


def _summary(source: str, rows: int, built: list[Built], refused: list[Refusal]) -> dict[str, Any]:
    placed = sum(1 for item in built if item.spot.kabkota)
    reasons = Counter(refusal.reason for refusal in refused)
    return {
        "source": source, "rows": rows, "placed": placed, "province_only": len(built) - placed,
        "refused": len(refused), "refused_reasons": dict(sorted(reasons.items())),
        "placed_share": round(placed / rows, 4) if rows else 0.0,
        "methods": dict(sorted(Counter(item.spot.method for item in built).items())),
        "context": sum(1 for item in built if item.incident.is_context),
        "election_related": sum(1 for item in built if not item.incident.is_context),
    }  # fmt: skip
