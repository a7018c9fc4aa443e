"""What an incident's own fields imply, kept in step on every write: denormalised codes (the scope filter and
the owning office), the handling level, the search text, corroboration, and the audit trail's snapshot."""

from __future__ import annotations

from typing import Any

from waspada.core.scope import Role, UserScope, scope_of
from waspada.incidents.inputs import CODED, SCALAR_FIELDS
from waspada.incidents.models import HandlingLevel, Incident, IncidentActor, IncidentSource, Status
from waspada.nlp.text import norm_key


def derive(incident: Incident, scope: UserScope, *, region_changed: bool) -> None:
    """`scope` is the writer's; the owning office follows the reporter's role when someone else moves it."""
    region = incident.region
    incident.province_code = region.province_code if region else ""
    incident.kabkota_code = region.code if region else ""
    incident.place_code = (incident.desa or incident.kecamatan or region).code if region else ""  # type: ignore[union-attr]
    if region_changed:
        reporter = scope if incident.created_by_id in (None, scope.user_id) else scope_of(incident.created_by)
        if reporter.role == Role.PROVINCE_OFFICER and region is not None:
            incident.owner_code = region.province_code
        else:
            incident.owner_code = incident.kabkota_code
    early = incident.status in (Status.DRAFT, Status.SUBMITTED)
    if region is None and early:
        incident.handling_level = HandlingLevel.NATIONAL  # untriaged: the national desk places it
    elif region is not None and early and region_changed:
        incident.handling_level = HandlingLevel.KABKOTA


def search_text(incident: Incident, actors: list[IncidentActor] | None = None) -> str:
    parts = [incident.title, incident.narrative, incident.damage]
    for region in (incident.region, incident.kecamatan, incident.desa):
        if region is not None:
            parts.append(region.name)
    parts += [incident.event_type.label_id, incident.event_type.label_en]
    if incident.event_subtype is not None:
        parts += [incident.event_subtype.label_id, incident.event_subtype.label_en]
    if actors is None and incident.pk:
        actors = list(incident.actors.all())
    parts += [actor.name for actor in actors or []]
    return " " + norm_key(" ".join(part for part in parts if part)) + " "


def refresh_corroboration(incident: Incident) -> int:
    count = IncidentSource.objects.filter(incident=incident).values("independence_key").distinct().count()
    Incident.objects.filter(pk=incident.pk).update(corroboration=count)
    incident.corroboration = count
    return count


def snapshot(incident: Incident) -> dict[str, Any]:
    """What the audit trail keeps of an incident: fields and counts, never informant identities."""
    fields = {key: getattr(incident, key + "_id" if key in CODED else key) for key in SCALAR_FIELDS}
    return fields | {
        "status": incident.status, "handling_level": incident.handling_level, "election": incident.election_id,
        "province_code": incident.province_code, "owner_code": incident.owner_code,
        "location_review": incident.location_review, "corroboration": incident.corroboration,
    }  # fmt: skip
