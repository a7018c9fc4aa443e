"""Photos of an activity: images only (JPEG, PNG, WebP), the type sniffed from the bytes (never the name or the
browser's claim), within the attachment size limit incidents use (WASPADA_ATTACHMENT_MAX_MB), at most MAX_PHOTOS
per activity, stored under a content-hash name and served only after a scope check (views.photo)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from waspada.core.uploads import IMAGE_TYPES, CheckedUpload, check_upload

MAX_PHOTOS = 10


def check_photo(upload: Any) -> CheckedUpload | str:
    """The photo's bytes and type, or the reason it is refused (naming the file)."""
    return check_upload(upload, IMAGE_TYPES, _("%(name)s is not a JPEG, PNG or WebP photo (its content is %(type)s)."),
                        default_name="foto")  # fmt: skip


def check_photos(uploads: list[Any], already: int, errors: dict[str, str]) -> list[CheckedUpload]:
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
