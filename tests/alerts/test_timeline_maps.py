"""The region's risk timeline, the map of current levels and the forecast pages: what they draw, in scope."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.alerts.conftest import DAY
from waspada.alerts import forecast_selectors, register, timeline
from waspada.alerts.models import Alert, AlertAction, Forecast, ForecastModel
from waspada.regions.models import Region


def _client(user: Any, language: str = "id") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def test_daily_levels_hold_until_the_next_entry() -> None:
    alert = Alert(level=2, opened_on=dt.date(2025, 6, 1), last_seen_on=dt.date(2025, 6, 5), status="lapsed",
                  history=[{"date": "2025-06-01", "level": 1, "rules": []},
                           {"date": "2025-06-03", "level": 2, "rules": []}])  # fmt: skip
    window = timeline.Window(dt.date(2025, 5, 30), dt.date(2025, 6, 10))
    levels = timeline.daily_levels([alert], window)
    assert [levels.get(dt.date(2025, 6, d), 0) for d in range(1, 8)] == [1, 1, 2, 2, 2, 0, 0]


def test_the_timeline_draws_counts_levels_actions_risks_and_forecasts(alert: Alert, ew_world: dict[str, Any]) -> None:
    AlertAction.objects.create(alert=alert, description="Rapat koordinasi", owner=ew_world["bandung"],
                               due_on=DAY - dt.timedelta(days=2), created_by=ew_world["bandung"],
                               status="done")  # fmt: skip
    register.create(ew_world["bandung"], {"region": "32.73", "risk": "Bentrok pendukung", "likelihood": 3,
                                          "impact": 3, "owner": ew_world["bandung"].pk,
                                          "mitigation_kind": "community_dialogue", "due_on": str(DAY)})  # fmt: skip
    _forecasts({"32.73": [0.2, 0.35]}, as_of=DAY - dt.timedelta(days=1))
    page = _client(ew_world["jabar"]).get(f"/alerts/regions/32.73/?hari=90&sampai={DAY}")
    html = page.content.decode()
    assert page.status_code == 200 and "Lini masa risiko" in html
    svg = html[html.index('id="ew-timeline"') : html.index("</svg>")]
    assert len(re.findall(r'<rect class="bar"', svg)) == 13  # 12 weekly in 90 days, and the last day
    assert 'fill="#b3261e"' in svg  # the Awas day in the level strip
    assert 'class="mark-done"' in svg and 'class="mark-risk-identified"' not in svg  # created today: outside
    assert 'class="mark-risk-due"' in svg
    assert "<polyline" in svg and "35%" in svg  # the 30-day forecast line and its dot
    assert f"/alerts/{alert.pk}/" in html and "Rapat koordinasi" in html


def test_the_timeline_is_scoped(alert: Alert, ew_world: dict[str, Any]) -> None:
    assert _client(ew_world["kabbandung"]).get("/alerts/regions/32.73/").status_code == 404
    assert _client(ew_world["bandung"]).get("/alerts/regions/32/").status_code == 404  # a province: no timeline
    assert _client(ew_world["viewer"]).get("/alerts/regions/32.73/").status_code == 200


def test_the_level_map_colours_live_alerts_in_scope(alert: Alert, ew_world: dict[str, Any]) -> None:
    html = _client(ew_world["jabar"]).get("/alerts/map/").content.decode()
    states = json.loads(re.search(r'<script id="level-states" type="application/json">(.*?)</script>', html)[1])
    assert states["32.73"] == "awas" and states["32.04"] == "normal" and "31.71" not in states
    assert 'data-link="/alerts/regions/{code}/"' in html and 'id="level-table"' in html
    own = _client(ew_world["kabbandung"]).get("/alerts/map/").content.decode()
    assert json.loads(re.search(r'<script id="level-states" type="application/json">(.*?)</script>', own)[1]) == {
        "32.04": "normal"
    }


def _forecasts(values: dict[str, list[float]], as_of: dt.date = DAY, horizon: int = 30) -> ForecastModel:
    model = ForecastModel.objects.create(kind="logit", horizon_days=horizon, version=f"logit-{horizon}-test",
                                         trained_through=as_of - dt.timedelta(days=30), features=["count_30d"],
                                         evaluation={"models": {"logit": {"brier": 0.081, "log_score": 0.29,
                                                                          "aupr": 0.41}},
                                                     "baselines": {"last_period": {"brier": 0.095, "aupr": 0.22},
                                                                   "long_run_rate": {"brier": 0.09}}},
                                         artefact=b"", is_active=True)  # fmt: skip
    for code, series in values.items():
        region = Region.objects.get(code=code)
        for back, probability in enumerate(reversed(series)):
            Forecast.objects.create(model=model, region=region, province_code=code[:2], kabkota_code=code,
                                    as_of=as_of - dt.timedelta(days=7 * back), horizon_days=horizon,
                                    probability=probability,
                                    drivers=[{"feature": "serious_90d", "value": 3, "effect": 0.8},
                                             {"feature": "days_to_voting", "value": 200, "effect": -0.3},
                                             {"feature": "type_bentrokan_30d", "value": 1, "effect": 0.1}])  # fmt: skip
    return model


def test_the_forecast_pages_say_when_nothing_is_computed(ew_world: dict[str, Any]) -> None:
    html = _client(ew_world["nadmin"]).get("/alerts/forecasts/").content.decode()
    assert 'id="forecast-empty"' in html and "waspada ew forecast" in html
    html = _client(ew_world["nadmin"]).get("/alerts/forecasts/32.73/").content.decode()
    assert 'id="forecast-empty"' in html


def test_the_forecast_map_and_region(ew_world: dict[str, Any]) -> None:
    _forecasts({"32.73": [0.1, 0.32], "32.04": [0.04], "31.71": [0.5]})
    html = _client(ew_world["jabar"]).get("/alerts/forecasts/?h=30").content.decode()
    states = json.loads(re.search(r'<script id="forecast-states" type="application/json">(.*?)</script>', html)[1])
    assert states == {"32.73": "p3", "32.04": "p0"}  # Jakarta is outside the province's scope
    assert "logit-30-test" in html and "0,0810" in html and "last_period" in html
    assert html.index("Kota Bandung") < html.index("Kabupaten Bandung")  # highest chance first
    assert 'id="forecast-empty"' in _client(ew_world["jabar"]).get("/alerts/forecasts/?h=14").content.decode()
    region = _client(ew_world["bandung"]).get("/alerts/forecasts/32.73/").content.decode()
    assert "32%" in region and "Insiden serius" in region and "90 hari terakhir" in region
    assert "Hari menuju pemungutan suara" in region and "↓" in region
    english = _client(ew_world["bandung"], "en").get("/alerts/forecasts/32.73/")
    assert "Serious incidents (severity 4 or more, or casualties), last 90 days" in english.content.decode()
    assert _client(ew_world["kabbandung"]).get("/alerts/forecasts/32.73/").status_code == 404


@pytest.mark.parametrize(("name", "words"), [("count_30d", "Incidents, last 30 days"),
                                             ("log_population", "Population (log)"),
                                             ("something_new", "Something new")])  # fmt: skip
def test_feature_words(name: str, words: str) -> None:
    from django.utils import translation

    with translation.override("en"):
        assert forecast_selectors.feature_words(name, {}) == words
