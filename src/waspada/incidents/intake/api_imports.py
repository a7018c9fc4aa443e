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
from ninja import File, Form, Router
from ninja import Status as Answer
from ninja.files import UploadedFile

from waspada.core.api.auth import api_auth
from waspada.core.api.errors import not_found
from waspada.core.api.pagination import DEFAULT_PAGE_SIZE, paginate
from waspada.incidents.intake import history
from waspada.incidents.intake.importer import ERRORS_KEPT, MAX_BYTES, error_field, import_file
from waspada.incidents.models import ImportKind

router = Router()


@router.post("", summary="Import incidents or historical events from a CSV or XLSX file (all or nothing)",
             auth=api_auth("incidents.import"), response={201: dict, 422: dict})  # fmt: skip
def post_import(request: HttpRequest, file: UploadedFile = File(...),  # noqa: B008
                kind: str = Form(ImportKind.INCIDENTS)) -> Answer:  # fmt: skip
    outcome = import_file(request.user, file.read(MAX_BYTES + 1), file.name or "upload", kind, request=request)
    summary = history.run_json(outcome.run, with_errors=False)
    if outcome.committed:
        return Answer(201, summary)
    errors = [{"field": error_field(error.as_dict()), **error.as_dict()} for error in outcome.errors[:ERRORS_KEPT]]
    detail = _("%(file)s was refused: %(count)d problems, nothing was imported.") % {
        "file": outcome.run.file_name, "count": len(outcome.errors)}  # fmt: skip
    return Answer(422, {"detail": detail, "errors": errors, "import": summary})


@router.get("", summary="Import history of your office (national roles: every office), newest first",
            auth=api_auth("incidents.import"))  # fmt: skip
def list_imports(request: HttpRequest, page: int = 1, page_size: int = DEFAULT_PAGE_SIZE) -> dict[str, Any]:
    return paginate(request, history.runs_for(request.user), page, page_size, history.run_json)


@router.get("/{import_id}", summary="One import with its errors (the first 1000; error_count has them all)",
            auth=api_auth("incidents.import"))  # fmt: skip
def get_import(request: HttpRequest, import_id: int) -> dict[str, Any]:
    run = history.run_for(request.user, import_id)
    if run is None:
        raise not_found(_("No import %(id)s for your office.") % {"id": import_id})
    return history.run_json(run, with_errors=True)
