"""`waspada history synthesize`: the synthetic history of `waspada.analytics.synthetic` written as incidents
(docs/history.md, "Synthetic history").

The generator gets the kab/kota with their population and province, the neighbour pairs from the boundaries and
the election calendar (the cycles in the database, plus Pilkada 2017/2018/2020 and Pemilu 2019 from the
generator's table when the database does not hold them). Each event becomes a closed historical incident like
an imported one: `external_source="synthetic"`, `external_id` `syn-<key>-<n>` (the key a digest of every input,
so a rerun with the same inputs finds its events and writes nothing), `is_context` for events that are not
election-related, stage tags and election from the calendar (from the generator's stage for past cycles the
calendar lacks), "[SINTETIS]" in the title and a narrative that says it is not a real event. All or nothing in
one transaction with one audit event; bulk inserts in batches.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import ForeignObjectRel
from django.utils import timezone

from waspada.analytics import synthetic
from waspada.core.audit import record_batch
from waspada.elections.models import OUTSIDE_STAGES, AppliesTo, StageTag
from waspada.elections.selectors import Calendar
from waspada.incidents.models import (
    EventSubType,
    EventType,
    ExternalSource,
    HandlingLevel,
    Incident,
    IncidentStage,
    Status,
    TimePrecision,
    Transition,
)
from waspada.incidents.taxonomy import ensure_taxonomy
from waspada.nlp.text import norm_key
from waspada.regions.models import KABKOTA_LEVELS, Region
from waspada.regions.selectors import neighbour_map

SOURCE = ExternalSource.SYNTHETIC
MAX_EVENTS = 1_000_000
BATCH = 2000
TITLE_PREFIX = "[SINTETIS]"
# The generator's stage -> the calendar's stage tag, for events of cycles the database does not hold.
STAGE_TAGS = {synthetic.CAMPAIGN: "kampanye", synthetic.VOTING: "pemungutan_suara",
              synthetic.RECAPITULATION: "rekapitulasi", synthetic.DISPUTE: "perselisihan_hasil"}  # fmt: skip
# The calendar's tags that open each of the generator's windows.
WINDOW_TAGS = {"campaign": ("kampanye",), "recapitulation": ("rekapitulasi", "penetapan_hasil"),
               "dispute": ("perselisihan_hasil",)}  # fmt: skip

Progress = Callable[[str, int, int], None]


class SynthesisError(Exception):
    """The history cannot be written (no regions, another synthetic set stored without --replace, bad range)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass
class SynthesisResult:
    key: str
    status: str  # written | unchanged
    created: int
    unchanged: int
    replaced: int
    stats: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"status": self.status, "key": self.key, "created": self.created, "unchanged": self.unchanged,
                "replaced": self.replaced, **{k: v for k, v in self.stats.items() if k != "key"},
                "seconds": self.seconds}  # fmt: skip


def inputs(start: dt.date, end: dt.date, seed: int) -> tuple[list[synthetic.RegionInfo], list[tuple[str, str]],
                                                              list[synthetic.ElectionWindow]]:  # fmt: skip
    """The generator's plain inputs from the database: kab/kota, neighbour pairs and the election windows."""
    rows = Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).order_by("code")
    regions = [synthetic.RegionInfo(code, province, population or 0)
               for code, province, population in rows.values_list("code", "province_code", "population")]  # fmt: skip
    if not regions:
        raise SynthesisError("No kab/kota regions: run `waspada regions import` first.")
    known = {region.code for region in regions}
    pairs = sorted({tuple(sorted((code, other))) for code, others in neighbour_map("kabkota").items()
                    for other in others if code in known and other in known})  # fmt: skip
    return regions, [(a, b) for a, b in pairs], election_windows(regions, seed)


