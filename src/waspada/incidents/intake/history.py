"""Import history, scoped: national roles see every run; an office sees the runs of its own region and, for a
province, of the kab/kota offices inside it (the scope rule of docs/architecture.md, Scope, applied to the office
code)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from waspada.core.scope import scope_of
from waspada.incidents.intake.importer import error_field
from waspada.incidents.models import ImportRun


def runs_for(user: Any) -> QuerySet[ImportRun]:
    scope = scope_of(user)
    runs = ImportRun.objects.select_related("created_by").order_by("-started_at", "-id")
    if scope.role is None:
        return runs.none()
    if scope.is_national:
        return runs
    code = scope.region_code or ""
    return runs.filter(Q(office_code=code) | Q(office_code__startswith=code + "."))


def run_for(user: Any, pk: int) -> ImportRun | None:
    return runs_for(user).filter(pk=pk).first()


def run_json(run: ImportRun, *, with_errors: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": run.pk, "kind": run.kind, "status": run.status, "file_name": run.file_name,
        "file_format": run.file_format, "file_sha256": run.file_sha256, "file_size": run.file_size,
        "rows_total": run.rows_total, "rows_created": run.rows_created, "error_count": run.error_count,
        "ignored_columns": run.ignored_columns, "office": run.office_code or None, "job_id": run.job_id,
        "created_by": run.created_by.get_username() if run.created_by else None,
        "started_at": run.started_at.isoformat(), "finished_at": run.finished_at.isoformat() if run.finished_at
        else None, "url": reverse("incidents:import_detail", args=[run.pk]),
    }  # fmt: skip
    if with_errors:
        data["errors"] = [{"field": error_field(error), **error} for error in run.errors]
    return data
