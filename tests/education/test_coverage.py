"""The coverage of at-risk regions: the window, activities per 100,000, the gaps once an index exists (and none
invented before), scope, the target-group filter, the province rows and the situation board's summary."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.education.conftest import TODAY, activity, index_run
from waspada.education import services
from waspada.education.coverage import coverage
from waspada.education.selectors import board_summary

pytestmark = pytest.mark.django_db


def _record(user: Any, **overrides: Any) -> None:
    services.create_activity(user, activity(**overrides), today=TODAY)


@pytest.fixture
def recorded(populated: dict[str, Any]) -> dict[str, Any]:
    admin = populated["national_admin"]
    _record(admin, start_date=TODAY)  # 32.73, today
    _record(admin, start_date=TODAY - dt.timedelta(days=20), target_groups=["women"])  # 32.73
    _record(admin, start_date=TODAY - dt.timedelta(weeks=20))  # 32.73, outside 12 weeks, inside 26
    _record(admin, region="32", start_date=TODAY - dt.timedelta(days=3))  # the province itself
    _record(admin, region="35.78", start_date=TODAY - dt.timedelta(days=3))  # Surabaya
    _record(admin, start_date=TODAY + dt.timedelta(days=10))  # planned: not counted yet
    return populated


def test_without_an_index_there_are_no_categories_and_no_gaps(recorded: dict[str, Any]) -> None:
    result = coverage(recorded["national_admin"], today=TODAY)
    assert not result.index_available and result.index_as_of is None
    assert result.gaps == [] and all(row.category is None for row in result.rows)
    rows = {row.code: row for row in result.rows}
    assert rows["32.73"].activities == 2 and rows["32.73"].participants == 200
    assert rows["32.73"].per_100k == round(2 * 100_000 / 2_500_000, 2) == 0.08
    assert rows["32.04"].activities == 0 and rows["32.04"].per_100k == 0.0
    assert rows["35.78"].activities == 1
    assert result.activities == 4  # three kab/kota activities and the province's own
    jabar = next(p for p in result.provinces if p.code == "32")
    assert jabar.activities == 3 and jabar.kabkota_reached == 1 and jabar.kabkota == 2
    assert jabar.per_100k == round(3 * 100_000 / 50_000_000, 2)
    assert result.as_dict()["gaps"] is None and result.as_dict()["high_risk"] is None


def test_the_window_is_selectable(recorded: dict[str, Any]) -> None:
    assert {r.code: r.activities for r in coverage(recorded["national_admin"], weeks=26, today=TODAY).rows}[
        "32.73"] == 3  # fmt: skip
    assert coverage(recorded["national_admin"], weeks=1, today=TODAY).activities == 3  # today and 3 days ago


def test_high_risk_regions_without_activity_are_the_gaps(recorded: dict[str, Any]) -> None:
    run = index_run({"32.04": "tinggi", "32.73": "tinggi", "35.78": "sedang", "31.71": "rendah"})
    result = coverage(recorded["national_admin"], today=TODAY)
    assert result.index_available and result.index_as_of == run.as_of
    assert [row.code for row in result.gaps] == ["32.04"]
    assert result.rows[0].code == "32.04"  # the gap first
    assert result.high_risk == 2
    jabar = next(p for p in result.provinces if p.code == "32")
    assert jabar.high_risk_kabkota == 2 and jabar.gaps == 1


def test_scope_and_region_choice(recorded: dict[str, Any]) -> None:
    index_run({"32.04": "tinggi", "35.78": "tinggi"})
    province = coverage(recorded["province_officer"], today=TODAY)
    assert {row.code for row in province.rows} == {"32.04", "32.73"} and province.activities == 3
    assert [row.code for row in province.gaps] == ["32.04"]  # Surabaya's gap is not this province's business
    kabkota = coverage(recorded["kabkota_officer"], today=TODAY)
    assert [row.code for row in kabkota.rows] == ["32.73"] and kabkota.activities == 2
    asked_outside = coverage(recorded["kabkota_officer"], region="35.78", today=TODAY)
    assert asked_outside.region_code == "32.73"  # never another scope's figures
    national_on_one = coverage(recorded["national_admin"], region="35", today=TODAY)
    assert [row.code for row in national_on_one.rows] == ["35.78"] and national_on_one.activities == 1


def test_by_target_group(recorded: dict[str, Any]) -> None:
    result = coverage(recorded["national_admin"], today=TODAY)
    assert result.groups["first_time_voters"] == 3 and result.groups["women"] == 1
    women = coverage(recorded["national_admin"], target_group="women", today=TODAY)
    assert women.activities == 1 and {r.code: r.activities for r in women.rows}["32.73"] == 1


def test_board_summary(recorded: dict[str, Any]) -> None:
    before = board_summary(recorded["province_officer"], today=TODAY)
    assert before == {"activities_30d": 3, "weeks": 12, "index_available": False, "high_risk_regions": None,
                      "high_risk_without_activity": None}  # fmt: skip
    index_run({"32.04": "tinggi", "32.73": "tinggi"})
    after = board_summary(recorded["province_officer"], today=TODAY)
    assert after["index_available"] and after["high_risk_regions"] == 2 and after["high_risk_without_activity"] == 1
    assert board_summary(recorded["kabkota_officer"], today=TODAY)["high_risk_without_activity"] == 0


def test_the_query_count_does_not_grow_with_the_data(populated: dict[str, Any]) -> None:
    admin = populated["national_admin"]
    index_run({"32.04": "tinggi"})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            coverage(admin, today=TODAY)
        return len(captured.captured_queries)

    _record(admin)
    few = queries()
    for code in ("32.04", "35.78", "32", "31.71", "32.73"):
        _record(admin, region=code, target_groups=["women", "ormas"])
    assert queries() == few
