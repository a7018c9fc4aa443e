"""One check for every uploaded file (incident attachments, monitoring evidence, grant documents, activity photos):
within the size limit (WASPADA_ATTACHMENT_MAX_MB), of an allowed type read from the bytes (never the name or the
browser's claim), kept under a content-hash name so a resend stores nothing twice."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "WASPADA_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content: bytes
    mime: str
    extension: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def hashed_name(self) -> str:
        return f"{self.sha256}.{self.extension}"

    def file(self) -> ContentFile:  # type: ignore[type-arg]
        return ContentFile(self.content, name=self.hashed_name)


def check_upload(
    upload: Any, allowed: Mapping[str, str], wrong_type: str, default_name: str = ""
) -> CheckedUpload | str:
    """The upload's bytes and type, or why it is refused, naming the file. `allowed` maps MIME type to extension;
    `wrong_type` is the translated refusal with %(name)s and %(type)s (what the bytes turned out to be)."""
    limit = max_bytes()
    name = str(getattr(upload, "name", "") or default_name)[-200:]
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        return _("%(name)s is %(size)s; the limit is %(limit)s.") % {
            "name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}  # fmt: skip
    content = upload.read(limit + 1)
    if len(content) > limit:
        return _("%(name)s is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(limit)}
    kind = filetype.guess(content)
    if kind is None or kind.mime not in allowed:
        return wrong_type % {"name": name, "type": kind.mime if kind is not None else _("unknown")}
    return CheckedUpload(name, content, kind.mime, allowed[kind.mime])
