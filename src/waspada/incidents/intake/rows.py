"""One spreadsheet row -> one incident ready to write, or the row's problems by column.

The cells are read here (dates, numbers, labels) into an `IncidentInput`; the rules are the single report's:
every row goes through `actions.fields.apply_input` (region placement and scope, dates not in the future nor
before 2000, types, counts, severity, sources), then gets its search text, corroboration and stage tags exactly
as `actions.create` does. Lookups (regions, taxonomy, calendar) and the importing user's scope are worked out
once per import, not once per row.

Historical events (kind "events") are closed records of another dataset: status `closed` (nothing for an
office to verify or act on, so they stay out of every review queue, and a closed record cannot be edited
as if it were an office's own report), one source of kind `other_system` named after the dataset, and a
severity derived from the casualties when the file gives none (`derived_severity`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from waspada.incidents.actions import stages
from waspada.incidents.actions.derived import search_text
from waspada.incidents.actions.fields import apply_input
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import Invalid
from waspada.incidents.inputs import ActorInput, IncidentInput, SourceInput
from waspada.incidents.intake.cells import CellError, parse_count, parse_date, parse_decimal, parse_time, region_code
from waspada.incidents.intake.choices import Choices
from waspada.incidents.intake.columns import HeaderMatch
from waspada.incidents.intake.typemap import TypeResolver
from waspada.incidents.models import (
    ActorSide,
    ImportKind,
    Incident,
    IncidentActor,
    IncidentSource,
    Reliability,
    SourceKind,
    Status,
)
from waspada.nlp.text import norm_key

TITLE_FROM_NOTES = 120
# Service error keys -> import columns (the service names fields of the single report).
SERVICE_FIELDS = {"kecamatan": "region", "desa": "region", "sources.0.kind": "source_kind",
                  "sources.0.url": "source_url", "sources.0.reliability": "source_reliability",
                  "actors.0.actor_type": "actor1_type", "actors.1.actor_type": "actor2_type"}  # fmt: skip
DuplicateKey = tuple[dt.date, str, str, str]


def derived_severity(type_default: int, dead: int | None, injured: int | None) -> int:
    """The rubric's casualty criteria (taxonomy.yaml severity_rubric): 3 or more dead -> 5; 1-2 dead or 10 or
    more injured -> 4; 1-9 injured -> 3; else 1. Never below the type's default severity: unknown or zero
    casualties do not lower the level (the rubric's own rule)."""
    dead, injured = dead or 0, injured or 0
    level = 5 if dead >= 3 else 4 if dead >= 1 or injured >= 10 else 3 if injured >= 1 else 1
    return max(level, type_default or 1)


def title_from(notes: str, fallback: str) -> str:
    line = " ".join((notes.strip().splitlines() or [""])[0].split())
    if len(line) > TITLE_FROM_NOTES:
        line = line[:TITLE_FROM_NOTES].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
    return line or fallback


@dataclass
class Prepared:
    row: int
    incident: Incident
    actors: list[IncidentActor]
    sources: list[IncidentSource]
    tags: list[str]
    key: DuplicateKey


class RowBuilder:
    def __init__(self, writer: Writer, kind: str, match: HeaderMatch) -> None:
        self.writer, self.kind, self.match = writer, kind, match
        self.types = TypeResolver()
        self.choices = Choices()
        self.calendar = stages.calendar()
        self.stages: dict[tuple[str, dt.date], tuple[str | None, list[str]]] = {}
        self.events = kind == ImportKind.EVENTS

    def cell(self, values: tuple[Any, ...], key: str) -> Any:
        index = self.match.index.get(key)
        value = values[index] if index is not None and index < len(values) else None
        return value.strip() if isinstance(value, str) else value

    def text(self, values: tuple[Any, ...], key: str) -> str:
        value = self.cell(values, key)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip() if value is not None else ""

    def build(self, number: int, values: tuple[Any, ...]) -> Prepared | dict[str, str]:
        """The prepared incident, or {column key: message} for every problem of the row."""
        errors: dict[str, str] = {}

        def read(key: str, parse: Any) -> Any:
            try:
                return parse(self.cell(values, key))
            except CellError as error:
                errors.setdefault(key, str(error))
                return None

        data: dict[str, Any] = {"occurred_on": None, "occurred_time": None}
        if self.cell(values, "occurred_on") in (None, ""):
            errors["occurred_on"] = _("Give the date it happened.")
        else:
            found = read("occurred_on", parse_date)
            if found is not None:
                data["occurred_on"], data["occurred_time"] = found
        data["occurred_time"] = read("occurred_time", parse_time) or data["occurred_time"]
        for key in ("lat", "lng"):
            data[key] = read(key, parse_decimal)
        self._place(values, data, errors)
        self._event_type(values, data, errors)
        for key in ("dead", "injured", "people_involved"):
            data[key] = read(key, parse_count)
        for key in ("time_precision", "geo_precision", "sensitivity"):
            data[key] = self.choices.pick(key, self.cell(values, key))
        data["narrative"], data["damage"] = self.text(values, "narrative"), self.text(values, "damage")
        data["title"] = self.text(values, "title")
        data["severity"] = self.choices.pick("severity", self.cell(values, "severity"))
        if self.events:
            self._as_event(values, data, errors)
        else:
            data["sources"] = self._incident_sources(values)
            data["actors"] = self._actors(values, errors)
        incident = Incident(created_by=self.writer.creator, status=Status.CLOSED if self.events else Status.SUBMITTED)
        try:
            rows = apply_input(incident, IncidentInput.of(data), self.writer.scope, creating=True)
        except Invalid as invalid:
            for field, message in invalid.errors.items():
                errors.setdefault(SERVICE_FIELDS.get(field, field.split(".")[0]), message)
            return errors
        if errors:
            return errors
        actors, sources = rows.actors or [], rows.sources
        incident.search_text = search_text(incident, actors)
        incident.corroboration = len({source.independence_key for source in sources})
        memo = (incident.kabkota_code, incident.occurred_on)
        if memo not in self.stages:  # the same kab/kota and day give the same stages: ask the calendar once
            self.stages[memo] = stages.stage_situation(incident.region, incident.occurred_on, self.calendar)
        incident.election_id, tags = self.stages[memo]
        duplicate_key = (incident.occurred_on, incident.kabkota_code, incident.event_type_id, norm_key(incident.title))
        return Prepared(number, incident, actors, sources, list(tags), duplicate_key)

    def _place(self, values: tuple[Any, ...], data: dict[str, Any], errors: dict[str, str]) -> None:
        code = region_code(self.cell(values, "region"))
        if not code:
            if self.events or data["lat"] is None or data["lng"] is None:
                errors["region"] = (_("Give the kab/kota code, e.g. 32.73.") if self.events else
                                    _("Give the region code (kab/kota, kecamatan or desa), e.g. 32.73."))  # fmt: skip
            return
        depth = code.count(".")
        field = "region" if self.events or depth <= 1 else "kecamatan" if depth == 2 else "desa"
        data[field] = code

    def _event_type(self, values: tuple[Any, ...], data: dict[str, Any], errors: dict[str, str]) -> None:
        type_cell, sub_cell = self.cell(values, "event_type"), self.cell(values, "event_subtype")
        try:
            try:
                type_code, sub_code = self.types.resolve(type_cell)
            except CellError:
                if sub_cell in (None, "") or not self.types.is_acled(type_cell):
                    raise
                # An ACLED row: its sub-event type may settle what the event type alone cannot.
                type_code, sub_code = self.types.resolve(sub_cell)
                sub_cell = None
        except CellError as error:
            errors["event_type"] = str(error)
            return
        data["event_type"], data["event_subtype"] = type_code, sub_code
        if sub_cell not in (None, ""):
            try:
                data["event_subtype"] = self.types.subtype(type_code, sub_cell) or sub_code
            except CellError as error:
                errors["event_subtype"] = str(error)

    def _incident_sources(self, values: tuple[Any, ...]) -> list[SourceInput]:
        kind = self.choices.pick("source_kind", self.cell(values, "source_kind"))
        name, url = self.text(values, "source_name"), self.text(values, "source_url")
        reliability = self.choices.pick("source_reliability", self.cell(values, "source_reliability"))
        if not (kind or name or url or reliability):
            return []
        return [SourceInput(kind=kind or "", name=name, url=url, reliability=reliability)]

    def _actors(self, values: tuple[Any, ...], errors: dict[str, str]) -> list[ActorInput]:
        actors = []
        for number, side in ((1, ActorSide.INITIATOR), (2, ActorSide.TARGET)):
            code = self.choices.pick(f"actor{number}_type", self.cell(values, f"actor{number}_type"))
            name = self.text(values, f"actor{number}_name")
            if name and not code:
                errors[f"actor{number}_type"] = _("Give the actor type of %(name)s.") % {"name": name}
            elif code:
                actors.append(ActorInput(actor_type=code, side=side, name=name))
        return actors

    def _as_event(self, values: tuple[Any, ...], data: dict[str, Any], errors: dict[str, str]) -> None:
        dataset = self.text(values, "source_name")
        if not dataset:
            errors["source_name"] = _("Name the dataset the event comes from, e.g. ACLED or SNPK.")
        type_label = self.types.labels(data.get("event_type") or "")
        data["title"] = data["title"] or title_from(data["narrative"], f"{type_label} ({dataset})" if dataset
                                                    else type_label)  # fmt: skip
        event_type = self.types.types.get(data.get("event_type") or "")
        if data["severity"] is None:  # derived; an unknown type is already this row's error, not the severity
            default = event_type.default_severity if event_type is not None else 1
            data["severity"] = derived_severity(default, data["dead"], data["injured"])
        reliability = self.choices.pick("source_reliability", self.cell(values, "source_reliability"))
        data["sources"] = [SourceInput(kind=SourceKind.OTHER_SYSTEM, name=dataset, url=self.text(values, "source_url"),
                                       reliability=reliability or Reliability.F)]  # fmt: skip
