"""Key rotation: every informant field re-encrypted under the current key (`waspada incidents rotate-keys`),
in batches, with one audit event for the run."""

from __future__ import annotations

import uuid

from django.db import transaction

from waspada.core.audit import record_batch
from waspada.incidents import crypto
from waspada.incidents.models import IncidentSource


def rotate_informant_keys(batch_size: int = 500) -> int:
    done = 0
    queryset = IncidentSource.objects.exclude(informant_name_enc="", informant_contact_enc="").order_by("pk")
    last = 0
    while True:
        with transaction.atomic():
            rows = list(queryset.filter(pk__gt=last).select_for_update()[:batch_size])
            if not rows:
                break
            for row in rows:
                row.informant_name_enc = crypto.rotate(row.informant_name_enc)
                row.informant_contact_enc = crypto.rotate(row.informant_contact_enc)
            IncidentSource.objects.bulk_update(rows, ["informant_name_enc", "informant_contact_enc"])
            done += len(rows)
            last = rows[-1].pk
    record_batch(None, "incidents.rotate_keys", object_type="incidents.incidentsource", job_id=uuid.uuid4().hex,
                 counts={"sources": done})  # fmt: skip
    return done
