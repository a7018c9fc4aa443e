"""Synthetic demo incidents for `waspada demo`: clearly labelled ([DEMO] title prefix, `is_demo`), generated
relative to today so a fresh install looks alive: spread over the last 18 months (HISTORY_DAYS), many kab/kota,
every dated stage in that window, clustered around voting days in it and a few hot spots. Seeded by the seed and
today's date, so identical on every run of the same day. Reports arrive hours after the event; old incidents
are mostly closed and the open ones (the queue) are recent, so "waiting" reads in hours and days, not years.
Written with bulk_create and ONE batch audit event. Re-running replaces them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import uuid
from collections.abc import Sequence
from typing import Any

import shapely.prepared
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from shapely.geometry import Point, shape

from waspada.core.audit import record_batch
from waspada.core.scope import Sensitivity
from waspada.elections.models import Election, Stage
from waspada.elections.selectors import Calendar
from waspada.incidents import crypto
from waspada.incidents.models import (
    ActorSide,
    ActorType,
    EventType,
    GeoPrecision,
    HandlingLevel,
    Incident,
    IncidentActor,
    IncidentSource,
    IncidentStage,
    Reliability,
    SourceKind,
    Status,
    Transition,
)
from waspada.incidents.taxonomy import ensure_taxonomy
from waspada.nlp.text import norm_key
from waspada.regions.locate import locate
from waspada.regions.models import KABKOTA_LEVELS, Region, RegionBoundary

SEED = 2024
HISTORY_DAYS = 548  # about 18 months back from today
OPEN_DAYS = 45  # incidents younger than this may still wait in a queue; older ones were mostly dealt with
MIN_KABKOTA = 500  # the full official list has 514
TYPE_WEIGHTS = {"money_politics": 20, "hoax_hate_speech": 15, "property_destruction": 12, "asn_neutrality": 12,
                "protest_demonstration": 10, "intimidation_threat": 8, "violence_clash": 7, "organiser_integrity": 6,
                "logistics_disruption": 5, "sara_provocation": 3, "dispute_result": 3, "other_election": 5,
                "vulnerability_warning": 4}  # fmt: skip
# Status paths: (final status, handling level, the statuses passed through after "submitted").
PATHS: list[tuple[int, list[str], str]] = [
    (4, [], HandlingLevel.KABKOTA),  # draft (no submit)
    (20, [Status.SUBMITTED], HandlingLevel.KABKOTA),
    (28, [Status.SUBMITTED, Status.VERIFIED], HandlingLevel.KABKOTA),
    (4, [Status.SUBMITTED, Status.UNVERIFIABLE], HandlingLevel.KABKOTA),
    (4, [Status.SUBMITTED, Status.REJECTED], HandlingLevel.KABKOTA),
    (5, [Status.SUBMITTED, Status.VERIFIED, Status.ESCALATED], HandlingLevel.PROVINCE),
    (3, [Status.SUBMITTED, Status.VERIFIED, Status.ESCALATED, Status.ESCALATED], HandlingLevel.NATIONAL),
    (10, [Status.SUBMITTED, Status.VERIFIED, Status.HANDLED], HandlingLevel.KABKOTA),
    (22, [Status.SUBMITTED, Status.VERIFIED, Status.HANDLED, Status.CLOSED], HandlingLevel.KABKOTA),
]
# The same paths for incidents older than OPEN_DAYS: closed, rejected or unverifiable; a few handled not yet closed.
OLD_WEIGHTS = [0, 0, 0, 8, 6, 0, 0, 4, 82]


class DemoDataMissing(Exception):
    pass


def _check_reference_data(min_kabkota: int) -> None:
    count = Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).count()
    if count < min_kabkota:
        raise DemoDataMissing(
            f"Demo incidents need the full regions ({count} kab/kota found, {min_kabkota}+ expected): "
            "run `waspada regions import` first."
        )
    if not Stage.objects.filter(start__isnull=False, end__isnull=False).exists():
        raise DemoDataMissing("Demo incidents need the election calendar: run `waspada elections import` first.")


def create_demo_incidents(count: int = 2400, *, seed: int = SEED, actor: Any = None,
                          min_kabkota: int = MIN_KABKOTA, today: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    _check_reference_data(min_kabkota)
    ensure_taxonomy(settings.DOMAIN_DIR)
    with transaction.atomic():
        replaced = Incident.objects.filter(is_demo=True).count()
        if replaced:
            Incident.objects.filter(is_demo=True, duplicate_of__isnull=False).update(duplicate_of=None)
            Incident.objects.filter(is_demo=True).delete()
        summary = build_incidents(count, seed=seed, today=today)
        summary["replaced"] = replaced
        record_batch(actor, "incidents.demo", object_type="incidents.incident", job_id=uuid.uuid4().hex,
                     counts={"incidents": summary["incidents"], "replaced": replaced,
                             "kabkota": summary["kabkota"]}, checksum=summary["checksum"])  # fmt: skip
    return summary


class _PointsInside:
    """Random points inside a kab/kota's boundary (drawn in its coarse shape, checked by the placement service),
    so demo points fall on land, in the region they claim."""

    def __init__(self, rng: random.Random, codes: list[str]) -> None:
        self.rng = rng
        # One query for every kab/kota's outline; each is parsed the first time a point is drawn in it.
        self.outlines = dict(RegionBoundary.objects.filter(region_id__in=codes).values_list("region_id", "coarse"))
        self.shapes: dict[str, Any] = {}

    def point(self, code: str) -> tuple[float, float, str | None] | None:
        """(lng, lat, kecamatan code) of a random point in the kab/kota, or None when it has no outline."""
        if code not in self.shapes:
            outline = self.outlines.get(code)
            self.shapes[code] = shapely.prepared.prep(shape(json.loads(outline))) if outline else None
        prepared = self.shapes[code]
        if prepared is None:
            return None
        west, south, east, north = prepared.context.bounds
        for _attempt in range(50):
            lng, lat = self.rng.uniform(west, east), self.rng.uniform(south, north)
            # The placement service has the last word: where boundaries overlap it picks the smaller region.
            placement = locate(lng, lat) if prepared.contains(Point(lng, lat)) else None
            if placement is not None and placement.kabkota == code:
                kecamatan = placement.kecamatan if (placement.kecamatan or "").startswith(code + ".") else None
                return round(lng, 5), round(lat, 5), kecamatan
        return None


def _dated_stages() -> list[Stage]:
    stages = Stage.objects.filter(start__isnull=False, end__isnull=False).select_related("election")
    return [stage for stage in stages if not (stage.optional and stage.held is False)]


def build_incidents(count: int, *, seed: int = SEED, history: bool = True,
                    today: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    """Generate and bulk-insert `count` demo incidents over the HISTORY_DAYS before `today` (default: the local
    date; no audit event: the caller records the batch)."""
    now = timezone.now()
    if today is None:
        today = timezone.localdate()
    else:  # an explicit day (tests): the report times are placed as if it were noon of that day
        now = min(now, dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC))
    rng = random.Random(f"{seed}:{today.isoformat()}")  # noqa: S311 - synthetic data, reproducible on purpose
    regions = list(Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).order_by("code")
                   .only("code", "name", "province_code", "lat", "lng", "timezone"))  # fmt: skip
    if not regions:
        raise DemoDataMissing("No kab/kota regions: run `waspada regions import` first.")
    types = {t.code: t for t in EventType.objects.prefetch_related("subtypes")}
    actor_types = list(ActorType.objects.values_list("code", flat=True))
    cal = Calendar.load()
    hotspots = set(rng.sample(range(len(regions)), k=min(25, len(regions))))
    weights = [8 if index in hotspots else 1 for index in range(len(regions))]
    type_codes = [code for code in TYPE_WEIGHTS if code in types] or list(types)
    type_weights = [TYPE_WEIGHTS.get(code, 1) for code in type_codes]
    voting_days = [e.voting_day for e in Election.objects.exclude(voting_day=None) if e.voting_day is not None]
    window = (today - dt.timedelta(days=HISTORY_DAYS), today)
    plan = _plan_dates(rng, count, _dated_stages(), voting_days, window, cal, regions, weights)

    inside = _PointsInside(rng, [region.code for region in regions])
    incidents: list[Incident] = []
    extras: list[dict[str, Any]] = []
    for index, (day, region) in enumerate(plan):
        event_type = types[rng.choices(type_codes, type_weights)[0]]
        subtypes = list(event_type.subtypes.all())
        subtype = rng.choice(subtypes) if subtypes else None
        severity = max(1, min(5, event_type.default_severity + rng.choice([-1, 0, 0, 0, 1, 1, 2])))
        age = (today - day).days
        weight, path, level = rng.choices(PATHS, [p[0] for p in PATHS] if age <= OPEN_DAYS else OLD_WEIGHTS)[0]
        created, updated = _times(rng, day, age, now)
        status = path[-1] if path else Status.DRAFT
        violent = event_type.code == "violence_clash"
        situation = cal.at(region, day)
        point = inside.point(region.code) if rng.random() < 0.7 else None
        label = subtype.label_id if subtype else event_type.label_id
        title = f"[DEMO] {label} di {region.name}"
        narrative = (f"[DEMO] Data sintetis untuk demonstrasi, bukan kejadian nyata. {label} dilaporkan di "
                     f"{region.name} pada {day:%d-%m-%Y}; tingkat keparahan {severity}.")  # fmt: skip
        incidents.append(Incident(
            title=title[:200], narrative=narrative, occurred_on=day,
            time_precision=rng.choices(["day", "week", "month"], [90, 7, 3])[0],
            region_id=region.code, province_code=region.province_code, kabkota_code=region.code,
            kecamatan_id=point[2] if point else None,
            place_code=(point[2] if point and point[2] else region.code), owner_code=region.code,
            lat=point[1] if point else None, lng=point[0] if point else None,
            geo_precision=rng.choice([GeoPrecision.EXACT, GeoPrecision.NEAR_PLACE, GeoPrecision.KECAMATAN])
            if point else GeoPrecision.KABKOTA,
            event_type_id=event_type.code, event_subtype_id=subtype.pk if subtype else None,
            election_id=situation.stages[0].election_id if situation.stages else None,
            dead=(rng.choice([0, 0, 0, 1, 2, None]) if violent else 0),
            injured=(rng.choice([0, 1, 2, 3, 5, 12, None]) if violent else rng.choice([0, 0, None])),
            people_involved=rng.choice([None, 5, 20, 50, 150, 400]), damage="", severity=severity,
            sensitivity=rng.choices(list(Sensitivity.values), [30, 60, 10])[0], status=status,
            handling_level=level if status not in (Status.DRAFT, Status.SUBMITTED) else HandlingLevel.KABKOTA,
            is_demo=True, created_at=created, updated_at=updated,
            search_text=" " + norm_key(f"{title} {narrative} {event_type.label_id} {event_type.label_en}") + " ",
        ))  # fmt: skip
        extras.append({"tags": situation.tags, "path": path, "level": level, "times": (created, updated),
                       "actors": rng.sample(actor_types, k=min(len(actor_types), rng.choice([1, 2]))),
                       "sources": rng.choice([1, 1, 2, 2, 3]), "index": index})  # fmt: skip
    Incident.objects.bulk_create(incidents, batch_size=1000)
    _related(rng, incidents, extras, history)
    digest = hashlib.sha256("\n".join(f"{i.occurred_on}|{i.kabkota_code}|{i.event_type_id}|{i.severity}"
                                      for i in incidents).encode()).hexdigest()  # fmt: skip
    return {"incidents": len(incidents), "kabkota": len({i.kabkota_code for i in incidents}),
            "first": min(i.occurred_on for i in incidents).isoformat(),
            "last": max(i.occurred_on for i in incidents).isoformat(),
            "stage_tags": len({tag for extra in extras for tag in extra["tags"]}), "checksum": digest}  # fmt: skip


def _times(rng: random.Random, day: dt.date, age: int, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """When the report arrived (hours after the event, never in the future) and when it last moved: recent
    incidents within hours or a few days, old ones within a few weeks of their report."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC) + dt.timedelta(minutes=rng.randrange(6 * 60, 22 * 60))
    latest = now - dt.timedelta(minutes=5)
    created = min(start + dt.timedelta(minutes=rng.randrange(30, 48 * 60)), latest)
    step = dt.timedelta(minutes=rng.randrange(10, 72 * 60)) if age <= OPEN_DAYS else dt.timedelta(
        days=rng.randrange(1, 21), minutes=rng.randrange(0, 24 * 60))  # fmt: skip
    return created, max(created, min(created + step, latest))


