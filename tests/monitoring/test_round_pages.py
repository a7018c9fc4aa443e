"""The pages a round manager uses: open a round (with its election cycle and stage) and import a KoBo / ODK export
on behalf of the offices; refusals shown on the form, nothing written."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.monitoring.test_xlsform import _kobo_csv
from tests.personas import client_for
from waspada.elections.models import Stage
from waspada.elections.services import import_elections
from waspada.monitoring.models import Answer, InstrumentVersion, Round
from waspada.monitoring.submissions_import import REGION_COLUMN


@pytest.fixture
def version(db: None) -> InstrumentVersion:
    call_command("instruments", "load-default", stdout=StringIO())
    import_elections(Path(settings.DOMAIN_DIR))
    return InstrumentVersion.objects.get(instrument__code="waspada_default", number=1)


def _form(version: InstrumentVersion, **extra: Any) -> dict[str, Any]:
    deadline = timezone.localtime() + datetime.timedelta(days=7)
    return {"version": version.pk, "title": "Putaran Januari", "period_start": "2027-01-01",
            "period_end": "2027-01-31", "deadline": deadline.strftime("%Y-%m-%dT%H:%M"), **extra}  # fmt: skip


def test_a_province_opens_a_round_for_its_kabkota_on_the_page(version: InstrumentVersion,
                                                              province_officer: Any) -> None:  # fmt: skip
    client = client_for(province_officer)
    listing = client.get("/monitoring/").content.decode()
    assert "/monitoring/rounds/new/" in listing
    page = client.get("/monitoring/rounds/new/")
    assert page.status_code == 200 and "Buka putaran pemantauan" in page.content.decode()
    stage = Stage.objects.filter(election_id="pemilu_2024").first()
    assert stage is not None
    opened = client.post("/monitoring/rounds/new/", _form(version, election="pemilu_2024", stage=stage.pk))
    assert opened.status_code == 302, opened.content.decode()[:3000]
    round_ = Round.objects.get()
    assert (round_.election_id, round_.stage_id, round_.province_code) == ("pemilu_2024", stage.pk, "32")
    assert set(round_.assignments.values_list("province_code", flat=True)) == {"32"}


def test_the_page_shows_the_services_refusals(version: InstrumentVersion, province_officer: Any,
                                              kabkota_officer: Any) -> None:  # fmt: skip
    client = client_for(province_officer)
    other = Stage.objects.filter(election_id="pilkada_2024").first()
    assert other is not None
    refused = client.post("/monitoring/rounds/new/", _form(version, election="pemilu_2024", stage=other.pk,
                                                            regions="35.78"))  # fmt: skip
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "Tahapan itu milik pemilihan lain." in text
    assert not Round.objects.exists()
    outside = client.post("/monitoring/rounds/new/", _form(version, regions="35.78"))
    assert outside.status_code == 422 and "35.78" in outside.content.decode() and not Round.objects.exists()
    assert client_for(kabkota_officer).get("/monitoring/rounds/new/").status_code == 403


def test_the_national_desk_imports_a_kobo_export_on_the_page(version: InstrumentVersion, national_admin: Any,
                                                             province_officer: Any) -> None:  # fmt: skip
    from waspada.monitoring import services

    today = datetime.date(2027, 1, 1)
    round_ = services.open_round(national_admin, version=version, title="Putaran", period_start=today,
                                 period_end=today, deadline=timezone.now() + datetime.timedelta(days=3))  # fmt: skip
    url = f"/monitoring/rounds/{round_.pk}/import/"
    rows = [{REGION_COLUMN: "35.78", "intimidasi": "3"}]
    province = client_for(province_officer)
    refused = province.post(url, {"file": SimpleUploadedFile("kobo.csv", _kobo_csv(version, rows))})
    assert refused.status_code == 422 and "Baris 2" in refused.content.decode() and not Answer.objects.exists()
    national = client_for(national_admin)
    assert url in national.get("/monitoring/").content.decode()
    done = national.post(url, {"file": SimpleUploadedFile("kobo.csv", _kobo_csv(version, rows))})
    assert done.status_code == 302 and done["Location"] == f"/monitoring/rounds/{round_.pk}/board/"
    assert Answer.objects.get(assignment__kabkota_code="35.78").value == 3
