"""Export pages: the user's jobs (polling while one runs), a request from the list's filters, the download."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from waspada.core.permissions import requires
from waspada.incidents.errors import IncidentError
from waspada.incidents.exports.files import file_response
from waspada.incidents.exports.filter_labels import filter_rows
from waspada.incidents.exports.filters import ALIASES, FILTER_KEYS
from waspada.incidents.exports.jobs import request_export
from waspada.incidents.exports.services import ACTIVE, job_for, jobs_for, keep_days
from waspada.incidents.models import ExportFormat

SHOWN_JOBS = 50


def _list_filters(data: dict[str, str]) -> dict[str, str]:
    """The list's filters in a query or form, under the list's names, empty ones left out."""
    filters = {}
    for key, value in data.items():
        name = ALIASES.get(key, key)
        if name in FILTER_KEYS and str(value).strip():
            filters[name] = str(value).strip()
    return filters


@requires("incidents.export")
@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    jobs = list(jobs_for(request.user)[:SHOWN_JOBS])
    for job in jobs:
        job.filter_rows = filter_rows(job.filters)  # type: ignore[attr-defined]
    context = {"jobs": jobs, "polling": any(job.status in ACTIVE for job in jobs)}
    if getattr(request, "htmx", False):
        return render(request, "incidents/exports/_jobs.html", context)
    filters = _list_filters(request.GET.dict())
    return render(request, "incidents/exports/list.html", {
        **context, "filters": filters, "filter_rows": filter_rows(filters),
        "list_query": urlencode(filters), "formats": ExportFormat.choices,
        "keep_days": keep_days(),
    })  # fmt: skip


@requires("incidents.export")
@require_POST
def export_create(request: HttpRequest) -> HttpResponse:
    filters = _list_filters(request.POST.dict())
    try:
        job = request_export(request.user, request.POST.get("format", ""), filters, language=get_language() or "id")
    except IncidentError as error:
        messages.error(request, " ".join(error.errors.values()))
        query = urlencode(filters)
        return redirect(reverse("incidents:exports") + (f"?{query}" if query else ""))
    messages.success(request, _("Export requested (%(format)s): it appears below with a download link when ready.")
                     % {"format": job.get_format_display()})  # fmt: skip
    return redirect("incidents:exports")


@requires("incidents.export")
@require_GET
def export_download(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    return file_response(job_for(request.user, pk))
