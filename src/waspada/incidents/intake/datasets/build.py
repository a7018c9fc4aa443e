"""One placed event of an outside dataset -> a closed historical incident ready to write, or its refusal.

The incident follows the events import's rules (rows.py): status closed, one `other_system` source named
after the dataset, severity from the casualties (never below the type's default), stage tags and election from
the calendar of the day and region. Beside them: `is_context` (not election-related), the dataset and its event
id, and the dataset's own record. A province-only event has no kab/kota: its place code is the province's, so
the province office and the national desk see it (the scope rule of docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from waspada.core.scope import code_within
from waspada.elections.selectors import local_date_for
from waspada.incidents import refcache
from waspada.incidents.actions import related, stages
from waspada.incidents.actions.derived import search_text
from waspada.incidents.actions.fields import EARLIEST_DATE
from waspada.incidents.actions.place import INDONESIA_BOUNDS
from waspada.incidents.actions.writer import Writer
from waspada.incidents.inputs import SourceInput
from waspada.incidents.intake.datasets.layouts import Layout, SourceEvent
from waspada.incidents.intake.datasets.placement import Method, Spot
from waspada.incidents.intake.rows import derived_severity, title_from
from waspada.incidents.models import (
    EventType,
    HandlingLevel,
    ImportRun,
    Incident,
    Reliability,
    SourceKind,
    Status,
)
from waspada.regions.models import KABKOTA_LEVELS, Level, Region


@dataclass(frozen=True)
class Refusal:
    """An event of a well-formed file that is not imported, and why (`reason` a stable code)."""

    row: int
    event_id: str
    reason: str  # repeated | not_indonesia | unplaced | outside_scope | future | too_early
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": "", "message": self.message, "reason": self.reason,
                "event_id": self.event_id}  # fmt: skip


@dataclass
class Built:
    row: int
    incident: Incident
    spot: Spot
    tags: list[str]
    fingerprint: str


def fingerprint(event: SourceEvent) -> str:
    """Changes when anything the import reads of the row changes (a newer export's correction)."""
    basis = [event.day.isoformat(), event.time_precision, event.classified.event_type, event.classified.event_subtype,
             event.dead, event.lat, event.lng, event.geo_precision, event.admin1, event.admin2, event.notes,
             event.record]  # fmt: skip
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()[:32]


NOTES = {
    Method.POINT: gettext_noop("Placed by the dataset's point."),
    Method.NEAREST: gettext_noop("Placed in the kab/kota nearest to the dataset's point (within 5 km)."),
    Method.ADMIN2: gettext_noop("Placed by the dataset's kab/kota name (%(name)s)."),
    Method.PROVINCE_POINT: gettext_noop("Only the province is known (the dataset's point)."),
    Method.PROVINCE_NAME: gettext_noop("Only the province is known (%(name)s)."),
}


class Builder:
    """Lookups worked out once per import: regions, types, the calendar, the source row, today per time zone."""

    def __init__(self, writer: Writer, layout: Layout, run: ImportRun) -> None:
        self.writer, self.layout, self.run = writer, layout, run
        self.regions = {region.code: region for region in Region.objects.filter(
            level__in=(*KABKOTA_LEVELS, Level.PROVINCE))}  # fmt: skip
        self.types = {row.code: row for row in EventType.objects.all()}
        self.calendar = stages.calendar()
        # Stage tags depend on the region only through the elections that apply to it: regions with the same
        # elections share one answer per day (a few thousand calendar look-ups for nine years, not one per event).
        self.applicable: dict[str, tuple[str, ...]] = {}
        self.stages: dict[tuple[tuple[str, ...], dt.date], tuple[str | None, list[str]]] = {}
        self.today: dict[str, dt.date] = {}
        errors: dict[str, str] = {}
        self.source = related.sources([SourceInput(kind=SourceKind.OTHER_SYSTEM, name=layout.label,
                                                   reliability=Reliability.F)], errors, "sources")[0]  # fmt: skip
        self.now = timezone.now()

    def _today(self, region: Region) -> dt.date:
        if region.timezone not in self.today:
            self.today[region.timezone] = local_date_for(region, self.now)
        return self.today[region.timezone]

    def build(self, event: SourceEvent, spot: Spot | None) -> Built | Refusal:
        if spot is None:
            return Refusal(event.row, event.event_id, "unplaced", _(
                "Event %(id)s cannot be placed: its point is outside every region and %(names)s names no known "
                "province.") % {"id": event.event_id, "names": ", ".join(filter(None, [event.admin2, event.admin1]))
                                or _("the row")})  # fmt: skip
        code = spot.kabkota or spot.province
        region = self.regions.get(code)
        scope = self.writer.scope.region_code
        if region is None:
            return Refusal(event.row, event.event_id, "unplaced", _("Event %(id)s: region %(code)s is unknown.")
                           % {"id": event.event_id, "code": code})  # fmt: skip
        if scope is not None and not code_within(code, scope):
            return Refusal(event.row, event.event_id, "outside_scope", _(
                "Event %(id)s lies in %(region)s, outside your scope.") % {"id": event.event_id,
                                                                          "region": region.name})  # fmt: skip
        if event.day > self._today(region):
            return Refusal(event.row, event.event_id, "future", _("Event %(id)s is dated %(day)s, in the future.")
                           % {"id": event.event_id, "day": event.day.isoformat()})  # fmt: skip
        if event.day < EARLIEST_DATE:
            return Refusal(event.row, event.event_id, "too_early", _("Event %(id)s is dated before %(day)s.")
                           % {"id": event.event_id, "day": EARLIEST_DATE.isoformat()})  # fmt: skip
        return self._incident(event, spot, region)

    def _incident(self, event: SourceEvent, spot: Spot, region: Region) -> Built:
        kinds = event.classified
        event_type = self.types[kinds.event_type]
        subtype = refcache.event_subtype(kinds.event_type, kinds.event_subtype) if kinds.event_subtype else None
        kabkota = region if spot.kabkota else None
        point = event.lat is not None and event.lng is not None and _in_indonesia(event.lat, event.lng)
        shown_type = " / ".join(filter(None, [event.record.get("sub_event_type"), event.record.get("event_type")]))
        fallback = f"{shown_type or event_type.label_id} ({self.layout.label})"
        digest = fingerprint(event)
        incident = Incident(
            title=title_from(event.notes, fallback)[:200], narrative=event.notes, occurred_on=event.day,
            time_precision=event.time_precision, region=kabkota, province_code=spot.province,
            kabkota_code=spot.kabkota or "", place_code=spot.kabkota or spot.province,
            owner_code=spot.kabkota or spot.province, lat=event.lat if point else None,
            lng=event.lng if point else None, geo_precision=event.geo_precision if point else "",
            placed_from_point=spot.method in (Method.POINT, Method.NEAREST),
            location_note=self._note(event, spot), event_type=event_type, event_subtype=subtype, dead=event.dead,
            severity=derived_severity(event_type.default_severity, event.dead, None), status=Status.CLOSED,
            handling_level=HandlingLevel.KABKOTA if kabkota else HandlingLevel.PROVINCE,
            is_context=not kinds.election_related, external_source=self.layout.source,
            external_id=event.event_id[:64], created_by=self.writer.creator, created_at=self.now, updated_at=self.now,
            external_record={**event.record, "placement": spot.method, "election_word": kinds.election_word,
                             "fingerprint": digest},
        )  # fmt: skip
        incident.search_text = search_text(incident, [])
        if region.code not in self.applicable:
            self.applicable[region.code] = tuple(election.code for election in self.calendar.elections
                                                 if self.calendar.applies(election, region))  # fmt: skip
        memo = (self.applicable[region.code], event.day)
        if memo not in self.stages:
            self.stages[memo] = stages.stage_situation(region, event.day, self.calendar)
        incident.election_id, tags = self.stages[memo]
        return Built(event.row, incident, spot, list(tags), digest)

    def _note(self, event: SourceEvent, spot: Spot) -> str:
        name = spot.method == Method.ADMIN2 and event.admin2 or event.admin1
        place = ", ".join(filter(None, [event.location, event.admin2, event.admin1]))
        note = f"{self.layout.label}: {place}. " if place else ""
        return (note + _(NOTES[spot.method]) % {"name": name} if "%(name)s" in NOTES[spot.method]
                else note + _(NOTES[spot.method]))[:300]  # fmt: skip


def _in_indonesia(lat: float, lng: float) -> bool:
    return INDONESIA_BOUNDS["lat"][0] <= lat <= INDONESIA_BOUNDS["lat"][1] and (
        INDONESIA_BOUNDS["lng"][0] <= lng <= INDONESIA_BOUNDS["lng"][1])  # fmt: skip
