"""Every write of the education app: record an activity (with its target groups and photos), add photos, and the
spreadsheet import's insert. Each checks the permission and scope (validation.py), writes in one transaction and
records its audit event there; a refusal (errors.py) names the field and writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.audit import record
from waspada.core.permissions import has_permission
from waspada.core.scope import Action, can
from waspada.core.uploads import CheckedUpload
from waspada.education import photos as photo_rules
from waspada.education.errors import Denied, Invalid
from waspada.education.inputs import ActivityInput
from waspada.education.models import Activity, Photo, TargetGroup
from waspada.education.validation import check
from waspada.regions.models import Region

RECORD = "education.record"


def require_record(user: Any) -> None:
    if not has_permission(user, RECORD):
        raise Denied({"user": _("Your role may not record political-education activities.")})


def build(user: Any, data: ActivityInput, region: Region, *, is_demo: bool = False) -> Activity:
    """The unsaved activity of checked input (the total filled in from men and women when not given)."""
    total = data.participants_total
    if total is None and (data.participants_male is not None or data.participants_female is not None):
        total = (data.participants_male or 0) + (data.participants_female or 0)
    assert data.start_date is not None  # checked by validation.check
    return Activity(
        title=data.title.strip(), start_date=data.start_date, end_date=data.end_date or data.start_date,
        region=region, province_code=region.province_code, kabkota_code=region.kabkota_code or "",
        organiser=data.organiser.strip(), activity_type=data.activity_type, facilitation_form=data.facilitation_form,
        participants_male=data.participants_male, participants_female=data.participants_female,
        participants_total=total, partners=data.partners.strip(), budget_idr=data.budget_idr,
        materials=data.materials.strip(), outcome_notes=data.outcome_notes.strip(), is_demo=is_demo,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )  # fmt: skip


def insert(activities: list[Activity], groups: Mapping[int, Iterable[str]]) -> list[Activity]:
    """Write checked activities and their target groups (groups keyed by the activity's index in the list).
    The one insert every path uses; the caller holds the transaction and records the audit event."""
    created = Activity.objects.bulk_create(activities)
    rows = [TargetGroup(activity=activity, code=code)
            for index, activity in enumerate(created) for code in dict.fromkeys(groups.get(index, ()))]  # fmt: skip
    TargetGroup.objects.bulk_create(rows)
    return created


def snapshot(activity: Activity, groups: Iterable[str]) -> dict[str, Any]:
    """What the audit trail keeps of an activity."""
    fields = ("title", "start_date", "end_date", "region_id", "organiser", "activity_type", "facilitation_form",
              "participants_male", "participants_female", "participants_total", "budget_idr")  # fmt: skip
    return {**{name: getattr(activity, name) for name in fields}, "target_groups": sorted(groups)}


def _store(checked: list[CheckedUpload], user: Any) -> list[Photo]:
    """Save the files before the write transaction (no file I/O while SQLite's write lock is held); the rows are
    written by the caller, which removes the files again (_discard) when they are not."""
    photos = []
    for item in checked:
        photo = Photo(original_name=item.name, content_type=item.mime, extension=item.extension,
                      size=len(item.content), sha256=item.sha256,
                      uploaded_by=user if getattr(user, "is_authenticated", False) else None)  # fmt: skip
        content = item.file()
        photo.file.save(content.name, content, save=False)
        photos.append(photo)
    return photos


def _discard(photos: list[Photo]) -> None:
    for photo in photos:
        photo.file.storage.delete(photo.file.name)


def create_activity(user: Any, data: ActivityInput, photos: list[Any] | None = None,
                    request: HttpRequest | None = None, today: dt.date | None = None) -> Activity:  # fmt: skip
    """Record one activity; every field and photo is checked first, and one refusal writes nothing."""
    require_record(user)
    errors, region = check(user, data, today or timezone.localdate())
    checked = photo_rules.check_photos(list(photos or []), 0, errors)
    if errors or region is None:
        raise Invalid(errors)
    activity = build(user, data, region)
    stored = _store(checked, user)
    try:
        with transaction.atomic():
            (activity,) = insert([activity], {0: data.target_groups})
            for photo in stored:
                photo.activity = activity
            Photo.objects.bulk_create(stored)
            after = {**snapshot(activity, data.target_groups), "photos": len(stored)}
            record(user, "education.activity_create", activity, after=after, request=request)
    except BaseException:
        _discard(stored)
        raise
    return activity


def add_photos(user: Any, activity: Activity, uploads: list[Any], request: HttpRequest | None = None) -> list[Photo]:
    """More photos for an activity the user may change (its region in scope; a recording role)."""
    require_record(user)
    if not can(user, Action.CHANGE, activity):
        raise Denied({"activity": _("You may not change activity %(id)s.") % {"id": activity.pk}})
    errors: dict[str, str] = {}
    if not uploads:
        errors["photos"] = _("Choose at least one photo.")
    checked = photo_rules.check_photos(uploads, activity.photos.count(), errors)
    if errors:
        raise Invalid(errors)
    stored = _store(checked, user)
    try:
        with transaction.atomic():
            for photo in stored:
                photo.activity = activity
            Photo.objects.bulk_create(stored)
            record(user, "education.photo_add", activity,
                   after={"photos": [{"sha256": p.sha256, "type": p.content_type, "size": p.size} for p in stored]},
                   request=request)  # fmt: skip
    except BaseException:
        _discard(stored)
        raise
    return stored
