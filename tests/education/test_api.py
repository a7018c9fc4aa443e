"""GET/POST /api/v1/education/activities: scope, filters, typed bodies (unknown keys refused), refusals naming the
field with nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.education.conftest import activity
from tests.personas import client_for
from waspada.education import services
from waspada.education.models import Activity

pytestmark = pytest.mark.django_db
URL = "/api/v1/education/activities"


def body(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Sosialisasi pemilih pemula", "start_date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "region": "32.73", "organiser": "Kesbangpol Kota Bandung", "activity_type": "law_socialisation",
        "facilitation_form": "coordination", "target_groups": ["first_time_voters"], "participants_total": 80,
    }  # fmt: skip
    values.update(overrides)
    return values


def _post(user: Any, data: dict[str, Any]) -> Any:
    return client_for(user).post(URL, data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en",
                                 headers={"Accept-Language": "en"})  # fmt: skip


def test_post_records_and_get_lists_within_scope(kabkota_officer: Any, national_admin: Any,
                                                 province_officer: Any) -> None:  # fmt: skip
    answer = _post(kabkota_officer, body())
    assert answer.status_code == 201, answer.content
    created = answer.json()
    assert created["region"] == "32.73" and created["target_groups"] == ["first_time_voters"]
    assert created["created_by"] == kabkota_officer.username and created["photos"] == []
    services.create_activity(national_admin, activity(region="35.78", start_date=timezone.localdate()))
    mine = client_for(kabkota_officer).get(URL).json()
    assert [a["id"] for a in mine["results"]] == [created["id"]]
    everything = client_for(national_admin).get(URL).json()
    assert everything["count"] == 2
    assert client_for(national_admin).get(URL, {"region": "35"}).json()["count"] == 1
    assert client_for(national_admin).get(URL, {"target_group": "women"}).json()["count"] == 0
    assert client_for(province_officer).get(URL, {"region": "35.78"}).json()["count"] == 0


@pytest.mark.parametrize(("overrides", "field"), [
    ({"participants_total": -1}, "participants_total"),
    ({"activity_type": "karaoke"}, "activity_type"),
    ({"target_groups": ["aliens"]}, "target_groups.0"),
    ({"surprise": 1}, "surprise"),
    ({"region": "35.78"}, "region"),
    ({"end_date": "2020-01-01"}, "end_date"),
    ({"start_date": "2205-01-01"}, "start_date"),
])  # fmt: skip
def test_bad_bodies_are_422_naming_the_field(kabkota_officer: Any, overrides: dict[str, Any], field: str) -> None:
    answer = _post(kabkota_officer, body(**overrides))
    assert answer.status_code == 422, answer.content
    assert field in [error["field"] for error in answer.json()["errors"]]
    assert not Activity.objects.exists()


def test_roles_without_the_permission_get_403(viewer: Any, field_monitor: Any) -> None:
    assert _post(viewer, body()).status_code == 403
    assert _post(field_monitor, body()).status_code == 403
    assert client_for(viewer).get(URL).status_code == 200
