"""The national desk browses, filters and exports audit events (national admins only)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from waspada.core.audit.chain import canonical_json, record
from waspada.core.audit.describe import action_label, actor_label, describe, object_type_label
from waspada.core.audit.models import AuditEvent
from waspada.core.audit.selectors import FILTERS, AuditFilter, filtered_events, known_values, parse_filter
from waspada.core.permissions import requires
from waspada.core.spreadsheets.cells import csv_writer, xlsx_row

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_MAX = 100_000
COLUMNS = ("seq", "created_at", "actor_name", "action", "object_type", "object_id", "object_repr", "region_code",
           "before", "after", "batch", "request_id", "ip", "hash")  # fmt: skip
# The stored fields stay as recorded (machine-readable); "description" is the event as a sentence in the
# reader's language (describe.py).
EXPORT_COLUMNS = (*COLUMNS, "description")


def _query(request: HttpRequest) -> str:
    return urlencode({name: request.GET[name] for name in FILTERS if request.GET.get(name)})


@requires("audit.view")
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    audit_filter, errors = parse_filter(request.GET)
    page = Paginator(filtered_events(audit_filter).select_related(None), PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        event.description = describe(event)  # type: ignore[attr-defined]
        event.action_label = action_label(event.action)  # type: ignore[attr-defined]
        event.actor_label = actor_label(event)  # type: ignore[attr-defined]
    known = known_values()
    context = {
        "page": page, "filter": audit_filter, "errors": errors, "query": _query(request),
        "actions": sorted(((a, action_label(a)) for a in known["actions"]), key=lambda pair: pair[1]),
        "object_types": sorted(((t, capfirst(object_type_label(t))) for t in known["object_types"]),
                               key=lambda pair: pair[1]),
    }  # fmt: skip
    return render(request, "core/audit_list.html", context)


def _row(event: AuditEvent) -> list[Any]:
    values: list[Any] = []
    for column in COLUMNS:
        value = getattr(event, column)
        if column in {"before", "after", "batch"}:
            value = "" if value is None else canonical_json(value)
        elif column == "created_at":
            value = timezone.localtime(value).isoformat(timespec="seconds")
        values.append("" if value is None else value)  # neutralised by the writers (core.spreadsheets.cells)
    values.append(describe(event))
    return values


def _export(request: HttpRequest, kind: str) -> tuple[AuditFilter, Iterator[AuditEvent]]:
    audit_filter, _ = parse_filter(request.GET)
    events = filtered_events(audit_filter)[:EXPORT_MAX]
    # Reading the trail out is itself worth a line in it.
    record(request.user, "audit.export", None, None, None, request,
           batch={"format": kind, "filter": {k: str(v) for k, v in vars(audit_filter).items() if v}})  # fmt: skip
    return audit_filter, events.iterator(chunk_size=2000)


class _Echo:
    def write(self, value: str) -> str:
        return value


@requires("audit.view")
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, events = _export(request, "csv")
    writer = csv_writer(_Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(EXPORT_COLUMNS)  # BOM: Excel opens UTF-8 correctly
        for event in events:
            yield writer.writerow(_row(event))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="waspada-audit.csv"'
    return response


@requires("audit.view")
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    _, events = _export(request, "xlsx")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("audit")
    sheet.append(xlsx_row(sheet, EXPORT_COLUMNS))
    for event in events:
        sheet.append(xlsx_row(sheet, _row(event)))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="waspada-audit.xlsx"'
    return response
