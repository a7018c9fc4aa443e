"""Export requests: the filters checked (`exports.filters`), then a job row and its background task, written
together. The task (`exports.tasks`) runs the export (`exports.services`), which reads the filters module, not
this one: no import circle."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waspada.incidents.errors import IncidentError, Invalid
from waspada.incidents.exports.filters import clean_filters
from waspada.incidents.exports.tasks import export_incidents
from waspada.incidents.models import ExportFormat, ExportJob, ExportStatus

MAX_ACTIVE_JOBS = 3  # queued or running per user: a double click must not start ten million-row exports


class TooMany(IncidentError):
    status = 429

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors, detail=_("Too many exports waiting."))


def request_export(user: Any, fmt: str, raw_filters: Mapping[str, Any], *, language: str,
                   strict: bool = False) -> ExportJob:  # fmt: skip
    """Check, then write the job and enqueue its task in one transaction (the task queue is the same
    database, so a job never exists without its task, nor a task without its job)."""
    if fmt not in ExportFormat.values:
        raise Invalid({"format": _("Choose one of: %(choices)s.") % {"choices": ", ".join(ExportFormat.values)}})
    params, _flt = clean_filters(user, raw_filters, strict=strict)
    active = ExportJob.objects.filter(user=user, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]).count()
    if active >= MAX_ACTIVE_JOBS:
        raise TooMany({"request": _("You already have %(n)d exports waiting; try again when one is ready.")
                       % {"n": active}})  # fmt: skip
    with transaction.atomic():
        job = ExportJob.objects.create(user=user, format=fmt, filters=params, language=language[:8] or "id")
        result = export_incidents.enqueue(str(job.pk))
        job.task_id = str(result.id)
        job.save(update_fields=["task_id"])
    return job
