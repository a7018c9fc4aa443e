"""The one insert of new incidents: a checked report's rows (incident, stage links, actors, sources, first
transition, audit event, Idempotency-Key) written with one statement per table, for one report or a batch.
A report written alone and a group commit's batch (actions.group_commit) both come here."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from waspada.core.audit.chain import append, event_fields
from waspada.incidents.actions.writer import Writer
from waspada.incidents.idempotency import Claim
from waspada.incidents.models import IdempotencyKey, Incident, IncidentActor, IncidentSource, IncidentStage, Transition


@dataclass(eq=False)
class NewIncident:
    """A checked report, every row built, waiting for its ids; `outcome` says what became of it."""

    incident: Incident
    tags: list[str]
    actors: list[IncidentActor]
    sources: list[IncidentSource]
    step: Transition
    writer: Writer  # the audit actor and request
    after: dict[str, Any]  # the audit snapshot
    claim: Claim | None  # the Idempotency-Key to store with it
    links: list[IncidentStage] = field(default_factory=list)
    outcome: str = ""  # group_commit: WRITTEN, KEY_TAKEN, ALONE or UNSURE
    wake: threading.Event = field(default_factory=threading.Event)

    def related(self) -> dict[str, list[Any]]:
        """The written rows as serialize.detail_json takes them, so an answer needs no read-back."""
        return {"actors": self.actors, "sources": self.sources, "attachments": [], "transitions": [self.step],
                "followups": [], "stage_tags": self.links, "merged": []}  # fmt: skip


def insert(todo: list[NewIncident]) -> None:
    """Write the reports; call inside a transaction (the caller's, or the group commit's)."""
    if connection.features.can_return_rows_from_bulk_insert:
        Incident.objects.bulk_create([item.incident for item in todo])  # ids come back (RETURNING)
    else:
        for item in todo:
            item.incident.save(force_insert=True)
    now = timezone.now()
    links, actors, sources, steps, keys = [], [], [], [], []
    for item in todo:
        _attach(item, now)
        links += item.links
        actors += item.actors
        sources += item.sources
        steps.append(item.step)
        if item.claim is not None:
            keys.append(item.claim.row(item.incident))
    IncidentStage.objects.bulk_create(links)
    IncidentActor.objects.bulk_create(actors)
    IncidentSource.objects.bulk_create(sources)
    Transition.objects.bulk_create(steps)
    append([event_fields(item.writer.user, "incident.create", item.incident, after=item.after,
                         request=item.writer.request) for item in todo])  # fmt: skip
    IdempotencyKey.objects.bulk_create(keys)  # a key taken meanwhile fails here: the caller answers with its winner


def _attach(item: NewIncident, at: Any) -> None:
    """Point the report's rows at its incident, once the incident has its id."""
    incident = item.incident
    item.links = [IncidentStage(incident=incident, tag_id=tag) for tag in item.tags]
    for actor in item.actors:
        actor.incident = incident
    for source in item.sources:
        source.incident = incident
    item.step.incident, item.step.at = incident, at


def forget_ids(item: NewIncident) -> None:
    """After a rollback the objects still carry the ids the database handed out: clear them for the retry."""
    for row in (item.incident, *item.actors, *item.sources, item.step):
        row.pk = None
        row._state.adding, row._state.db = True, None
    item.links = []
