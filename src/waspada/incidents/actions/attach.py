"""Attachments: images and PDF only, type sniffed from the bytes (never the name or the browser's claim),
size-limited, stored through Django's storage API under a content-hash name, served only after a scope check."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waspada.core.audit import record
from waspada.core.uploads import IMAGE_TYPES, CheckedUpload, check_upload
from waspada.incidents import access
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.models import Attachment, Incident

ALLOWED_TYPES = {**IMAGE_TYPES, "image/gif": "gif", "application/pdf": "pdf"}


def validate_upload(upload: Any, field: str = "file") -> CheckedUpload:
    """The checked file, or Invalid naming the field."""
    checked = check_upload(upload, ALLOWED_TYPES, _("%(name)s is not an image or a PDF (its content is %(type)s)."))
    if isinstance(checked, str):
        raise Invalid({field: checked})
    return checked


def add_attachment(writer: Writer, incident: Incident, upload: Any, field: str = "file") -> Attachment:
    if not access.can_change(writer.scope, incident):
        raise Denied({field: _("You may not add files to incident %(id)s now.") % {"id": incident.pk}})
    checked = validate_upload(upload, field)
    attachment = Attachment(incident=incident, original_name=str(upload.name)[-200:], content_type=checked.mime,
                            extension=checked.extension, size=len(checked.content), sha256=checked.sha256,
                            uploaded_by=writer.creator)  # fmt: skip
    # The file is stored before the write transaction (no file I/O while SQLite's write lock is held) and
    # removed again if the rows are not written, so a failed upload leaves no orphan file behind.
    attachment.file.save(checked.hashed_name, checked.file(), save=False)
    try:
        with transaction.atomic():
            attachment.save()
            record(writer.user, "incident.attachment_add", incident,
                   after={"attachment": attachment.pk, "sha256": checked.sha256, "type": checked.mime,
                          "size": len(checked.content)},
                   request=writer.request)  # fmt: skip
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
