"""Recording an activity: what is written and audited, and every refusal (bad input, scope, role, photos) naming
its field with nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.education.conftest import TODAY, activity, png
from waspada.core.audit.describe import ACTIONS
from waspada.core.audit.models import AuditEvent
from waspada.education import services
from waspada.education.errors import Denied, Invalid
from waspada.education.models import Activity, Photo, TargetGroup

pytestmark = pytest.mark.django_db


def test_an_activity_is_written_with_its_groups_photo_and_audit_event(kabkota_officer: Any) -> None:
    created = services.create_activity(kabkota_officer, activity(), [png()], today=TODAY)
    assert created.kabkota_code == "32.73" and created.province_code == "32"
    assert created.end_date == created.start_date  # one day when no end is given
    assert created.participants_total == 100  # men and women added up
    assert sorted(TargetGroup.objects.filter(activity=created).values_list("code", flat=True)) == [
        "first_time_voters", "students"]  # fmt: skip
    photo = Photo.objects.get(activity=created)
    assert photo.content_type == "image/png" and photo.file.name.endswith(".png")
    event = AuditEvent.objects.get(action="education.activity_create")
    assert event.object_id == str(created.pk) and event.after["target_groups"] == ["first_time_voters", "students"]
    assert event.after["photos"] == 1
    assert {"education.activity_create", "education.photo_add", "education.import", "education.demo"} <= set(ACTIONS)


def test_a_province_officer_records_for_the_whole_province(province_officer: Any) -> None:
    created = services.create_activity(province_officer, activity(region="32"), today=TODAY)
    assert created.kabkota_code == "" and created.province_code == "32"


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"participants_male": -1}, "participants_male", "0"),
    ({"participants_total": 50}, "participants_total", "100"),
    ({"end_date": dt.date(2026, 11, 9)}, "end_date", "before the start"),
    ({"start_date": dt.date(2205, 11, 10)}, "start_date", "days ahead"),
    ({"start_date": dt.date(1999, 1, 1)}, "start_date", "2000-01-01"),
    ({"end_date": dt.date(2028, 11, 10)}, "end_date", "days ahead"),
    ({"activity_type": "karaoke"}, "activity_type", "karaoke"),
    ({"facilitation_form": "cash"}, "facilitation_form", "cash"),
    ({"target_groups": ["women", "aliens"]}, "target_groups", "aliens"),
    ({"target_groups": []}, "target_groups", "at least one"),
    ({"region": "35.78"}, "region", "outside your scope"),
    ({"region": "32.73.01"}, "region", "not a province"),
    ({"region": "99.99"}, "region", "No region"),
    ({"title": "  "}, "title", "Required"),
    ({"budget_idr": -5}, "budget_idr", "rupiah"),
])  # fmt: skip
def test_bad_input_is_refused_by_field_and_nothing_is_written(kabkota_officer: Any, overrides: dict[str, Any],
                                                              field: str, words: str) -> None:  # fmt: skip
    with pytest.raises(Invalid) as refused:
        services.create_activity(kabkota_officer, activity(**overrides), [png()], today=TODAY)
    assert field in refused.value.errors and words in refused.value.errors[field]
    assert not Activity.objects.exists() and not Photo.objects.exists()
    assert not AuditEvent.objects.filter(action="education.activity_create").exists()


def test_a_province_level_activity_is_outside_a_kabkota_officers_scope(kabkota_officer: Any) -> None:
    with pytest.raises(Invalid) as refused:
        services.create_activity(kabkota_officer, activity(region="32"), today=TODAY)
    assert "outside your scope" in refused.value.errors["region"]


@pytest.mark.parametrize("role", ["viewer", "field_monitor", "national_analyst"])
def test_roles_without_the_permission_are_denied(personas: dict[str, Any], role: str) -> None:
    with pytest.raises(Denied):
        services.create_activity(personas[role], activity(), today=TODAY)
    assert not Activity.objects.exists()


def test_photos_must_be_images_within_the_size_limit(kabkota_officer: Any, settings: Any) -> None:
    pdf = SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "image/png")
    with pytest.raises(Invalid) as refused:
        services.create_activity(kabkota_officer, activity(), [pdf], today=TODAY)
    assert "laporan.pdf" in refused.value.errors["photos"] and "application/pdf" in refused.value.errors["photos"]
    settings.WASPADA_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(Invalid) as too_big:
        services.create_activity(kabkota_officer, activity(), [png()], today=TODAY)
    assert "foto.png" in too_big.value.errors["photos"]
    with pytest.raises(Invalid) as too_many:
        services.create_activity(kabkota_officer, activity(), [png(f"{n}.png") for n in range(11)], today=TODAY)
    assert "10" in too_many.value.errors["photos"]
    assert not Activity.objects.exists() and not Photo.objects.exists()


def test_photos_are_added_later_only_within_scope(kabkota_officer: Any, national_admin: Any,
                                                  personas: dict[str, Any]) -> None:  # fmt: skip
    created = services.create_activity(national_admin, activity(region="35.78"), today=TODAY)
    with pytest.raises(Denied):
        services.add_photos(kabkota_officer, created, [png()])
    services.add_photos(national_admin, created, [png(), png("b.png")])
    assert created.photos.count() == 2
    assert AuditEvent.objects.filter(action="education.photo_add").count() == 1
