"""Writing a checked import: every row in one transaction with bulk inserts (incidents, stage links, actors,
sources, first transitions, row links), the run itself, and one audit event for the batch.

The check against stored incidents runs twice: before the write (with the other checks, so a refused file costs
no lock) and again inside the write transaction, under a lock every import takes, so two imports of the same
file at the same moment cannot both pass it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.audit import record_batch
from waspada.incidents.access import readable
from waspada.incidents.intake.rows import DuplicateKey, Prepared
from waspada.incidents.models import (
    ImportKind,
    ImportRun,
    ImportStatus,
    Incident,
    IncidentActor,
    IncidentSource,
    IncidentStage,
    Transition,
)
from waspada.incidents.models.imports import ImportedRow
from waspada.nlp.text import norm_key


def stored_duplicates(prepared: list[Prepared], user: Any) -> dict[int, int]:
    """Row number -> id of a stored incident with the same date, kab/kota, type and title, among the incidents
    the importing user reads in full (`access.readable`). Incidents it sees only redacted (restricted reports
    of another office) or not at all are not compared: a refusal, or its wording, would tell the importer
    that a hidden report has this title (issue 15: titles could be guessed row by row). Such a repeat is
    imported; the owning office, which reads both, merges them."""
    if not prepared:
        return {}
    wanted: dict[DuplicateKey, int] = {item.key: item.row for item in prepared}
    days = [item.key[0] for item in prepared]
    rows = readable(Incident.objects.all(), user).filter(
        kabkota_code__in={item.key[1] for item in prepared}, event_type_id__in={item.key[2] for item in prepared},
        occurred_on__gte=min(days), occurred_on__lte=max(days),
    ).values_list("pk", "occurred_on", "kabkota_code", "event_type_id", "title")  # fmt: skip
    found: dict[int, int] = {}
    for pk, day, kabkota, event_type, title in rows.iterator(chunk_size=5000):
        row = wanted.get((day, kabkota, event_type, norm_key(title)))
        if row is not None:
            found.setdefault(row, pk)
    return found


IMPORT_LOCK = 0x57A5_1D00  # PostgreSQL advisory lock key: one import writes at a time (SQLite: the write lock)


class StoredMeanwhile(Exception):  # noqa: N818 - an outcome, not a fault
    """Rows another import (or a report) stored between the check and the write: row number -> incident id."""

    def __init__(self, found: dict[int, int]) -> None:
        super().__init__(found)
        self.found = found


def _recheck_under_lock(prepared: list[Prepared], user: Any) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
    found = stored_duplicates(prepared, user)
    if found:
        raise StoredMeanwhile(found)


def _comment(run: ImportRun, item: Prepared, dataset: str) -> str:
    if run.kind == ImportKind.EVENTS:
        return _("Historical record of %(dataset)s, imported from %(file)s (import #%(run)d, row %(row)d).") % {
            "dataset": dataset, "file": run.file_name, "run": run.pk, "row": item.row}  # fmt: skip
    return _("Imported from %(file)s (import #%(run)d, row %(row)d).") % {"file": run.file_name, "run": run.pk,
                                                                        "row": item.row}  # fmt: skip


def write_run(run: ImportRun, prepared: list[Prepared], user: Any, request: HttpRequest | None,
              progress: Callable[[str, int, int], None] | None = None) -> None:  # fmt: skip
    creator = user if getattr(user, "is_authenticated", False) else None
    total = len(prepared)
    with transaction.atomic():
        _recheck_under_lock(prepared, user)
        run.status, run.rows_created, run.error_count = ImportStatus.COMMITTED, total, 0
        run.errors, run.finished_at = [], timezone.now()
        run.save(force_insert=True)
        Incident.objects.bulk_create([item.incident for item in prepared], batch_size=1000)
        if progress is not None:
            progress("write", total // 2, total)
        now = timezone.now()
        links, actors, sources, steps, traces = [], [], [], [], []
        for item in prepared:
            incident = item.incident
            links += [IncidentStage(incident_id=incident.pk, tag_id=tag) for tag in item.tags]
            for actor in item.actors:
                actor.incident = incident
            for source in item.sources:
                source.incident, source.created_by = incident, creator
            actors += item.actors
            sources += item.sources
            dataset = item.sources[0].name if item.sources else ""
            steps.append(
                Transition(
                    incident=incident,
                    from_status="",
                    to_status=incident.status,
                    actor=creator,
                    to_level=incident.handling_level,
                    at=now,
                    comment=_comment(run, item, dataset),
                )
            )
            traces.append(ImportedRow(run=run, row=item.row, incident=incident))
        IncidentStage.objects.bulk_create(links, batch_size=2000)
        IncidentActor.objects.bulk_create(actors, batch_size=2000)
        IncidentSource.objects.bulk_create(sources, batch_size=2000)
        Transition.objects.bulk_create(steps, batch_size=2000)
        ImportedRow.objects.bulk_create(traces, batch_size=2000)
        ids = [item.incident.pk for item in prepared]
        record_batch(
            user, "incidents.import", object_type="incidents.incident", job_id=run.job_id,
            counts={"rows": run.rows_total, "incidents": total, "sources": len(sources), "actors": len(actors),
                    "stage_links": len(links)},
            checksum=run.file_sha256, request=request, region_code=run.office_code,
            details={"import_run": run.pk, "kind": run.kind, "file": run.file_name, "format": run.file_format,
                     "first_incident": min(ids), "last_incident": max(ids)},
        )  # fmt: skip
    if progress is not None:
        progress("write", total, total)