def election_windows(regions: list[synthetic.RegionInfo], seed: int) -> list[synthetic.ElectionWindow]:
    """The cycles of the calendar with a voting day, then the generator's past cycles the calendar lacks."""
    calendar = Calendar.load()
    by_code = {region.code: region for region in Region.objects.filter(code__in=[r.code for r in regions])}
    windows = []
    for election in calendar.elections:
        if election.voting_day is None:
            continue
        spans: dict[str, tuple[dt.date, dt.date] | None] = {}
        for name, tags in WINDOW_TAGS.items():
            dated = [(stage.start, stage.end or stage.start) for stage in election.stages.all()
                     if stage.start is not None and (stage.tag_id in tags or set(stage.also_tags or []) & set(tags))
                     and not (stage.optional and stage.held is False)]  # fmt: skip
            spans[name] = (min(s for s, _ in dated), max(e for _, e in dated)) if dated else None
        held = None
        if election.applies_to != AppliesTo.EVERYWHERE:
            held = frozenset(code for code, region in by_code.items() if calendar.applies(election, region))
        windows.append(synthetic.ElectionWindow(election.code, election.voting_day, spans["campaign"],
                                                spans["recapitulation"], spans["dispute"], held,
                                                election.kind))  # fmt: skip
    stored = {window.code for window in windows}
    return windows + [window for window in synthetic.past_elections(regions, seed) if window.code not in stored]


def synthesize(*, seed: int = synthetic.DEFAULT_SEED, start: dt.date = synthetic.DEFAULT_START,
               end: dt.date = synthetic.DEFAULT_END, events: int = synthetic.DEFAULT_EVENTS, replace: bool = False,
               actor: Any = None, progress: Progress | None = None) -> SynthesisResult:  # fmt: skip
    """Generate and write the synthetic history. Raises SynthesisError (nothing written) when it cannot."""
    clock, cpu = time.perf_counter(), time.process_time()
    if end < start:
        raise SynthesisError(f"--to ({end}) is before --from ({start}).", "to")
    if end >= timezone.localdate():
        raise SynthesisError(f"--to ({end}) must be before today: a history is in the past.", "to")
    if not 1 <= events <= MAX_EVENTS:
        raise SynthesisError(f"--events must be between 1 and {MAX_EVENTS:,}.", "events")
    if seed < 0:
        raise SynthesisError("--seed must be 0 or more.", "seed")
    ensure_taxonomy(settings.DOMAIN_DIR)
    regions, pairs, elections = inputs(start, end, seed)
    history = synthetic.generate(regions, pairs, elections, seed=seed, start=start, end=end, target_events=events)
    generated = time.perf_counter() - clock
    if progress is not None:
        progress("generate", len(history.events), len(history.events))
    with transaction.atomic():
        stored = Incident.objects.filter(external_source=SOURCE)
        others = stored.exclude(external_id__startswith=f"syn-{history.key}-")
        replaced = 0
        if others.exists() and not replace:
            keys = sorted({str(key) for key in others.values_list("external_record__key", flat=True).distinct()[:5]})
            raise SynthesisError(
                f"Another synthetic history is stored ({others.count():,} events, key {', '.join(keys)}): "
                "--replace swaps it for this one.", "replace")  # fmt: skip
        if replace:
            replaced = _delete_stored()
            existing: set[str] = set()
        else:
            existing = set(stored.values_list("external_id", flat=True))
        new = [event for event in history.events if event.external_id not in existing]
        created = _write(new, history, seed, progress)
        record_batch(actor, "incidents.synthesize", object_type="incidents.incident", job_id=uuid.uuid4().hex,
                     counts={"incidents": created, "unchanged": len(history.events) - len(new),
                             "replaced": replaced}, checksum=history.key,
                     details={"seed": seed, "from": start.isoformat(), "to": end.isoformat(),
                              "target_events": events})  # fmt: skip
    seconds = {"generate": round(generated, 2), "total": round(time.perf_counter() - clock, 2),
               "cpu": round(time.process_time() - cpu, 2)}  # fmt: skip
    return SynthesisResult(history.key, "written" if created or replaced else "unchanged", created,
                           len(history.events) - len(new), replaced, history.stats, seconds)  # fmt: skip


