"""Changing an incident (PATCH, the edit form): only the input's given fields change; `actors` replaces the
list, `sources` are added. Raises Invalid/Denied with nothing written."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.audit import record
from waspada.incidents import access
from waspada.incidents.actions import stages
from waspada.incidents.actions.derived import refresh_corroboration, search_text, snapshot
from waspada.incidents.actions.fields import apply_input
from waspada.incidents.actions.results import UpdateResult
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import Denied
from waspada.incidents.inputs import PLACE_FIELDS, IncidentInput
from waspada.incidents.models import Incident, IncidentActor, IncidentSource


def update_incident(writer: Writer, incident: Incident, inp: IncidentInput) -> UpdateResult:
    if not access.can_change(writer.scope, incident):
        raise Denied({"request": _("You may not change incident %(id)s now.") % {"id": incident.pk}})
    with transaction.atomic():
        locked = (
            Incident.objects.select_for_update(of=("self",))
            .select_related("region", "kecamatan", "desa")
            .get(pk=incident.pk)
        )
        before = snapshot(locked)
        rows = apply_input(locked, inp, writer.scope, creating=False, sources_field="add_sources")
        if rows.actors is not None:
            IncidentActor.objects.filter(incident=locked).delete()
            for actor in rows.actors:
                actor.incident = locked
            IncidentActor.objects.bulk_create(rows.actors)
        locked.search_text = search_text(locked)
        locked.updated_at = timezone.now()
        tags = stages.tag(locked) if inp.sets("occurred_on", *PLACE_FIELDS) else None  # stages follow date, place
        locked.save()
        if tags is not None:
            stages.replace_stages(locked, tags)
        if rows.sources:
            for source in rows.sources:
                source.incident, source.created_by = locked, writer.creator
            IncidentSource.objects.bulk_create(rows.sources)
            refresh_corroboration(locked)
        after = snapshot(locked) | ({"stage_tags": tags} if tags is not None else {})
        record(writer.user, "incident.update", locked, before=before, after=after, request=writer.request)
    changed = {key for key in before if before[key] != after[key]}
    changed |= {name for name, done in (("actors", rows.actors is not None), ("sources", rows.sources)) if done}
    return UpdateResult(locked, frozenset(changed))
