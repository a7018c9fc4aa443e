"""The informant reveal: decrypted identities for the owning office and national roles only, every call audited
(without the names)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from waspada.core.audit import record
from waspada.incidents import access, crypto
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import Denied
from waspada.incidents.models import Incident


def reveal_informants(writer: Writer, incident: Incident) -> list[dict[str, Any]]:
    if not access.can_see_informants(writer.scope, incident):
        raise Denied({"informants": _("Only the owning office and national roles see informants.")})
    sources = [source for source in incident.sources.all() if source.has_informant]
    record(writer.user, "incident.informant_view", incident, after={"sources": [source.pk for source in sources]},
           request=writer.request)  # fmt: skip
    return [{"source": source.pk, "kind": source.kind, "informant_name": crypto.decrypt(source.informant_name_enc),
             "informant_contact": crypto.decrypt(source.informant_contact_enc)} for source in sources]  # fmt: skip