def _delete_stored() -> int:
    """Every synthetic incident and what hangs on it, by straight DELETEs (Django's cascade would fetch tens of
    thousands of rows into Python). Rows other apps or people added to a synthetic incident (a follow-up, an
    actor) go with it; a real incident marked a duplicate of one loses that mark; webhook deliveries keep their
    row without the link."""
    stored = Incident.objects.filter(external_source=SOURCE)
    count = stored.count()
    if not count:
        return 0
    ids = stored.values("pk")
    Incident.objects.filter(duplicate_of__in=ids).exclude(external_source=SOURCE).update(duplicate_of=None)
    stored.filter(duplicate_of__isnull=False).update(duplicate_of=None)
    # Hidden relations too (related_name="+": a merged source's origin, an Idempotency-Key, a webhook delivery):
    # `_meta.related_objects` leaves them out, and a row left pointing at a deleted incident fails at commit.
    relations = [f for f in Incident._meta.get_fields(include_hidden=True) if isinstance(f, ForeignObjectRel)]
    for relation in relations:
        model = relation.related_model
        if model is Incident or not isinstance(model, type) or not relation.field.concrete:
            continue
        related = model._base_manager.filter(**{f"{relation.field.name}__in": ids})
        if relation.on_delete is models.SET_NULL:
            related.update(**{relation.field.name: None})
        elif model in (IncidentStage, Transition):
            related._raw_delete(related.db)  # noqa: SLF001 - the many plain rows this command wrote
        else:
            related.delete()  # rows someone added (actors, follow-ups, files): Django's cascade, usually none
    Incident.objects.filter(external_source=SOURCE)._raw_delete(Incident.objects.db)  # noqa: SLF001
    return count


def _columns(model: type[models.Model]) -> dict[str, str]:
    """attname -> quoted column of a model's concrete fields."""
    return {field.attname: connection.ops.quote_name(field.column) for field in model._meta.concrete_fields}


class _Stages:
    """(election, stage tags) per region and day from the calendar, memoised by the elections that apply."""

    def __init__(self) -> None:
        self.calendar = Calendar.load()
        self.applicable: dict[str, tuple[str, ...]] = {}
        self.memo: dict[tuple[tuple[str, ...], dt.date], tuple[str | None, list[str]]] = {}
        self.known_tags = set(StageTag.objects.values_list("code", flat=True))

    def at(self, region: Region, day: dt.date, stage: str) -> tuple[str | None, list[str]]:
        if region.code not in self.applicable:
            self.applicable[region.code] = tuple(election.code for election in self.calendar.elections
                                                 if self.calendar.applies(election, region))  # fmt: skip
        key = (self.applicable[region.code], day)
        if key not in self.memo:
            situation = self.calendar.at(region, day)
            # Only tags the database holds (an instance without the election calendar has no "luar_tahapan" row).
            self.memo[key] = (situation.stages[0].election_id if situation.stages else None,
                              [tag for tag in situation.tags if tag in self.known_tags])  # fmt: skip
        election, tags = self.memo[key]
        if stage and tags in ([], [OUTSIDE_STAGES]) and STAGE_TAGS[stage] in self.known_tags:
            tags = [STAGE_TAGS[stage]]  # a past cycle the calendar does not hold
        return election, tags


