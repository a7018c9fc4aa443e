"""Forecasts through the database (docs/forecasts.md): which history counts, the backtest's JSON, training and the
daily forecasts (versioned, active per kind and horizon, audited, idempotent), clear refusals, the API in scope,
and a high forecast as evidence for an alert."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.alerts.conftest import DAY
from waspada.alerts import engine
from waspada.alerts.forecasting import dataset, selectors, services
from waspada.alerts.models import Alert, AlertLevel, Forecast, ForecastModel
from waspada.core.audit.models import AuditEvent
from waspada.incidents.models import Incident
from waspada.incidents.models.taxonomy import EventType

CODES = ("31.71", "32.04", "32.73")
START = DAY - dt.timedelta(days=3 * 365)


def _incidents(codes: tuple[str, ...] = CODES, *, start: dt.date = START, end: dt.date = DAY, seed: int = 19,
               **fields: Any) -> list[Incident]:  # fmt: skip
    """A region-level rate plus flare-ups of a few weeks in which violent, serious incidents cluster."""
    rng = np.random.default_rng(seed)
    types = {t.code: t for t in EventType.objects.all()}
    rows = []
    days = (end - start).days + 1
    for r, code in enumerate(codes):
        rate = np.full(days, 0.15 + 0.1 * r)
        for _ in range(12):
            at = int(rng.integers(days))
            rate[at : at + 30] += 0.8
        for d, n in enumerate(rng.poisson(rate)):
            for _ in range(int(n)):
                violent = rng.random() < 0.5
                severity = 4 if violent and rng.random() < rate[d] / 3 else 2
                rows.append(Incident(
                    title=f"Riwayat {code} {d}", occurred_on=start + dt.timedelta(days=d), province_code=code[:2],
                    kabkota_code=code, place_code=code, region_id=code, owner_code=code, severity=severity,
                    event_type=types["violence_clash" if violent else "protest_demonstration"],
                    status="closed", sensitivity="inter_agency", **fields))  # fmt: skip
    return Incident.objects.bulk_create(rows, batch_size=2000)


@pytest.fixture
def history(ew_world: dict[str, Any]) -> list[Incident]:
    return _incidents()


@pytest.fixture
def trained(history: list[Incident]) -> dict[str, Any]:
    return services.train(through=DAY)


def _call(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("ew", *args, "--json", stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_backtest_answers_the_contract(history: list[Incident]) -> None:
    result = _call("backtest")
    assert set(result["models"]) == {"logit", "gbm"}
    assert set(result["baselines"]) == {"last_period", "long_run_rate"}
    for scores in (*result["models"].values(), *result["baselines"].values()):
        assert {"brier", "log_score", "aupr", "auc", "precision_at_k", "reliability"} <= set(scores)
        assert 0 < scores["brier"] < 1 and scores["log_score"] < 0
        assert sum(row["n"] for row in scores["reliability"]) == result["n"]
    assert (result["horizon"], result["source"], result["regions"]) == (14, "default", 3)
    assert result["folds"] and result["n"] == sum(fold["test_rows"] for fold in result["folds"])
    last_origin = dt.date.fromisoformat(result["to"])
    assert last_origin + dt.timedelta(days=14) <= DAY  # every scored outcome is known
    thirty = _call("backtest", "--horizon", "30", "--from", "2024-07-01", "--to", "2025-03-31")
    assert thirty["horizon"] == 30 and "2024-07-01" <= thirty["from"] <= thirty["to"] <= "2025-03-31"


def test_the_default_history_leaves_out_demo_and_synthetic_records(history: list[Incident]) -> None:
    before = _call("backtest")
    # A burst of serious events in every region that would change every outcome, were it counted.
    for flag in ({"is_demo": True}, {"external_source": "synthetic"}):
        _incidents(start=DAY - dt.timedelta(days=400), seed=5, **flag)
    assert _call("backtest")["positives"] == before["positives"]
    assert _call("backtest", "--source", "waspada")["positives"] == before["positives"]
    assert set(dataset.incidents_of("synthetic").values_list("external_source", flat=True)) == {"synthetic"}
    assert not dataset.incidents_of("acled").exists()
    with pytest.raises(CommandError, match=r"^history: .*2025-06-\d\d") as refused:
        _call("backtest", "--source", "synthetic")  # 400 days of it: too short
    assert refused.value.returncode == 2


@pytest.mark.parametrize(("args", "message"), [
    (("--source", "gdelt"), "source: .*“gdelt”"),
    (("--from", "2025-01-01", "--to", "2024-01-01"), "from: "),
    (("--to", "2025-13-01"), "--to: "),
])  # fmt: skip
def test_bad_options_exit_2_naming_the_option(history: list[Incident], args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message) as refused:
        _call("backtest", *args)
    assert refused.value.returncode == 2


def test_too_little_history_exits_2(ew_world: dict[str, Any]) -> None:
    with pytest.raises(CommandError, match="^history: ") as refused:
        _call("backtest")
    assert refused.value.returncode == 2
    _incidents(start=DAY - dt.timedelta(days=300))
    with pytest.raises(CommandError, match=r"^history: .*2025-06-\d\d") as refused:
        _call("train")
    assert refused.value.returncode == 2
    assert not ForecastModel.objects.exists()


def test_training_stores_one_active_model_per_kind_and_horizon(trained: dict[str, Any]) -> None:
    active = ForecastModel.objects.filter(is_active=True)
    assert sorted(active.values_list("kind", "horizon_days")) == [("gbm", 14), ("gbm", 30), ("logit", 14),
                                                                   ("logit", 30)]  # fmt: skip
    model = active.get(kind="gbm", horizon_days=14)
    assert model.version.startswith(f"gbm-h14-{DAY.isoformat()}-default-")
    assert model.trained_through == DAY and model.source == ""
    assert model.evaluation["model"]["brier"] > 0 and set(model.evaluation["baselines"]) == {
        "last_period", "long_run_rate"}  # fmt: skip
    assert model.features[0] == "violence_7d" and len(bytes(model.artefact)) > 1000
    assert AuditEvent.objects.filter(action="alerts.forecast_model_trained").count() == 4
    again = services.train(through=DAY - dt.timedelta(days=7))
    assert ForecastModel.objects.count() == 8 and ForecastModel.objects.filter(is_active=True).count() == 4
    assert {m["version"] for m in again["models"]} == set(
        ForecastModel.objects.filter(is_active=True).values_list("version", flat=True)
    )


def test_daily_forecasts_are_written_once_per_date_with_drivers(trained: dict[str, Any]) -> None:
    first = _call("forecast", "--date", DAY.isoformat())
    assert len(first["models"]) == 4 and all(m["regions"] == 3 for m in first["models"])
    assert Forecast.objects.count() == 12
    _call("forecast", "--date", DAY.isoformat())  # rerun: replaced, not added
    assert Forecast.objects.count() == 12
    for forecast in Forecast.objects.all():
        assert 0 < forecast.probability < 1 and forecast.as_of == DAY
        assert len(forecast.drivers) <= 8  # empty when no feature moves the forecast (a flat tree ensemble)
        assert all(set(driver) == {"feature", "value", "effect"} for driver in forecast.drivers)
    assert Forecast.objects.filter(model__kind="logit").exclude(drivers=[]).count() == 6
    assert AuditEvent.objects.filter(action="alerts.forecast").count() == 2


def test_forecasting_without_a_model_exits_2(ew_world: dict[str, Any]) -> None:
    with pytest.raises(CommandError, match="ew train") as refused:
        _call("forecast")
    assert refused.value.returncode == 2
    assert services.forecast_today() == "no active forecast model"


def test_the_api_shows_forecasts_in_scope(trained: dict[str, Any], ew_world: dict[str, Any]) -> None:
    services.forecast(DAY)
    national = _client(ew_world["nadmin"]).get("/api/v1/forecasts").json()
    assert national["count"] == 3
    probabilities = [item["probability"] for item in national["results"]]
    assert probabilities == sorted(probabilities, reverse=True)
    item = national["results"][0]
    assert item["horizon_days"] == 14 and item["as_of"] == DAY.isoformat() and item["drivers"]
    assert item["model"] == selectors.preferred_model(14).version  # type: ignore[union-attr]
    assert [i["region"] for i in _client(ew_world["bandung"]).get("/api/v1/forecasts").json()["results"]] == [
        "32.73"]  # fmt: skip
    assert _client(ew_world["nadmin"]).get("/api/v1/forecasts?province=31").json()["count"] == 1
    logit = _client(ew_world["nadmin"]).get("/api/v1/forecasts?horizon=30&kind=logit").json()
    assert {i["kind"] for i in logit["results"]} == {"logit"} and logit["results"][0]["horizon_days"] == 30
    assert _client(ew_world["nadmin"]).get("/api/v1/forecasts?date=2020-01-01").json()["count"] == 0
    refused = _client(ew_world["nadmin"]).get("/api/v1/forecasts?horizon=7")
    assert refused.status_code == 422 and "horizon" in json.dumps(refused.json()["errors"])
    assert _client(ew_world["nadmin"]).get("/api/v1/forecasts?province=3").status_code == 422
    models = _client(ew_world["viewer"]).get("/api/v1/forecasts/models?active=true").json()
    assert models["count"] == 4 and models["results"][0]["evaluation"]["model"]["brier"] > 0


def test_a_high_forecast_lifts_a_waspada_alert_to_siaga(add_incidents: Callable[..., None]) -> None:
    model = ForecastModel.objects.create(kind="gbm", horizon_days=14, version="gbm-h14-test", trained_through=DAY,
                                         artefact=b"", is_active=True,
                                         evaluation={"model": {"brier": 0.1}})  # fmt: skip
    for code, probability in (("32.04", 0.8), ("32.73", 0.1), ("31.71", 0.9)):
        Forecast.objects.create(model=model, region_id=code, province_code=code[:2], kabkota_code=code,
                                as_of=DAY - dt.timedelta(days=1), horizon_days=14, probability=probability)  # fmt: skip
    for code in ("32.04", "32.73"):
        add_incidents(code, DAY, 2)  # two in a quiet region: Waspada
    engine.run(DAY)
    lifted, kept = Alert.objects.get(kabkota_code="32.04"), Alert.objects.get(kabkota_code="32.73")
    assert kept.evidence["numbers"]["forecast_p14"] == 0.1
    assert lifted.evidence["numbers"]["forecast_p14"] == 0.8
    assert "high_forecast" in lifted.evidence["rules"] and "high_forecast" not in kept.evidence["rules"]
    assert lifted.level == kept.level + 1 == AlertLevel.SIAGA
    assert not Alert.objects.filter(kabkota_code="31.71").exists()  # a forecast alone never raises an alert
    # A forecast more than a week old is no longer evidence.
    assert selectors.forecast_probabilities(DAY + dt.timedelta(days=9)) == {}


def test_the_api_names_the_model_kinds_without_importing_scikit_learn() -> None:
    from waspada.analytics.forecast import KINDS

    assert selectors.KINDS == KINDS


def test_the_demo_trains_on_the_synthetic_history_and_forecasts_today(ew_world: dict[str, Any],
                                                                       monkeypatch: Any) -> None:  # fmt: skip
    from waspada.alerts import demo

    monkeypatch.setattr(demo.timezone, "localdate", lambda: DAY + dt.timedelta(days=1))
    out, err = io.StringIO(), io.StringIO()
    assert demo.demo_forecasts(out, err) is False and "synthetic history" in err.getvalue()
    _incidents(external_source="synthetic")
    assert demo.demo_forecasts(out, err) is True
    active = ForecastModel.objects.filter(is_active=True)
    assert active.count() == 4 and set(active.values_list("source", flat=True)) == {"synthetic"}
    assert Forecast.objects.filter(as_of=DAY + dt.timedelta(days=1)).count() == 4 * len(CODES)
    assert "forecasts for today" in out.getvalue()
