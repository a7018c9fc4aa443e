"""Incident JSON for the API: full for readers, type/date/kab-kota only when redacted, informants never here
(they come only from the audited reveal)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from waspada.core.scope import Role, scope_of
from waspada.incidents import access
from waspada.incidents.models import Incident

# Viewers get a blurred point (about 1 km): enough for a map, not for finding a witness's house.
VIEWER_DECIMALS = 2


def redacted_json(incident: Incident) -> dict[str, Any]:
    return {"id": incident.pk, "redacted": True, "event_type": incident.event_type_id,
            "occurred_on": incident.occurred_on, "kabkota": incident.kabkota_code or None,
            "sensitivity": incident.sensitivity}  # fmt: skip


def _point(user: Any, incident: Incident) -> tuple[float | None, float | None]:
    if incident.lat is None or incident.lng is None:
        return None, None
    if scope_of(user).role == Role.VIEWER:
        return round(incident.lat, VIEWER_DECIMALS), round(incident.lng, VIEWER_DECIMALS)
    return incident.lat, incident.lng


def list_json(user: Any, incident: Incident, stage_links: Any = None) -> dict[str, Any]:
    if access.is_redacted(user, incident):
        return redacted_json(incident)
    lat, lng = _point(user, incident)
    links = incident.stage_links.all() if stage_links is None else stage_links
    return {
        "id": incident.pk, "redacted": False, "title": incident.title, "occurred_on": incident.occurred_on,
        "time_precision": incident.time_precision, "province": incident.province_code or None,
        "kabkota": incident.kabkota_code or None, "kabkota_name": incident.region.name if incident.region else None,
        "lat": lat, "lng": lng, "geo_precision": incident.geo_precision or None,
        "event_type": incident.event_type_id, "event_subtype": incident.event_subtype.code if incident.event_subtype
        else None, "severity": incident.severity, "sensitivity": incident.sensitivity, "status": incident.status,
        "handling_level": incident.handling_level, "stage_tags": [link.tag_id for link in links],
        "election": incident.election_id, "corroboration": incident.corroboration, "is_demo": incident.is_demo,
    }  # fmt: skip


def detail_json(user: Any, incident: Incident, related: dict[str, Any]) -> dict[str, Any]:
    if access.is_redacted(user, incident):
        return redacted_json(incident)
    base = list_json(user, incident, related["stage_tags"])
    base.update({
        "narrative": incident.narrative, "occurred_time": incident.occurred_time,
        "kecamatan": incident.kecamatan_id, "desa": incident.desa_id,
        "placed_from_point": incident.placed_from_point, "location_review": incident.location_review,
        "location_note": incident.location_note, "secondary_types": incident.secondary_types,
        "stage_tags": [link.tag_id for link in related["stage_tags"]],
        "dead": incident.dead, "injured": incident.injured, "people_involved": incident.people_involved,
        "damage": incident.damage, "duplicate_of": incident.duplicate_of_id,
        "actors": [{"actor_type": a.actor_type_id, "side": a.side, "name": a.name} for a in related["actors"]],
        "sources": [{"id": s.pk, "kind": s.kind, "reliability": s.reliability, "name": s.name, "url": s.url,
                     "anonymous": s.anonymous, "merged_from": s.merged_from_id} for s in related["sources"]],
        "attachments": [{"id": a.pk, "name": a.original_name, "content_type": a.content_type, "size": a.size,
                         "url": reverse("incidents:attachment", args=[a.pk])} for a in related["attachments"]],
        "transitions": [{"from": t.from_status or None, "to": t.to_status, "from_level": t.from_level or None,
                         "to_level": t.to_level or None, "by": t.actor.get_username() if t.actor else None,
                         "at": t.at, "comment": t.comment} for t in related["transitions"]],
        "followups": [{"id": f.pk, "description": f.description, "owner": f.owner.get_username() if f.owner else None,
                       "owner_office": f.owner_office or None, "due_on": f.due_on, "status": f.status,
                       "outcome": f.outcome} for f in related["followups"]],
        "created_by": incident.created_by.get_username() if incident.created_by else None,
        "created_at": incident.created_at, "updated_at": incident.updated_at,
    })  # fmt: skip
    return base
