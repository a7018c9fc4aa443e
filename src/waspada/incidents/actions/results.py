"""What the write actions answer: the incident and what they did, returned instead of set on the incident."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from waspada.incidents.models import Incident


@dataclass(frozen=True)
class CreateResult:
    incident: Incident
    # True: an earlier request with the same Idempotency-Key made `incident`; nothing was written now.
    replayed: bool = False
    # The rows written with it, as serialize.detail_json takes them (actors, sources, transitions, stage_tags...),
    # so an answer needs no read-back; empty for a replay.
    related: dict[str, list[Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class UpdateResult:
    incident: Incident
    # What changed: fields of the audit snapshot whose value differs, "actors" when replaced, "sources" when added.
    changed: frozenset[str] = field(default_factory=frozenset)
