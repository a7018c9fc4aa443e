"""Merging a duplicate into its original: the original keeps every source of the duplicate (informants
included), so its corroboration counts them; only within one office and never into a weaker sensitivity."""

from __future__ import annotations

from django.utils.translation import gettext as _

from waspada.core.scope import Sensitivity, UserScope
from waspada.incidents import access
from waspada.incidents.actions.derived import refresh_corroboration
from waspada.incidents.errors import Invalid
from waspada.incidents.models import Incident, IncidentSource, Status

_STRICTNESS = {Sensitivity.PUBLIC: 0, Sensitivity.INTER_AGENCY: 1, Sensitivity.RESTRICTED: 2}


def merge_target(scope: UserScope, incident: Incident, duplicate_of: int | None) -> Incident:
    """The original that `incident` duplicates, checked; sets `incident.duplicate_of`. Raises Invalid."""
    if not duplicate_of:
        raise Invalid({"duplicate_of": _("Name the incident this one duplicates.")})
    master = Incident.objects.filter(pk=duplicate_of).first()
    if master is None or not access.can_read(scope, master):
        raise Invalid({"duplicate_of": _("No incident %(id)s that you can read.") % {"id": duplicate_of}})
    if master.pk == incident.pk or master.status == Status.DUPLICATE:
        raise Invalid({"duplicate_of": _("Merge into the original incident, not into itself or another duplicate.")})
    # Its sources (informants included) move to the master: keep them in the same office, no less protected.
    strictness = _STRICTNESS.get(Sensitivity(master.sensitivity), -1)
    if master.owner_code != incident.owner_code or strictness < _STRICTNESS[Sensitivity(incident.sensitivity)]:
        raise Invalid({"duplicate_of": _("Merge only into an incident of the same office with the same or a stricter "
                                         "sensitivity.")})  # fmt: skip
    incident.duplicate_of = master
    return master


def merge_sources(duplicate: Incident, master: Incident) -> None:
    IncidentSource.objects.filter(incident=duplicate).update(incident=master, merged_from=duplicate)
    refresh_corroboration(master)
    refresh_corroboration(duplicate)
