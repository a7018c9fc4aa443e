"""Attachments: images and PDF only, type sniffed from the bytes (never the name or the browser's claim),
size-limited, stored through Django's storage API under a content-hash name, served only after a scope check."""

from __future__ import annotations

import hashlib
from typing import Any

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from waspada.core.audit import record
from waspada.incidents import access
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.models import Attachment, Incident

ALLOWED_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif",
                 "application/pdf": "pdf"}  # fmt: skip
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "WASPADA_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def validate_upload(upload: Any, field: str = "file") -> tuple[bytes, str]:
    """(content, MIME type) or Invalid naming the field."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise Invalid({field: _("%(name)s is %(size)s; the limit is %(limit)s.") % {
            "name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}})  # fmt: skip
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise Invalid({field: _("%(name)s is larger than %(limit)s.") % {"name": upload.name,
                                                                      "limit": filesizeformat(limit)}})  # fmt: skip
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        found = kind.mime if kind is not None else _("unknown")
        raise Invalid({field: _("%(name)s is not an image or a PDF (its content is %(type)s).") % {
            "name": upload.name, "type": found}})  # fmt: skip
    return content, kind.mime


def add_attachment(writer: Writer, incident: Incident, upload: Any, field: str = "file") -> Attachment:
    if not access.can_change(writer.scope, incident):
        raise Denied({field: _("You may not add files to incident %(id)s now.") % {"id": incident.pk}})
    content, mime = validate_upload(upload, field)
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(incident=incident, original_name=str(upload.name)[-200:], content_type=mime,
                            extension=ALLOWED_TYPES[mime], size=len(content), sha256=digest,
                            uploaded_by=writer.creator)  # fmt: skip
    # The file is stored before the write transaction (no file I/O while SQLite's write lock is held) and
    # removed again if the rows are not written, so a failed upload leaves no orphan file behind.
    attachment.file.save(f"{digest}.{attachment.extension}", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            attachment.save()
            record(writer.user, "incident.attachment_add", incident,
                   after={"attachment": attachment.pk, "sha256": digest, "type": mime, "size": len(content)},
                   request=writer.request)  # fmt: skip
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