def _write(events: list[synthetic.SyntheticEvent], history: synthetic.History, seed: int,
           progress: Progress | None) -> int:  # fmt: skip
    """Straight INSERTs in batches (executemany): 60,000 incidents through bulk_create spend most of a minute
    compiling values in Python. Columns not given take the model's defaults, prepared once."""
    if not events:
        return 0
    regions = Region.objects.in_bulk({event.region for event in events})
    types = {row.code: row for row in EventType.objects.all()}
    subtypes = {(row.event_type_id, row.code): row for row in EventSubType.objects.all()}
    stages = _Stages()
    now = timezone.now()
    narrative = (f"{TITLE_PREFIX} Riwayat sintetis untuk uji dan demo, bukan kejadian nyata "
                 f"(kunci {history.key}, benih {seed}).")  # fmt: skip
    fixed = {"narrative": narrative, "time_precision": TimePrecision.DAY, "status": Status.CLOSED,
             "handling_level": HandlingLevel.KABKOTA, "external_source": SOURCE, "created_at": now,
             "updated_at": now}  # fmt: skip
    varying = ("title", "occurred_on", "region_id", "province_code", "kabkota_code", "place_code", "owner_code",
               "location_note", "event_type_id", "event_subtype_id", "election_id", "dead", "injured", "severity",
               "is_context", "external_id", "external_record", "search_text")  # fmt: skip
    fields = {field.attname: field for field in Incident._meta.concrete_fields if not field.primary_key}
    constants = {name: field.get_db_prep_save(fixed.get(name, field.get_default()), connection)
                 for name, field in fields.items() if name not in varying}  # fmt: skip
    columns = [*constants, *varying]
    prepare = {name: fields[name] for name in ("occurred_on", "external_record")}
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(Incident._meta.db_table)} ({', '.join(quote(fields[c].column) for c in columns)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(columns))})")  # fmt: skip
    head = tuple(constants.values())
    labels: dict[tuple[str, str], tuple[str, str, str]] = {}
    tags_of: dict[str, list[str]] = {}
    done = 0
    with connection.cursor() as cursor:
        for first in range(0, len(events), BATCH):
            rows = []
            for event in events[first : first + BATCH]:
                region = regions[event.region]
                kind = (event.event_type, event.event_subtype)
                if kind not in labels:
                    event_type, subtype = types[event.event_type], subtypes.get(kind)
                    labels[kind] = (subtype.label_id if subtype else event_type.label_id,
                                    f"{event_type.label_id} {event_type.label_en}",
                                    str(subtype.pk) if subtype else "")  # fmt: skip
                label, type_words, subtype_id = labels[kind]
                title = f"{TITLE_PREFIX} {label} di {region.name}"[:200]
                election, tags_of[event.external_id] = stages.at(region, event.day, event.stage)
                record = {"key": history.key, "seed": seed, "stage": event.stage, "flare": event.flare}
                rows.append((*head, title, prepare["occurred_on"].get_db_prep_save(event.day, connection),
                             region.code, region.province_code, region.code, region.code, region.code,
                             str(region.name)[:300], event.event_type, int(subtype_id) if subtype_id else None,
                             election, event.dead, event.injured, event.severity, not event.election_related,
                             event.external_id, prepare["external_record"].get_db_prep_save(record, connection),
                             " " + norm_key(f"{title} {type_words}") + " "))  # fmt: skip
            cursor.executemany(sql, rows)
            done += len(rows)
            if progress is not None:
                progress("write", done, len(events))
    prefix = f"syn-{history.key}-"
    ids = dict(Incident.objects.filter(external_source=SOURCE, external_id__startswith=prefix)
               .values_list("external_id", "pk"))  # fmt: skip
    links = [(ids[external_id], tag) for external_id, codes in tags_of.items() for tag in codes]
    link, step = _columns(IncidentStage), _columns(Transition)
    at = Transition._meta.get_field("at").get_db_prep_save(now, connection)
    comment = f"Riwayat sintetis (kunci {history.key}), dibuat oleh `waspada history synthesize`."
    incidents, transitions = quote(Incident._meta.db_table), quote(Transition._meta.db_table)
    insert_link = f"INSERT INTO {quote(IncidentStage._meta.db_table)} ({link['incident_id']}, {link['tag_id']}) "
    # The first transition of each new incident, in one INSERT ... SELECT.
    # Identifiers from model metadata, values as parameters.
    insert_steps = (
        f"INSERT INTO {transitions} ({step['incident_id']}, {step['from_status']}, {step['to_status']}, "  # noqa: S608
        f"{step['from_level']}, {step['to_level']}, {step['at']}, {step['comment']}) "
        f"SELECT i.id, '', %s, '', %s, %s, %s FROM {incidents} i WHERE i.external_source = %s "
        f"AND i.external_id LIKE %s AND NOT EXISTS (SELECT 1 FROM {transitions} t WHERE t.{step['incident_id']} = i.id)"
    )
    with connection.cursor() as cursor:
        for first in range(0, len(links), BATCH * 5):
            cursor.executemany(insert_link + "VALUES (%s, %s)", links[first : first + BATCH * 5])
        cursor.execute(insert_steps, [Status.CLOSED, HandlingLevel.KABKOTA, at, comment, SOURCE, prefix + "%"])
    return done


# `waspada demo`: a smaller history than the command's default, ending yesterday so the forecasts and the
# early-warning run of the demo have recent history (docs/history.md, "Synthetic history": its cost in `make run`).
DEMO_EVENTS = 20_000
DEMO_START = dt.date(2019, 1, 1)


def demo_step(stdout: Any, stderr: Any) -> bool:
    """The demo step after the demo incidents: replaces the synthetic history (its key changes with the day)."""
    if not Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).exists():
        stderr.write("Synthetic history not generated: run `waspada regions import` first.")
        return False
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    result = synthesize(start=min(DEMO_START, yesterday), end=yesterday, events=DEMO_EVENTS, replace=True)
    stats = result.stats
    stdout.write(f"Synthetic history ([SINTETIS], source synthetic): {stats['events']:,} events "
                 f"{stats['start']} to {stats['end']}, {stats['context']:,} of them context events; "
                 f"{result.seconds['total']} s.")  # fmt: skip
    return True
