"""The forecast statistics on plain arrays (docs/forecasts.md): the target looks only ahead, the features only back,
the models learn a planted signal and beat both baselines on it, the drivers say which feature carries it, and the
backtest refuses a history too thin to test."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from waspada.analytics import forecast
from waspada.analytics.backtest import LastPeriodBaseline, LongRunRateBaseline, reliability, rolling_origin, scores
from waspada.analytics.features import FEATURES, GROUPS, History, OriginExtras, feature_matrix, transform
from waspada.analytics.target import is_serious, labels

START = dt.date(2019, 1, 1)


def world(regions: int = 60, days: int = 4 * 365, seed: int = 3) -> History:
    """Regions with a persistent latent rate and flare-ups that raise both violence and serious incidents for
    weeks: the recent counts carry information the long-run rate does not."""
    rng = np.random.default_rng(seed)
    risk = rng.lognormal(-3.3, 1.0, regions)
    flare = np.zeros((regions, days))
    for _ in range(regions * 2):
        r, s = rng.integers(regions), rng.integers(days)
        flare[r, s : s + 45] += rng.uniform(0.3, 1.0)
    rate = risk[:, None] + flare
    counts = np.stack([rng.poisson(rate * share) for share in (0.4, 0.2, 0.2, 0.1, 0.1)]).astype(float)
    serious = rng.binomial(counts[0].astype(int), 0.3).astype(float)
    context = rng.poisson(0.02, (regions, days)).astype(float)
    population = rng.integers(100_000, 3_000_000, regions).astype(float)
    neighbours = [[(r + 1) % regions, (r - 1) % regions] for r in range(regions)]
    return History(START, [f"R{r}" for r in range(regions)], counts, context, serious, population, neighbours)


def rows(history: History, horizon: int, step: int = 7) -> dict[str, np.ndarray]:
    origins = list(range(365, history.days - horizon, step))
    regions = len(history.regions)
    total = np.concatenate([np.zeros((regions, 1)), np.cumsum(history.counts.sum(axis=0), axis=1)], axis=1)
    return {
        "origins": np.asarray(origins),
        "matrix": feature_matrix(history, origins, OriginExtras.empty(len(origins), regions)),
        "y": labels(history.serious, origins, horizon),
        "origin": np.repeat(origins, regions),
        "region": np.tile(np.arange(regions), len(origins)),
        "last": np.concatenate([total[:, t + 1] - total[:, max(t + 1 - horizon, 0)] for t in origins]),
    }


def test_serious_means_severity_four_or_violence_with_casualties() -> None:
    assert is_serious("protest_demonstration", 4, None, None)
    assert is_serious("violence_clash", 2, 0, 1)
    assert not is_serious("violence_clash", 3, 0, 0)
    assert not is_serious("protest_demonstration", 3, 2, None)  # casualties count only for violent types
    assert not is_serious("violence_clash", 3, None, None)  # unknown is not a casualty


def test_the_target_looks_only_at_the_days_after_the_origin() -> None:
    serious = np.zeros((2, 40))
    serious[0, 10] = 1  # on the origin day itself: not in the target
    serious[1, 24] = 1  # 14 days after origin 10: inside (10, 24]
    assert labels(serious, [10], 14).tolist() == [0.0, 1.0]
    assert labels(serious, [9], 14).tolist() == [1.0, 0.0]  # day 10 is inside (9, 23]; day 24 is not
    unknown = labels(serious, [30], 14)  # the window runs past day 39
    assert np.isnan(unknown).all()


def test_features_read_nothing_after_the_origin() -> None:
    history = world(regions=6, days=800)
    t = 600
    before = feature_matrix(history, [t], OriginExtras.empty(1, 6))
    history.counts[:, :, t + 1 :] += 5
    history.serious[:, t + 1 :] += 1
    history.context[:, t + 1 :] += 3
    assert np.array_equal(before, feature_matrix(history, [t], OriginExtras.empty(1, 6)))
    history.counts[0, 0, t] += 4  # the origin day itself counts
    after = feature_matrix(history, [t], OriginExtras.empty(1, 6))
    assert after[0, FEATURES.index("violence_7d")] == before[0, FEATURES.index("violence_7d")] + 4


def test_window_counts_trend_and_days_since_are_what_they_say() -> None:
    history = world(regions=3, days=500)
    history.counts[:] = 0
    history.serious[:] = 0
    history.counts[GROUPS.index("protest"), 1, [499, 480, 400]] = 1
    history.serious[2, 450] = 1
    row = feature_matrix(history, [499], OriginExtras.empty(1, 3))
    value = dict(zip(FEATURES, row[1], strict=True))
    assert (value["protest_7d"], value["protest_30d"], value["protest_90d"], value["protest_365d"]) == (1, 2, 2, 3)
    assert value["trend_30_vs_90"] == pytest.approx(np.log(3 / (1 / 3 + 1)))
    assert dict(zip(FEATURES, row[2], strict=True))["days_since_serious"] == 49
    assert value["days_since_serious"] == 730  # never: capped
    assert value["neighbours_30d"] == 0  # region 1's neighbours (0 and 2) were quiet


def test_the_models_beat_both_baselines_on_a_planted_signal() -> None:
    history = world()
    data = rows(history, 14)
    test = [t for t in data["origins"] if t >= history.days - 14 - 365]
    result = rolling_origin(data["matrix"], data["y"], data["origin"], data["region"], data["last"], horizon=14,
                            test_origins=test, start=START, regions=60)  # fmt: skip
    assert set(result["models"]) == {"logit", "gbm"}
    assert set(result["baselines"]) == {"last_period", "long_run_rate"}
    for block in (*result["models"].values(), *result["baselines"].values()):
        assert {"brier", "log_score", "aupr", "auc", "precision_at_k", "reliability"} <= set(block)
        assert block["log_score"] < 0 < block["brier"] < 0.25
    # Flare-ups make the last period informative and the latent rate makes the long run so: a model that reads
    # both beats each baseline alone. Both kinds beat the long-run rate; the better one beats both baselines.
    for kind in ("logit", "gbm"):
        assert all(result["models"][kind][m] * s < result["baselines"]["long_run_rate"][m] * s
                   for m, s in (("brier", 1), ("log_score", -1))), result  # fmt: skip
    best = min(("logit", "gbm"), key=lambda kind: result["models"][kind]["brier"])
    assert result["beats_baselines"][best] == {"brier": True, "log_score": True}, result
    # No training row reaches into its fold: origin + horizon <= the fold's first origin.
    first = dt.date.fromisoformat(result["folds"][0]["from"])
    assert result["folds"][0]["train_rows"] == int(
        (~np.isnan(data["y"]) & (data["origin"] + 14 <= (first - START).days)).sum()
    )
    assert result["n"] == sum(f["test_rows"] for f in result["folds"])


def test_too_little_history_is_refused() -> None:
    history = world(regions=4, days=500, seed=5)
    history.serious[:] = 0
    history.serious[0, 380] = 1
    data = rows(history, 14)
    with pytest.raises(forecast.NotEnoughHistory, match="serious outcomes"):
        rolling_origin(data["matrix"], data["y"], data["origin"], data["region"], data["last"], horizon=14,
                       test_origins=list(data["origins"][-10:]), start=START, regions=4)  # fmt: skip


def test_scores_and_reliability() -> None:
    y = np.array([0, 0, 1, 1.0])
    p = np.array([0.1, 0.2, 0.8, 0.9])
    result = scores(y, p, np.zeros(4))
    assert result["brier"] == pytest.approx(np.mean((p - y) ** 2))
    assert result["log_score"] == pytest.approx(np.mean(np.log([0.9, 0.8, 0.8, 0.9])))
    assert result["auc"] == 1.0 and result["aupr"] == 1.0
    table = reliability(y, p)
    assert sum(row["n"] for row in table) == 4
    assert table[-1] == {"from": 0.7, "to": 1.0, "n": 2, "mean_forecast": 0.85, "observed": 1.0}


def test_the_baselines() -> None:
    last = np.array([0, 0, 0, 0, 12, 12])
    y = np.array([0, 0, 0, 1, 1, 1])
    model = LastPeriodBaseline().fit(last, y)
    assert model.predict(np.array([15]))[0] > model.predict(np.array([0]))[0]
    rate = LongRunRateBaseline().fit(np.array([0, 0, 1, 1]), np.array([1, 1, 0, 0]), 3)
    low, high, unseen = rate.predict(np.array([1, 0, 2]))
    assert low < unseen < high and unseen == pytest.approx(0.5)


def test_drivers_explain_the_forecast_and_the_model_survives_storage() -> None:
    history = world(regions=40, days=3 * 365, seed=8)
    data = rows(history, 14)
    known = ~np.isnan(data["y"])
    for kind in ("logit", "gbm"):
        model = forecast.fit(kind, data["matrix"][known], data["y"][known].astype(int), data["origin"][known])
        assert model.calibration in ("isotonic", "platt")
        sample = data["matrix"][-40:]
        restored = forecast.load(forecast.dump(model))
        assert np.allclose(restored.predict(sample), model.predict(sample))
        drivers = model.drivers(sample)
        assert all(len(d) <= forecast.TOP_DRIVERS for d in drivers)
        assert set(drivers[0][0]) == {"feature", "value", "effect"}
        assert all(abs(a["effect"]) >= abs(b["effect"]) for d in drivers for a, b in zip(d, d[1:], strict=False))
        busiest = int(np.argmax(sample[:, FEATURES.index("violence_30d")]))
        assert any(d["feature"].startswith(("violence", "serious", "trend")) for d in drivers[busiest][:4])
    # The logit's effects add up to its log-odds (less the intercept).
    logit = forecast.fit("logit", data["matrix"][known], data["y"][known].astype(int), data["origin"][known])
    effects = logit.effects(data["matrix"][:5])
    intercept = logit.base.named_steps["logisticregression"].intercept_[0]
    assert np.allclose(effects.sum(axis=1) + intercept, logit.base.decision_function(transform(data["matrix"][:5])))


def test_one_outcome_only_cannot_be_fitted() -> None:
    with pytest.raises(forecast.NotEnoughHistory):
        forecast.fit("gbm", np.zeros((10, len(FEATURES))), np.zeros(10), np.arange(10))
    with pytest.raises(ValueError, match="unknown model kind"):
        forecast.base_model("forest")
