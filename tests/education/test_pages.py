"""The pages: the list and detail within scope, recording through the form (errors shown by field, nothing
written), photos served only in scope, the coverage page with and without an index, the import page with its
row errors, the template and the exports."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.education.conftest import activity, index_run, png
from tests.education.test_spreadsheet import row, xlsx
from tests.personas import client_for
from waspada.education import services
from waspada.education.models import Activity

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Any:
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_list_and_detail_respect_scope(populated: dict[str, Any]) -> None:
    admin = populated["national_admin"]
    today = timezone.localdate()
    bandung = services.create_activity(admin, activity(start_date=today), [png()])
    surabaya = services.create_activity(admin, activity(region="35.78", title="Jambore Surabaya", start_date=today))
    officer = _client(populated["kabkota_officer"])
    page = officer.get(reverse("education:list")).content.decode()
    assert bandung.title in page and "Jambore Surabaya" not in page
    assert officer.get(reverse("education:detail", args=[bandung.pk])).status_code == 200
    assert officer.get(reverse("education:detail", args=[surabaya.pk])).status_code == 404
    photo = bandung.photos.get()
    served = officer.get(reverse("education:photo", args=[photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    other = _client(populated["national_admin"])
    assert other.get(reverse("education:photo", args=[photo.pk])).status_code == 200
    services.add_photos(admin, surabaya, [png()])
    assert officer.get(reverse("education:photo", args=[surabaya.photos.get().pk])).status_code == 404


def test_the_form_records_and_shows_errors_by_field(populated: dict[str, Any]) -> None:
    client = _client(populated["kabkota_officer"])
    form = client.get(reverse("education:create")).content.decode()
    assert 'value="32.73"' in form and 'value="35.78"' not in form and 'value="first_time_voters"' in form
    data = {"title": "Bimtek saksi", "start_date": timezone.localdate().isoformat(), "region": "32.73",
            "organiser": "Kesbangpol", "activity_type": "training_guidance", "facilitation_form": "facilities",
            "target_groups": ["youth", "women"], "participants_male": "5", "participants_female": "7",
            "participants_total": "3"}  # fmt: skip
    refused = client.post(reverse("education:create"), data)
    assert refused.status_code == 422 and "less than men and women together" in refused.content.decode()
    assert not Activity.objects.exists()
    data["participants_total"] = "12"
    done = client.post(reverse("education:create"), {**data, "photos": [png()]})
    assert done.status_code == 302
    created = Activity.objects.get()
    assert done["Location"] == reverse("education:detail", args=[created.pk]) and created.photos.count() == 1


def test_coverage_page_says_when_there_is_no_index(populated: dict[str, Any]) -> None:
    client = _client(populated["province_officer"])
    page = client.get(reverse("education:coverage")).content.decode()
    assert 'id="no-index"' in page and "Kota Bandung" in page and "Kota Surabaya" not in page
    assert "High risk, no activity" not in page
    index_run({"32.04": "tinggi", "32.73": "sedang"})
    page = client.get(reverse("education:coverage"), {"minggu": "26"}).content.decode()
    assert 'id="no-index"' not in page and "High risk, no activity" in page
    assert '<tr class="gap" data-code="32.04">' in page
    assert client.get(reverse("education:coverage"), {"wilayah": "35.78"}).status_code == 403
    assert client.get(reverse("education:coverage"), {"wilayah": "32.73"}).status_code == 200


def test_import_page_lists_row_errors_and_imports_all_or_nothing(populated: dict[str, Any]) -> None:
    client = _client(populated["kabkota_officer"])
    bad = io.BytesIO(xlsx(row(), row(peserta_perempuan=-2)))
    bad.name = "kegiatan.xlsx"
    answer = client.post(reverse("education:import"), {"file": bad})
    assert answer.status_code == 422 and "Row 3, peserta_perempuan" in answer.content.decode()
    assert not Activity.objects.exists()
    good = io.BytesIO(xlsx(row(), row()))
    good.name = "kegiatan.xlsx"
    assert client.post(reverse("education:import"), {"file": good}).status_code == 302
    assert Activity.objects.count() == 2
    template = client.get(reverse("education:import_template"))
    assert load_workbook(io.BytesIO(template.content)).sheetnames == ["kegiatan", "kode"]
    exported = client.get(reverse("education:export"))
    assert load_workbook(io.BytesIO(exported.content)).active.max_row == 3
    csv_export = client.get(reverse("education:export"), {"format": "csv"})
    assert csv_export["Content-Type"].startswith("text/csv") and csv_export.content.count(b"\n") == 3
