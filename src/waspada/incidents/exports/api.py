"""/api/v1/incidents/exports: request an export (202, a background job), list and read your jobs, fetch the file.
Only the job's own user sees a job; everyone else gets 404."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja import Status as Answer
from pydantic import Field

from waspada.core.api.auth import api_auth
from waspada.core.api.errors import not_found
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import Out, PageParams, choice, page_of, refusals
from waspada.incidents.exports.files import file_response
from waspada.incidents.exports.jobs import request_export
from waspada.incidents.exports.services import job_for, jobs_for
from waspada.incidents.models import ExportFormat, ExportJob, ExportStatus

router = Router()
AUTH = api_auth("incidents.export")


FormatName = choice(ExportFormat.values)
StatusName = choice(ExportStatus.values)


class ExportIn(Schema):
    format: FormatName  # type: ignore[valid-type]
    filters: dict[str, Any] = Field({}, description="The incident list's filters (GET /incidents), by name; an "
                                    "unknown name or a bad value is 422 naming it.")  # fmt: skip


class ExportQueuedOut(Out):
    id: uuid.UUID
    status: StatusName  # type: ignore[valid-type]
    url: str


class ExportJobOut(Out):
    id: uuid.UUID
    format: FormatName  # type: ignore[valid-type]
    filters: dict[str, Any]
    status: StatusName  # type: ignore[valid-type]
    row_count: int | None
    size: int | None
    error: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    url: str
    download_url: str | None = Field(description="Set when the file is ready.")


_FILE = {"type": "string", "format": "binary"}
FILE_ANSWER = {"responses": {200: {"description": "The file (CSV, XLSX or GeoJSON, as requested)", "content": {
    "text/csv": {"schema": _FILE}, "application/geo+json": {"schema": _FILE},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": _FILE}}}}}  # fmt: skip


def job_json(job: ExportJob) -> dict[str, Any]:
    done = job.status == ExportStatus.DONE and bool(job.file)
    return {
        "id": str(job.pk), "format": job.format, "filters": job.filters, "status": job.status,
        "row_count": job.row_count, "size": job.size, "error": job.error or None,
        "created_at": job.created_at, "started_at": job.started_at, "finished_at": job.finished_at,
        "url": reverse("api:incident_export", kwargs={"job_id": job.pk}),
        "download_url": reverse("api:incident_export_file", kwargs={"job_id": job.pk}) if done else None,
    }  # fmt: skip


@router.post("", summary="Export the incident list with its filters (CSV, XLSX or GeoJSON) as a background job",
             auth=AUTH, response={202: ExportQueuedOut, **refusals(400, 413, 422, 429)},
             url_name="incident_exports")  # fmt: skip
def create_export(request: HttpRequest, payload: ExportIn, response: HttpResponse) -> Answer:
    job = request_export(request.user, payload.format, payload.filters, language=get_language() or "id",
                         strict=True)  # fmt: skip
    url = reverse("api:incident_export", kwargs={"job_id": job.pk})
    response["Location"] = url
    return Answer(202, {"id": str(job.pk), "status": job.status, "url": url})


@router.get("", summary="Your exports, newest first", auth=AUTH,
            response={200: page_of(ExportJobOut), **refusals(422)})  # fmt: skip
def list_exports(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    return paginate(request, jobs_for(request.user), params.page, params.page_size, job_json)


def _job(request: HttpRequest, job_id: uuid.UUID) -> ExportJob:
    job = job_for(request.user, job_id)
    if job is None:
        raise not_found(_("No export %(id)s of yours.") % {"id": job_id})
    return job


@router.get("/{job_id}", summary="One export: status, rows, size, download URL when done", auth=AUTH,
            response={200: ExportJobOut, **refusals(404, 422)}, url_name="incident_export")  # fmt: skip
def get_export(request: HttpRequest, job_id: uuid.UUID) -> dict[str, Any]:
    return job_json(_job(request, job_id))


@router.get("/{job_id}/file", summary="The exported file (when done)", auth=AUTH, url_name="incident_export_file",
            response=refusals(404, 422), openapi_extra=FILE_ANSWER)  # fmt: skip
def get_export_file(request: HttpRequest, job_id: uuid.UUID) -> FileResponse:
    job = _job(request, job_id)
    if job.status != ExportStatus.DONE:
        raise not_found(_("Export %(id)s is not ready (%(status)s).") % {"id": job_id, "status": job.status})
    return file_response(job)  # a file removed meanwhile: Http404, which the API answers as 404 with its text
