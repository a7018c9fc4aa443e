"""Photos of an activity: images only (JPEG, PNG, WebP), the type sniffed from the bytes (never the name or the
browser's claim), within the attachment size limit incidents use (WASPADA_ATTACHMENT_MAX_MB), at most MAX_PHOTOS
per activity, stored under a content-hash name and served only after a scope check (views.photo)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
MAX_PHOTOS = 10
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "WASPADA_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class CheckedPhoto:
    name: str
    content: bytes
    mime: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def extension(self) -> str:
        return PHOTO_TYPES[self.mime]

    def file(self) -> ContentFile:  # type: ignore[type-arg]
        return ContentFile(self.content, name=f"{self.sha256}.{self.extension}")


def check_photo(upload: Any) -> CheckedPhoto | str:
    """The photo's bytes and type, or the reason it is refused (naming the file)."""
    limit = max_bytes()
    name = str(getattr(upload, "name", "") or "foto")[-200:]
    if getattr(upload, "size", None) is not None and upload.size > limit:
        return _("%(name)s is %(size)s; the limit is %(limit)s.") % {
            "name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}  # fmt: skip
    content = upload.read(limit + 1)
    if len(content) > limit:
        return _("%(name)s is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(limit)}
    kind = filetype.guess(content)
    if kind is None or kind.mime not in PHOTO_TYPES:
        found = kind.mime if kind is not None else _("unknown")
        return _("%(name)s is not a JPEG, PNG or WebP photo (its content is %(type)s).") % {"name": name,
                                                                                          "type": found}  # fmt: skip
    return CheckedPhoto(name, content, kind.mime)


def check_photos(uploads: list[Any], already: int, errors: dict[str, str]) -> list[CheckedPhoto]:
    """Every upload checked; the first refusal goes to errors["photos"]."""
    if already + len(uploads) > MAX_PHOTOS:
        errors["photos"] = _("At most %(max)d photos per activity.") % {"max": MAX_PHOTOS}
        return []
    checked = []
    for upload in uploads:
        result = check_photo(upload)
        if isinstance(result, str):
            errors.setdefault("photos", result)
        else:
            checked.append(result)
    return checked
