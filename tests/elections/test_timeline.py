"""Geometry of the timeline chart."""

from __future__ import annotations

import datetime as dt

import pytest

from waspada.elections.selectors import timeline_elections
from waspada.elections.timeline import CHART_WIDTH, CHART_X, MIN_BAR, build_chart

pytestmark = pytest.mark.usefixtures("calendar")


def rows(chart: object) -> dict[tuple[str, str], object]:
    return {(g.election.code, r.stage.code): r for g in chart.groups for r in g.rows}  # type: ignore[attr-defined]


def test_axis_and_today_inside() -> None:
    chart = build_chart(timeline_elections(), dt.date(2024, 11, 27))
    assert chart is not None and chart.today_side == ""
    assert CHART_X < chart.today_x < CHART_X + CHART_WIDTH
    assert [t.label for t in chart.ticks if t.major] == ["2023", "2024", "2025"]


def test_today_off_the_axis_is_named() -> None:
    chart = build_chart(timeline_elections(), dt.date(2026, 11, 28))
    assert chart is not None and chart.today_x is None and chart.today_side == "after"


def test_bars_by_kind_of_dating() -> None:
    chart = build_chart(timeline_elections(), dt.date(2024, 11, 27))
    by_code = rows(chart)
    voting = by_code[("pilkada_2024", "pemungutan_suara")]
    assert [b.css for b in voting.bars] == ["dated"] and voting.bars[0].width == MIN_BAR and voting.active
    campaign = by_code[("pemilu_2024", "kampanye")].bars[0]
    assert campaign.width > 50
    assert [b.css for b in by_code[("pilkada_2024", "perselisihan_hasil")].bars] == ["possible", "dated"]
    assert [b.css for b in by_code[("pilkada_2024", "psu")].bars] == ["dated", "possible"]  # open end, clipped
    assert by_code[("pemilu_2024", "penetapan_hasil")].undated and not by_code[("pemilu_2024", "penetapan_hasil")].bars
    assert [b.css for b in by_code[("pemilu_2024", "pemungutan_suara_putaran_2")].bars] == ["not-held"]


def test_a_selected_date_other_than_today_gets_its_own_marker() -> None:
    chart = build_chart(timeline_elections(), dt.date(2026, 11, 28), selected=dt.date(2024, 11, 27))
    assert chart is not None and chart.selected == dt.date(2024, 11, 27)
    assert CHART_X < chart.selected_x < CHART_X + CHART_WIDTH
    assert build_chart(timeline_elections(), dt.date(2024, 11, 27), selected=dt.date(2024, 11, 27)).selected_x is None
