"""Writing a history import in one transaction: new events in bulk (incidents, stage links, sources, first
transitions, row links), stored events of the same dataset and id updated in bulk when their row changed, the
run with its summary, and one audit event for the batch.

New rows go in by straight INSERTs (`_insert`: one prepared statement, executemany) rather than `bulk_create`,
whose compiler spent most of the import's time turning about a million field values into SQL parameters; the
values are the ones Django would write (each field's own preparation, skipped only for a value that is already
the plain type the database takes), tests/incidents/intake/test_history_import.py compares the two.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.audit import record_batch
from waspada.core.scope import code_within, scope_of
from waspada.incidents.intake.datasets.build import Built, Refusal
from waspada.incidents.intake.importer import ERRORS_KEPT
from waspada.incidents.intake.writer import IMPORT_LOCK
from waspada.incidents.models import ImportRun, ImportStatus, Incident, IncidentSource, IncidentStage, Transition
from waspada.incidents.models.imports import ImportedRow

Progress = Callable[[str, int, int], None]
LOOKUP_CHUNK = 900  # ids per query: under SQLite's bound on query parameters on every version
INSERT_CHUNK = 2000  # rows per executemany
# Field types whose value, when it already has this Python type, is written as it is by Django on SQLite and
# PostgreSQL (get_db_prep_save returns it unchanged). Any other value or type goes through the field.
PLAIN = {
    "CharField": str, "TextField": str, "SlugField": str, "IntegerField": int, "PositiveIntegerField": int,
    "PositiveSmallIntegerField": int, "SmallIntegerField": int, "BigIntegerField": int, "AutoField": int,
    "BigAutoField": int, "BooleanField": bool, "FloatField": float,
}  # fmt: skip
# What a newer export may change of a stored event.
UPDATED_FIELDS = (
    "title", "narrative", "occurred_on", "time_precision", "region", "province_code", "kabkota_code", "place_code",
    "owner_code", "lat", "lng", "geo_precision", "placed_from_point", "location_note", "event_type", "event_subtype",
    "dead", "severity", "handling_level", "is_context", "external_record", "search_text", "election", "updated_at",
)  # fmt: skip


def _stored(source: str, ids: Sequence[str]) -> dict[str, tuple[int, str, str]]:
    """event id -> (incident id, fingerprint, place code) of the dataset's events already stored. The condition
    `external_id != ''` is the unique index's own (a partial index): without it SQLite does not use the index,
    and each chunk scans the whole incident table (PostgreSQL cannot prove it from a long IN list either)."""
    found = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), LOOKUP_CHUNK):
        rows = (Incident.objects.filter(external_source=source, external_id__in=unique[start : start + LOOKUP_CHUNK])
                .exclude(external_id="").order_by())  # fmt: skip
        for event_id, pk, digest, place in rows.values_list("external_id", "pk", "external_record__fingerprint",
                                                            "place_code"):  # fmt: skip
            found[event_id] = (pk, str(digest or ""), place)
    return found


def _preparer(field: models.Field) -> Callable[[models.Model], Any]:
    """The value Django's insert compiler would send for `field` of an object: pre_save, then get_db_prep_save."""
    kind = (field.target_field if field.is_relation else field).get_internal_type()  # type: ignore[attr-defined]
    plain = PLAIN.get(kind)
    if plain is None or type(field).pre_save is not models.Field.pre_save:
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)
    attname = field.attname

    def prepare(obj: models.Model) -> Any:
        value = getattr(obj, attname)
        return value if value is None or type(value) is plain else field.get_db_prep_save(value, connection)

    return prepare


