"""Running an export job (the worker calls `run_export`), the jobs a user sees, and the cleanup of old files.

The worker re-reads the user and runs the list's own query, `incidents_for(user, filters)`, so scope,
sensitivity and redaction are the list's. Rows are read as tuples (`values_list`) through a chunked cursor
and written chunk by chunk: the process holds one chunk of rows, whatever the export's size. Labels come
from lookups loaded once, stage tags and source kinds from two queries per chunk.

Files: written to a temporary file first, then saved through Django's default storage under
`exports/<year>/<month>/<job id>.<ext>` (any storage backend works, and a failed export leaves no
half-written file where a download could find it). The checksum is the SHA-256 of the stored bytes.
Old jobs and their files go after WASPADA_EXPORT_KEEP_DAYS (default 7): every export run starts with
`cleanup_exports()`, so a deployment with a worker needs no extra schedule.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waspada.core.audit import record_batch
from waspada.core.permissions import has_permission
from waspada.core.scope import Role, scope_of
from waspada.incidents import access
from waspada.incidents.errors import IncidentError
from waspada.incidents.exports.columns import COLUMNS, FIELDS, READABLE, Lookups, build_row, readable_annotation
from waspada.incidents.exports.filters import FILTER_KEYS, check_region_scope
from waspada.incidents.exports.geo import Centroids
from waspada.incidents.exports.writers import WRITERS, ExportInfo
from waspada.incidents.models import ExportJob, ExportStatus
from waspada.incidents.selectors import IncidentFilter, incidents_for
from waspada.regions.selectors import zone_of

logger = logging.getLogger(__name__)
CHUNK = 2000
ACTIVE = (ExportStatus.QUEUED, ExportStatus.RUNNING)
STALE_AFTER = dt.timedelta(hours=6)  # a million-row XLSX takes minutes, not hours


class ExportFailed(Exception):
    """A reason the user can act on (shown on the job)."""


def keep_days() -> int:
    return int(getattr(settings, "WASPADA_EXPORT_KEEP_DAYS", 7))


def jobs_for(user: Any) -> QuerySet[ExportJob]:
    """The user's own jobs, newest first: nobody sees or downloads another user's export."""
    if not getattr(user, "is_authenticated", False):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(user_id=user.pk).order_by("-created_at")


def job_for(user: Any, pk: Any) -> ExportJob | None:
    return jobs_for(user).filter(pk=pk).first()


def user_zone(user: Any) -> ZoneInfo:
    return ZoneInfo(zone_of(getattr(user, "scope_region_id", None)) or settings.TIME_ZONE)


def download_name(job: ExportJob) -> str:
    day = timezone.localtime(job.created_at, user_zone(job.user)).date()
    return f"waspada-insiden-{day.isoformat()}.{job.format}"


# ---------------------------------------------------------------------------------------------------------


def run_export(job_id: str) -> dict[str, Any]:
    """The task body: claim the job (only a queued job runs, once), write it, mark it done or failed."""
    try:
        cleanup_exports()
    except Exception:  # noqa: BLE001 - a cleanup problem must not stop today's export
        logger.exception("export cleanup failed")
    now = timezone.now()
    if not ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(status=ExportStatus.RUNNING,
                                                                                  started_at=now):  # fmt: skip
        return {"job": str(job_id), "skipped": True}
    job = ExportJob.objects.get(pk=job_id)
    try:
        return _export(job)
    except Exception as exc:
        message = str(exc) if isinstance(exc, ExportFailed) else _("The export failed (%(error)s).") % {
            "error": type(exc).__name__}  # fmt: skip
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, error=message[:2000],
                                                   finished_at=timezone.now())  # fmt: skip
        raise


def _export(job: ExportJob) -> dict[str, Any]:
    user = get_user_model().objects.filter(pk=job.user_id).first()  # now, not as it was when requested
    if user is None or not has_permission(user, "incidents.export"):
        raise ExportFailed(_("This account may no longer export incidents."))
    with translation.override(job.language or settings.LANGUAGE_CODE):
        flt = IncidentFilter.parse(job.filters)
        if flt.errors:
            raise ExportFailed("; ".join(f"{key}: {message}" for key, message in flt.errors.items()))
        try:
            check_region_scope(user, flt.region)
        except IncidentError as error:
            raise ExportFailed(" ".join(error.errors.values())) from error
        scratch = Path(tempfile.mkdtemp(prefix="waspada-export-"))
        try:
            return _write(job, user, flt, scratch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def _rows(user: Any, flt: IncidentFilter) -> Iterator[tuple[Any, ...]]:
    """(FIELDS..., readable) tuples in the list's order, streamed by a chunked cursor."""
    rows = incidents_for(user, flt).select_related(None).prefetch_related(None)
    if scope_of(user).is_national:  # national roles read every row in full: no per-row condition
        for row in rows.values_list(*FIELDS).iterator(chunk_size=CHUNK):
            yield (*row, True)
    else:
        annotated = rows.annotate(**readable_annotation(access.readable_q(user)))
        yield from annotated.values_list(*FIELDS, READABLE).iterator(chunk_size=CHUNK)


