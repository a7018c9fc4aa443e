"""Where the map's cut points come from (risk.maps.bands_for): the method, else the run's own scores, else IKP 2024."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.risk import factories_views as f
from waspada.risk.maps import IKP_2024_BANDS, bands_for, legend
from waspada.risk.models import IndexMethod, IndexRun, RunStatus

pytestmark = pytest.mark.django_db


def _run(params: dict[str, Any], version: int) -> IndexRun:
    method = IndexMethod.objects.create(version=version, name="uji", params=params)
    return IndexRun.objects.create(method=method, as_of=dt.date(2026, 11, 1), status=RunStatus.DONE)


@pytest.mark.parametrize("params", [
    {"categories": {"kabkota": {"sedang": 20, "tinggi": 55}}},
    {"thresholds": {"kabkota": [{"category": "tinggi", "min": 55}, {"category": "sedang", "min": 20},
                                {"category": "rendah", "min": 0}]}},
    {"thresholds": {"kabkota": {"sedang": {"min": 20}, "tinggi": {"min": 55}}}},
])  # fmt: skip
def test_the_method_states_them(small_regions: Any, params: dict[str, Any]) -> None:
    bands = bands_for(_run(params, 5), "kabkota")
    assert (bands.sedang, bands.tinggi, bands.source) == (20.0, 55.0, "method")
    assert [bands.category(v) for v in (None, 19.99, 20, 54.9, 55, 100)] == ["", "rendah", "sedang", "sedang",
                                                                              "tinggi", "tinggi"]  # fmt: skip


def test_else_the_runs_own_scores_else_ikp_2024(small_regions: Any) -> None:
    run = _run({"categories": {"kabkota": {"sedang": 60, "tinggi": 10}}}, 6)  # inverted: not usable
    assert bands_for(run, "kabkota").source == "ikp_2024"
    assert (bands_for(run, "province").sedang, bands_for(run, "province").tinggi) == IKP_2024_BANDS["province"]
    for code, value, category in (("31.71", 12.0, "rendah"), ("32.04", 33.0, "sedang"), ("32.73", 71.0, "tinggi")):
        score = f.score(run, code, value)
        score.category = category
        score.save(update_fields=["category"])
    bands = bands_for(run, "kabkota")
    assert (bands.sedang, bands.tinggi, bands.source) == (33.0, 71.0, "scores")
    assert [row["range"] for row in legend(bands)] == ["< 33", "33 - < 71", ">= 71", ""]
