"""What a caller asks to write into an incident: the one list of an incident's writable fields.

The API (its create and PATCH bodies), the report form, the spreadsheet importer and the SMS/WhatsApp gateway
all hand the actions an `IncidentInput`. Values arrive as the caller has them (a date may still be text, a
count may be out of range): the actions check them and name each field that is wrong, so nothing here
validates. `given` names the fields the caller set: an update changes only those, a create starts from the
defaults for the rest.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from waspada.incidents.models import ActorSide, Incident, Reliability


@dataclass(frozen=True)
class ActorInput:
    actor_type: str
    side: str = ActorSide.INITIATOR
    name: str = ""


@dataclass(frozen=True)
class SourceInput:
    kind: str
    reliability: str | None = Reliability.F
    name: str = ""
    url: str = ""
    anonymous: bool = False
    informant_name: str = ""
    informant_contact: str = ""


@dataclass(frozen=True, kw_only=True)
class IncidentInput:
    """An incident's writable fields as one caller gives them. Build it with `of()`, which sets `given`."""

    title: str | None = None
    narrative: str | None = None
    occurred_on: dt.date | str | None = None  # local date; text is read as YYYY-MM-DD
    occurred_time: dt.time | str | None = None  # local time; text is read as HH:MM
    time_precision: str | None = None
    region: str | None = None  # Kemendagri codes: kab/kota, kecamatan, desa
    kecamatan: str | None = None
    desa: str | None = None
    lat: float | None = None
    lng: float | None = None
    geo_precision: str | None = None
    event_type: str | None = None  # taxonomy codes
    event_subtype: str | None = None
    secondary_types: tuple[str, ...] | None = None
    dead: int | None = None  # None: unknown
    injured: int | None = None
    people_involved: int | None = None
    damage: str | None = None
    severity: int | None = None
    sensitivity: str | None = None
    actors: tuple[ActorInput, ...] | None = None  # replaces the incident's actors; None keeps them
    sources: tuple[SourceInput, ...] = ()  # added to the incident's sources
    given: frozenset[str] = frozenset()

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> IncidentInput:
        """From plain values (an API body, a form's cleaned data, a spreadsheet row), nested actors and sources
        as dicts or inputs; the keys present are the fields given. An unknown key is a TypeError (a typo)."""
        unknown = set(values) - FIELDS
        if unknown:
            raise TypeError(f"IncidentInput has no field {', '.join(sorted(unknown))}")
        typed = dict(values)
        if typed.get("secondary_types") is not None:
            typed["secondary_types"] = tuple(typed["secondary_types"])
        if typed.get("actors") is not None:
            typed["actors"] = tuple(_typed(ActorInput, actor) for actor in typed["actors"])
        if "sources" in typed:
            typed["sources"] = tuple(_typed(SourceInput, source) for source in typed["sources"] or ())
        return cls(**typed, given=frozenset(values))

    @classmethod
    def current(cls, incident: Incident) -> IncidentInput:
        """The incident's own values as an input gives them (codes for places and types), to start a form from."""
        values: dict[str, Any] = {name: getattr(incident, name) for name in SCALAR_FIELDS if name not in CODED}
        values |= {"region": incident.region_id, "kecamatan": incident.kecamatan_id, "desa": incident.desa_id,
                   "event_type": incident.event_type_id,
                   "event_subtype": incident.event_subtype.code if incident.event_subtype else None}  # fmt: skip
        values["actors"] = [ActorInput(actor.actor_type_id, actor.side, actor.name) for actor in incident.actors.all()]
        return cls.of(values)

    def sets(self, *names: str) -> bool:
        """Does this input set any of these fields?"""
        return not self.given.isdisjoint(names)

    def without(self, names: Iterable[str]) -> IncidentInput:
        """The same input with these fields back to their defaults and no longer given."""
        names = frozenset(names)
        defaults: dict[str, Any] = {f.name: f.default for f in dataclasses.fields(self) if f.name in names}
        return dataclasses.replace(self, **defaults, given=self.given - names)

    def as_dict(self) -> dict[str, Any]:
        """The given fields as plain values (actors and sources as dicts): what an Idempotency-Key's body hash
        covers for the form."""
        plain: dict[str, Any] = {}
        for name in self.given:
            value = getattr(self, name)
            if name in ("actors", "sources", "secondary_types") and value is not None:
                value = [dataclasses.asdict(item) if isinstance(item, ActorInput | SourceInput) else item
                         for item in value]
            plain[name] = value
        return plain


def _typed(kind: type[Any], value: Any) -> Any:
    return value if isinstance(value, kind) else kind(**value)


FIELDS = frozenset(field.name for field in dataclasses.fields(IncidentInput)) - {"given"}
# The incident's own columns, in the input's order (the audit snapshot and the form follow it).
SCALAR_FIELDS = tuple(field.name for field in dataclasses.fields(IncidentInput)
                      if field.name not in ("actors", "sources", "given"))  # fmt: skip
CODED = frozenset({"region", "kecamatan", "desa", "event_type", "event_subtype"})  # foreign keys, given as codes
PLACE_FIELDS = frozenset({"region", "kecamatan", "desa", "lat", "lng"})