def _reading() -> contextlib.AbstractContextManager[Any]:
    """PostgreSQL streams a server-side cursor inside a transaction (outside one it would first copy the whole
    result); SQLite reads without one (a transaction here would take the write lock for the whole export)."""
    return transaction.atomic() if connection.vendor == "postgresql" else contextlib.nullcontext()


def _write(job: ExportJob, user: Any, flt: IncidentFilter, scratch: Path) -> dict[str, Any]:
    scope = scope_of(user)
    zone = user_zone(user)
    lookups = Lookups(zone, blur=scope.role == Role.VIEWER)
    info = ExportInfo(labels=[str(column.label) for column in COLUMNS], sheet_title=_("Incidents"),
                      summary_title="Filter", centroid=Centroids())  # fmt: skip
    writer_class = WRITERS[job.format]
    path = scratch / f"export.{writer_class.extension}"
    writer = writer_class(path, info)
    count = redacted = 0
    with _reading():
        stream = _rows(user, flt)
        while chunk := list(itertools.islice(stream, CHUNK)):
            ids = [row[0] for row in chunk]
            readable_ids = [row[0] for row in chunk if row[-1]]
            tags, kinds = lookups.chunk(ids, readable_ids)
            writer.write([build_row(row, bool(row[-1]), lookups, tags, kinds) for row in chunk])
            count += len(chunk)
            redacted += len(chunk) - len(readable_ids)
    info.summary = summary(job, user, flt, count, redacted, zone)
    writer.close()
    checksum, size = _digest(path)
    with path.open("rb") as handle:
        name = default_storage.save(f"exports/{job.created_at:%Y/%m}/{job.pk}.{writer_class.extension}", File(handle))
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.DONE, file=name, row_count=count, size=size,
                                                   finished_at=timezone.now(), error="")  # fmt: skip
        record_batch(user, "incidents.export", object_type="incidents.exportjob", job_id=str(job.pk),
                     counts={"rows": count, "redacted": redacted, "bytes": size}, checksum=checksum,
                     region_code=scope.region_code or "",
                     details={"format": job.format, "filters": job.filters, "file": name})  # fmt: skip
    return {"job": str(job.pk), "rows": count, "redacted": redacted, "size": size, "checksum": checksum}


def summary(job: ExportJob, user: Any, flt: IncidentFilter, count: int, redacted: int,
            zone: ZoneInfo) -> list[tuple[str, str, Any]]:  # fmt: skip
    """What the file holds: the Filter sheet of an XLSX, the "waspada" member of a GeoJSON."""
    scope = scope_of(user)
    region = getattr(user, "scope_region", None) if scope.region_code else None
    scope_text = f"{scope.region_code} {region.name}" if region is not None else _("National (every region)")
    filters = {key: job.filters[key] for key in FILTER_KEYS if key in job.filters}
    return [
        ("export", _("Export"), _("Waspada incidents")),
        ("filters", _("Filters"), filters),
        ("rows", _("Rows"), count),
        ("redacted_rows", _("Redacted rows"), redacted),
        ("exported_by", _("Exported by"), user.get_username()),
        ("role", _("Role"), str(Role(scope.role).label) if scope.role else ""),
        ("scope", _("Scope"), scope_text),
        ("exported_at", _("Exported at"), timezone.now().astimezone(zone).isoformat(timespec="seconds")),
        ("format", _("Format"), job.format),
        ("job", _("Job"), str(job.pk)),
        ("note", _("Note"), _("Informant identities are never exported. Restricted items of other offices show "
                              "only their number, date, event type and regency/city.")),
    ]  # fmt: skip


def _digest(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def cleanup_exports(days: int | None = None, *, now: dt.datetime | None = None) -> int:
    """Delete jobs requested more than `days` ago (WASPADA_EXPORT_KEEP_DAYS) and their files; mark jobs left
    running by a worker that died as failed (they would otherwise count against the user's waiting jobs)."""
    now = now or timezone.now()
    ExportJob.objects.filter(status=ExportStatus.RUNNING, started_at__lt=now - STALE_AFTER).update(
        status=ExportStatus.FAILED, finished_at=now, error=_("Interrupted: the worker stopped; request it again.")
    )
    cutoff = now - dt.timedelta(days=keep_days() if days is None else days)
    old = ExportJob.objects.filter(created_at__lt=cutoff)
    for name in old.exclude(file="").values_list("file", flat=True):
        with contextlib.suppress(OSError):
            default_storage.delete(name)
    deleted, _counts = old.delete()
    return deleted
