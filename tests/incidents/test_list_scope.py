"""The incident list as an officer uses it: a region filter outside the work area says so (page) or answers
403 naming the field (API) instead of an empty list; redacted rows name their kab/kota, never its code."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.incidents.conftest import create, report
from tests.personas import client_for, create_foreign_regions, create_personas


@pytest.fixture
def world(reference: None) -> dict[str, Any]:
    create_foreign_regions()
    personas = create_personas()
    restricted = create(personas["kabkota_officer"], report(sensitivity="restricted"))
    create(personas["national_admin"], report(region="35.78"))
    return {"personas": personas, "restricted": restricted.pk}


@pytest.mark.parametrize("persona", ["province_officer", "kabkota_officer"])
def test_a_region_outside_the_work_area_says_so_on_the_page(persona: str, world: dict[str, Any]) -> None:
    client = client_for(world["personas"][persona])
    response = client.get("/incidents/?region=35.78")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Wilayah Kota Surabaya (35.78) di luar wilayah kerja Anda." in body
    assert 'class="sev' not in body  # no rows, not even the officer's own ones


def test_the_own_province_or_kabkota_is_no_refusal(world: dict[str, Any]) -> None:
    client = client_for(world["personas"]["kabkota_officer"])
    for region in ("32", "32.73"):
        body = client.get(f"/incidents/?region={region}").content.decode()
        assert "di luar wilayah kerja" not in body and f"#{world['restricted']}" in body


@pytest.mark.parametrize(("region", "status"), [("35.78", 403), ("35", 403), ("99.99", 422)])
def test_the_api_answers_a_4xx_naming_the_region_field(region: str, status: int, world: dict[str, Any]) -> None:
    client = client_for(world["personas"]["kabkota_officer"])
    response = client.get(f"/api/v1/incidents?region={region}")
    assert response.status_code == status
    assert [error["field"] for error in response.json()["errors"]] == ["region"]
    assert region in response.json()["detail"]


def test_national_roles_may_filter_any_region(world: dict[str, Any]) -> None:
    response = client_for(world["personas"]["national_analyst"]).get("/api/v1/incidents?region=35.78")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_redacted_rows_and_page_name_the_kabkota(world: dict[str, Any]) -> None:
    client = client_for(world["personas"]["province_officer"])  # another office's restricted item: redacted
    body = client.get("/incidents/").content.decode()
    row = re.search(r'<tr class="redacted">(.*?)</tr>', body, re.S)
    assert row is not None and "Kota Bandung" in row.group(1) and "32.73" not in row.group(1)
    detail = client.get(f"/incidents/{world['restricted']}/").content.decode()
    assert "Kota Bandung" in detail and "<td>32.73</td>" not in detail