def _insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """INSERT the objects' concrete fields but the automatic primary key; their ids are not read back."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(fields))})")  # fmt: skip
    prepare = [_preparer(field) for field in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), INSERT_CHUNK):
            chunk = objs[start : start + INSERT_CHUNK]
            cursor.executemany(sql, [tuple(value(obj) for value in prepare) for obj in chunk])


def write_history(run: ImportRun, built: list[Built], refused: list[Refusal], source: IncidentSource, user: Any,
                  request: HttpRequest | None, progress: Progress | None = None) -> None:  # fmt: skip
    """`source` is the dataset's source row, copied onto every new incident; `refused` grows by the stored events
    of another office's scope."""
    creator = user if getattr(user, "is_authenticated", False) else None
    scope = scope_of(user).region_code
    with transaction.atomic():
        if connection.vendor == "postgresql":  # one import writes at a time (SQLite: its write lock)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        stored = _stored(run.dataset, [item.incident.external_id for item in built])
        new, changed, unchanged, moved = [], [], [], []
        for item in built:
            known = stored.get(item.incident.external_id)
            if known is None:
                new.append(item)
            elif scope is not None and not code_within(known[2], scope):
                moved.append(Refusal(item.row, item.incident.external_id, "outside_scope", _(
                    "Event %(id)s is stored in %(code)s, outside your scope.") % {
                        "id": item.incident.external_id, "code": known[2]}))  # fmt: skip
            elif known[1] == item.fingerprint:
                unchanged.append(item)
            else:
                item.incident.pk = known[0]
                changed.append(item)
        refused += moved
        refused.sort(key=lambda refusal: refusal.row)
        kept = [*new, *changed, *unchanged]
        placed = sum(1 for item in kept if item.spot.kabkota)
        run.status, run.rows_created, run.error_count = ImportStatus.COMMITTED, len(new), len(refused)
        run.errors = [refusal.as_dict() for refusal in refused[:ERRORS_KEPT]]
        run.summary = {**run.summary, "placed": placed, "province_only": len(kept) - placed, "created": len(new),
                       "updated": len(changed), "unchanged": len(unchanged), "refused": len(refused),
                       "refused_reasons": dict(sorted(Counter(refusal.reason for refusal in refused).items())),
                       "placed_share": round(placed / run.rows_total, 4) if run.rows_total else 0.0}  # fmt: skip
        run.finished_at = timezone.now()
        run.save(force_insert=True)
        _insert(Incident, [item.incident for item in new])
        written = _stored(run.dataset, [item.incident.external_id for item in new])
        for item in new:
            item.incident.pk = written[item.incident.external_id][0]
            item.incident._state.adding, item.incident._state.db = False, connection.alias
        if progress is not None:
            progress("write", len(new), len(built))
        Incident.objects.bulk_update([item.incident for item in changed], UPDATED_FIELDS, batch_size=500)
        IncidentStage.objects.filter(incident_id__in=[item.incident.pk for item in changed]).delete()
        now = timezone.now()
        links, sources, steps, traces = [], [], [], []
        for item in [*new, *changed]:
            links += [IncidentStage(incident_id=item.incident.pk, tag_id=tag) for tag in item.tags]
        for item in new:
            incident = item.incident
            sources.append(IncidentSource(incident=incident, kind=source.kind, name=source.name,
                                          reliability=source.reliability, independence_key=source.independence_key,
                                          created_by=creator))  # fmt: skip
            steps.append(Transition(incident=incident, from_status="", to_status=incident.status, actor=creator,
                                    to_level=incident.handling_level, at=now, comment=_(
                                        "Historical record of %(dataset)s, imported from %(file)s (import #%(run)d, "
                                        "row %(row)d).") % {"dataset": source.name, "file": run.file_name,
                                                           "run": run.pk, "row": item.row}))  # fmt: skip
            traces.append(ImportedRow(run=run, row=item.row, incident=incident))
        _insert(IncidentStage, links)
        _insert(IncidentSource, sources)
        _insert(Transition, steps)
        _insert(ImportedRow, traces)
        ids = [item.incident.pk for item in [*new, *changed]]
        record_batch(
            user, "incidents.import", object_type="incidents.incident", job_id=run.job_id,
            counts={"rows": run.rows_total, "incidents": len(new), "updated": len(changed), "unchanged": len(unchanged),
                    "refused": len(refused), "province_only": run.summary.get("province_only", 0),
                    "stage_links": len(links)},
            checksum=run.file_sha256, request=request, region_code=run.office_code,
            details={"import_run": run.pk, "kind": run.kind, "dataset": run.dataset, "file": run.file_name,
                     "format": run.file_format, "first_incident": min(ids) if ids else None,
                     "last_incident": max(ids) if ids else None},
        )  # fmt: skip
    if progress is not None:
        progress("write", len(built), len(built))
