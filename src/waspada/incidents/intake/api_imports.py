"""/api/v1/incidents/imports: upload a CSV/XLSX (all or nothing) and read the import history.

POST answers 201 with the run when every row was written. A refused file answers 422 in the API's error
shape, each entry naming its row and column: {"detail": "...", "errors": [{"field": "row 7, tanggal",
"row": 7, "column": "tanggal", "message": "..."}], "import": {the run, as GET /imports/{id} shows it}};
"row" 0 means the file as a whole (unreadable, too big). The first 1000 errors are listed (the run keeps the
same); "import"."error_count" counts them all.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja import Status as Answer
from ninja.files import UploadedFile
from pydantic import Field

from waspada.core.api.auth import api_auth
from waspada.core.api.errors import not_found
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import ErrorOut, Out, PageParams, choice, page_of, refusals
from waspada.incidents.intake import history
from waspada.incidents.intake.importer import ERRORS_KEPT, MAX_BYTES, error_field, import_file
from waspada.incidents.models import ImportKind, ImportStatus

router = Router()


class ImportErrorOut(Out):
    field: str = Field(description='"row 7, tanggal"; the column alone (or "file") when row is 0.')
    row: int = Field(ge=0, description="0: the file as a whole.")
    column: str
    message: str


class ImportRunOut(Out):
    id: int
    kind: choice(ImportKind.values)  # type: ignore[valid-type]
    status: choice(ImportStatus.values)  # type: ignore[valid-type]
    file_name: str
    file_format: str = Field(description="csv or xlsx")
    file_sha256: str
    file_size: int = Field(ge=0)
    rows_total: int = Field(ge=0)
    rows_created: int = Field(ge=0)
    error_count: int = Field(ge=0)
    ignored_columns: list[str]
    office: str | None
    job_id: str
    created_by: str | None
    started_at: str = Field(description="ISO 8601")
    finished_at: str | None = Field(description="ISO 8601")
    url: str


class ImportDetailOut(ImportRunOut):
    errors: list[ImportErrorOut] = Field(description="The first 1000; error_count counts them all.")


class ImportRefusedOut(Out):
    detail: str
    errors: list[ImportErrorOut]
    import_: ImportRunOut = Field(alias="import")


@router.post("", summary="Import incidents or historical events from a CSV or XLSX file (all or nothing)",
             auth=api_auth("incidents.import"), by_alias=True,
             response={**refusals(413), 201: ImportRunOut, 422: ImportRefusedOut | ErrorOut})  # fmt: skip
def post_import(request: HttpRequest, file: UploadedFile = File(...),  # noqa: B008
                kind: str = Form(ImportKind.INCIDENTS, description="incidents or events")) -> Answer:  # fmt: skip
    outcome = import_file(request.user, file.read(MAX_BYTES + 1), file.name or "upload", kind, request=request)
    summary = history.run_json(outcome.run, with_errors=False)
    if outcome.committed:
        return Answer(201, summary)
    errors = [{"field": error_field(error.as_dict()), **error.as_dict()} for error in outcome.errors[:ERRORS_KEPT]]
    detail = _("%(file)s was refused: %(count)d problems, nothing was imported.") % {
        "file": outcome.run.file_name, "count": len(outcome.errors)}  # fmt: skip
    return Answer(422, {"detail": detail, "errors": errors, "import": summary})


@router.get("", summary="Import history of your office (national roles: every office), newest first",
            auth=api_auth("incidents.import"), response={200: page_of(ImportRunOut), **refusals(422)})  # fmt: skip
def list_imports(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    return paginate(request, history.runs_for(request.user), params.page, params.page_size, history.run_json)


@router.get("/{import_id}", summary="One import with its errors (the first 1000; error_count has them all)",
            auth=api_auth("incidents.import"), response={200: ImportDetailOut, **refusals(404, 422)})  # fmt: skip
def get_import(request: HttpRequest, import_id: int) -> dict[str, Any]:
    run = history.run_for(request.user, import_id)
    if run is None:
        raise not_found(_("No import %(id)s for your office.") % {"id": import_id})
    return history.run_json(run, with_errors=True)