def _plan_dates(rng: random.Random, count: int, stages: list[Stage], voting_days: list[dt.date],
                window: tuple[dt.date, dt.date], cal: Calendar, regions: Sequence[Region],
                weights: list[int]) -> list[tuple[dt.date, Region]]:  # fmt: skip
    """(date, kab/kota) pairs inside the window: each dated stage in it covered, clusters around its voting days,
    then background."""
    first_day, last_day = window
    plan: list[tuple[dt.date, Region]] = []
    by_election = {e.code: e for e in cal.elections}

    def weighted_region() -> Region:
        return rng.choices(regions, weights)[0]

    def in_window(start: dt.date, end: dt.date) -> dt.date:
        start, end = max(start, first_day), min(end, last_day)
        return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))

    stages = [s for s in stages if s.start and s.end and s.start <= last_day and s.end >= first_day]
    voting_days = [day for day in voting_days if first_day <= day <= last_day]
    per_stage = max(3, count // (4 * max(1, len(stages))))
    for stage in stages:
        assert stage.start is not None and stage.end is not None
        election = by_election.get(stage.election_id)
        applicable = [r for r in regions if election is None or cal.applies(election, r)] or list(regions)
        for _ in range(per_stage):
            plan.append((in_window(stage.start, stage.end), rng.choice(applicable)))
    cluster = int(count * 0.35)
    for _ in range(cluster if voting_days else 0):
        centre = rng.choice(voting_days)
        day = centre + dt.timedelta(days=round(rng.gauss(0, 5)))
        plan.append((min(max(day, first_day), last_day), weighted_region()))
    while len(plan) < count:
        plan.append((in_window(first_day, last_day), weighted_region()))
    rng.shuffle(plan)
    return plan[:count] if len(plan) > count else plan


def _related(rng: random.Random, incidents: list[Incident], extras: list[dict[str, Any]], history: bool) -> None:
    stages, actors, sources, transitions = [], [], [], []
    kinds = list(SourceKind.values)
    for incident, extra in zip(incidents, extras, strict=True):
        stages += [IncidentStage(incident_id=incident.pk, tag_id=tag) for tag in extra["tags"]]
        sides = [ActorSide.INITIATOR, ActorSide.TARGET]
        actors += [IncidentActor(incident_id=incident.pk, actor_type_id=code, side=sides[n % 2])
                   for n, code in enumerate(extra["actors"])]  # fmt: skip
        for n in range(extra["sources"]):
            kind = rng.choice(kinds)
            person = kind in (SourceKind.FIELD_OFFICER, SourceKind.FKDM, SourceKind.PUBLIC_REPORT)
            url = f"https://berita.contoh.invalid/demo/{extra['index']}-{n}" if kind == SourceKind.MEDIA else ""
            informant = f"Informan Demo {extra['index']}-{n}" if person and rng.random() < 0.5 else ""
            sources.append(IncidentSource(
                incident_id=incident.pk, kind=kind, reliability=rng.choice(list(Reliability.values)),
                name="[DEMO]", url=url, anonymous=person and not informant,
                informant_name_enc=crypto.encrypt(informant), informant_contact_enc="",
                independence_key=uuid.UUID(int=rng.getrandbits(128)).hex,
            ))  # fmt: skip
        incident.corroboration = extra["sources"]
        if history:
            previous, level = "", HandlingLevel.KABKOTA
            statuses = extra["path"] or [Status.DRAFT]
            created, updated = extra["times"]
            for step, status in enumerate(statuses):
                at = created + (updated - created) * step / max(1, len(statuses) - 1)
                to_level = level
                if status == Status.ESCALATED:
                    to_level = HandlingLevel.PROVINCE if level == HandlingLevel.KABKOTA else HandlingLevel.NATIONAL
                transitions.append(Transition(incident_id=incident.pk, from_status=previous, to_status=status,
                                              from_level=level if step else "", to_level=to_level, at=at,
                                              comment="[DEMO]"))  # fmt: skip
                previous, level = status, to_level
    IncidentStage.objects.bulk_create(stages, batch_size=2000)
    IncidentActor.objects.bulk_create(actors, batch_size=2000)
    IncidentSource.objects.bulk_create(sources, batch_size=2000)
    Transition.objects.bulk_create(transitions, batch_size=2000)
    Incident.objects.bulk_update(incidents, ["corroboration"], batch_size=1000)


def report_demo_incidents(stdout: Any, stderr: Any) -> bool:
    """The step `waspada demo` runs after the demo accounts: replaces the demo incidents, or says clearly why
    it cannot (the full regions and the calendar must be imported first). `waspada incidents demo` fails
    with exit 1 instead."""
    try:
        summary = create_demo_incidents()
    except DemoDataMissing as exc:
        stderr.write(f"Demo incidents not created: {exc}")
        return False
    stdout.write(f"{summary['incidents']} demo incidents ([DEMO], is_demo) in {summary['kabkota']} kab/kota, "
                 f"{summary['first']} to {summary['last']}, {summary['stage_tags']} stage tags.")  # fmt: skip
    return True
