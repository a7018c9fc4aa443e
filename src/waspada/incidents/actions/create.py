"""New incidents: a user's report (API, form) and a gateway's public report. Raises Invalid/Denied with nothing
written.

All checks and every row are done before the write transaction (`prepare_new`), so the database's write lock
(SQLite: the whole file) is held only for the inserts (`actions.insert`). Outside a caller's transaction the
report joins a group commit with the reports arriving at the same moment; inside one it is written alone."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _

from waspada.incidents import access
from waspada.incidents.actions import group_commit, stages
from waspada.incidents.actions.derived import search_text, snapshot
from waspada.incidents.actions.fields import apply_input
from waspada.incidents.actions.insert import NewIncident, insert
from waspada.incidents.actions.results import CreateResult
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import Denied
from waspada.incidents.idempotency import Claim
from waspada.incidents.inputs import IncidentInput
from waspada.incidents.models import Incident, Status, Transition


def create_incident(writer: Writer, inp: IncidentInput, *, submit: bool = True,
                    claim: Claim | None = None) -> CreateResult:  # fmt: skip
    """A new incident, submitted (or kept as a draft). `claim` is the Idempotency-Key to store with it
    (idempotency.once makes it, and answers a replay without calling this)."""
    if not access.can_create_in(writer.scope):
        raise Denied({"request": _("Your role cannot report incidents.")})
    new = prepare_new(writer, inp, submit=submit, claim=claim)
    _write(new)
    return CreateResult(new.incident, related=new.related())


@dataclass(frozen=True)
class GatewayActor:
    """Who reports through an SMS/WhatsApp gateway (issue 6): a channel and one of its deliveries, no user."""

    channel: str
    delivery: str


def create_gateway_report(actor: GatewayActor, inp: IncidentInput, *, location_note: str = "",
                          review_reason: str = "") -> CreateResult:  # fmt: skip
    """An unverified public report from a gateway channel. There is no signed-in user: the channel's HMAC
    signature was the gate, so there is no role check and no scope limit on the region; the report is submitted
    (verification stays with the offices), nobody is `created_by`, and the audit event (actor: system) names
    the channel and the delivery. `location_note` says how the region was found, for triage; a `review_reason`
    flags the report for the national desk's review (issue 15)."""
    audit = {"intake_channel": actor.channel, "intake_delivery": actor.delivery}
    if review_reason:
        audit["review_reason"] = review_reason
    comment = _("Received through gateway channel %(channel)s.") % {"channel": actor.channel}
    new = prepare_new(Writer.of(None), inp, submit=True, audit=audit, comment=comment, location_note=location_note)
    if review_reason:
        new.incident.needs_review, new.incident.review_reason = True, review_reason[:300]
    _write(new)
    return CreateResult(new.incident, related=new.related())


def prepare_new(writer: Writer, inp: IncidentInput, *, submit: bool, claim: Claim | None = None,
                audit: dict[str, str] | None = None, comment: str = "",
                location_note: str = "") -> NewIncident:  # fmt: skip
    """Check a new report and build every row it needs, writing nothing. Raises Invalid on any problem.
    All this happens before the write lock is taken; only the ids are missing."""
    incident = Incident(created_by=writer.creator)
    incident.status = Status.SUBMITTED if submit else Status.DRAFT
    rows = apply_input(incident, inp, writer.scope, creating=True)
    if location_note:
        incident.location_note = " ".join(part for part in (incident.location_note, location_note) if part)[:300]
    actors = rows.actors or []
    incident.search_text = search_text(incident, actors)
    incident.corroboration = len({source.independence_key for source in rows.sources})
    tags = stages.tag(incident)
    after = snapshot(incident) | {"stage_tags": tags} | (audit or {})
    for source in rows.sources:
        source.created_by = writer.creator
    step = Transition(from_status="", to_status=incident.status, actor=writer.creator,
                      to_level=incident.handling_level, comment=comment or _("Reported."))  # fmt: skip
    return NewIncident(incident, tags, actors, rows.sources, step, writer, after, claim)


def _write(new: NewIncident) -> None:
    if group_commit.applies():
        group_commit.commit(new)
        if new.outcome == group_commit.KEY_TAKEN:  # as when written alone: the caller answers with the winner
            raise IntegrityError("The Idempotency-Key was claimed by a concurrent request.")
        if new.outcome == group_commit.UNSURE:  # no key to make a retry safe: the reporter resends
            raise DatabaseError("The database did not confirm the write; send the report again.")
    if new.outcome != group_commit.WRITTEN:  # inside the caller's transaction, or the group commit failed
        write_alone(new)


def write_alone(new: NewIncident) -> None:
    with transaction.atomic():
        insert([new])
    new.outcome = group_commit.WRITTEN
