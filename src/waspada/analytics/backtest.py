"""Backtest (docs/forecasts.md, Backtest): rolling-origin time splits, proper scores and two baselines.

The test origins are cut into consecutive folds of `fold_days`. For a fold starting on day s, every model and
baseline is fitted on the rows whose origin t satisfies t + horizon <= s, so no label used in training reaches
into the fold (the horizon gap), then predicts every origin of the fold. Scores are computed over all the
out-of-sample predictions together.

Scores: Brier (mean squared error of the probability, lower is better), log score (mean log-likelihood
log p(outcome), at most 0, higher is better), AUPR (average precision), AUC, precision at the top k regions of
each origin, and a reliability table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from waspada.analytics.forecast import EPSILON, KINDS, NotEnoughHistory, fit

FOLD_DAYS = 182  # the models are refitted every half year of test origins
MIN_TRAIN_POSITIVES = 10
TOP_K = (5, 10, 25, 50)
RELIABILITY_EDGES = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0)
BUCKETS = (0, 1, 2, 3, 5, 10, 20)  # last period's count: 0, 1, 2, 3-4, 5-9, 10-19, 20+
PRIOR_WEIGHT = 10.0  # pseudo-rows pulling a bucket's or a region's rate towards the overall rate


class LastPeriodBaseline:
    """P(serious incident ahead | bucket of the region's incident count in the last `horizon` days)."""

    def fit(self, last_period: np.ndarray, y: np.ndarray) -> LastPeriodBaseline:
        self.overall = float(y.mean())
        buckets = np.digitize(last_period, BUCKETS[1:])
        self.rates = np.array([(y[buckets == b].sum() + PRIOR_WEIGHT * self.overall)
                               / ((buckets == b).sum() + PRIOR_WEIGHT) for b in range(len(BUCKETS))])  # fmt: skip
        return self

    def predict(self, last_period: np.ndarray) -> np.ndarray:
        return np.clip(self.rates[np.digitize(last_period, BUCKETS[1:])], EPSILON, 1 - EPSILON)  # type: ignore[no-any-return]


class LongRunRateBaseline:
    """The region's share of past windows with a serious incident (shrunk towards the overall share)."""

    def fit(self, region: np.ndarray, y: np.ndarray, regions: int) -> LongRunRateBaseline:
        self.overall = float(y.mean())
        hits = np.bincount(region, weights=y, minlength=regions)
        rows = np.bincount(region, minlength=regions)
        self.rates = (hits + PRIOR_WEIGHT * self.overall) / (rows + PRIOR_WEIGHT)
        return self

    def predict(self, region: np.ndarray) -> np.ndarray:
        return np.clip(self.rates[region], EPSILON, 1 - EPSILON)  # type: ignore[no-any-return]


def _r(value: float | None, digits: int = 5) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), digits)


def reliability(y: np.ndarray, p: np.ndarray) -> list[dict[str, Any]]:
    """Per probability bin with forecasts in it: how many, the mean forecast and the share that happened."""
    rows = []
    bins = np.clip(np.digitize(p, RELIABILITY_EDGES[1:-1]), 0, len(RELIABILITY_EDGES) - 2)
    for b in range(len(RELIABILITY_EDGES) - 1):
        inside = bins == b
        if inside.any():
            rows.append({"from": RELIABILITY_EDGES[b], "to": RELIABILITY_EDGES[b + 1], "n": int(inside.sum()),
                         "mean_forecast": _r(p[inside].mean()), "observed": _r(y[inside].mean())})  # fmt: skip
    return rows


def precision_at_k(y: np.ndarray, p: np.ndarray, origin: np.ndarray) -> dict[str, float]:
    """Per origin, the share of the k highest-forecast regions that had a serious incident; averaged."""
    found: dict[str, list[float]] = {}
    for t in np.unique(origin):
        mine = origin == t
        order = np.argsort(-p[mine], kind="stable")
        for k in TOP_K:
            if mine.sum() >= k:
                found.setdefault(str(k), []).append(float(y[mine][order[:k]].mean()))
    return {k: round(float(np.mean(v)), 5) for k, v in found.items()}


def scores(y: np.ndarray, p: np.ndarray, origin: np.ndarray) -> dict[str, Any]:
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), EPSILON, 1 - EPSILON)
    both = 0 < y.sum() < len(y)
    return {
        "brier": _r(np.mean((p - y) ** 2), 6),
        "log_score": _r(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), 6),
        "aupr": _r(average_precision_score(y, p)) if both else None,
        "auc": _r(roc_auc_score(y, p)) if both else None,
        "precision_at_k": precision_at_k(y, p, origin),
        "reliability": reliability(y, p),
    }


def folds_of(test_origins: Sequence[int], fold_days: int) -> list[list[int]]:
    folds: list[list[int]] = []
    for t in sorted(test_origins):
        if folds and t < folds[-1][0] + fold_days:
            folds[-1].append(t)
        else:
            folds.append([t])
    return folds


def rolling_origin(matrix: np.ndarray, y: np.ndarray, origin: np.ndarray, region: np.ndarray,
                   last_period: np.ndarray, *, horizon: int, test_origins: Sequence[int], start: dt.date,
                   regions: int, fold_days: int = FOLD_DAYS,
                   kinds: Sequence[str] = KINDS) -> dict[str, Any]:  # fmt: skip
    """Out-of-sample scores of each model kind and both baselines over the test origins.

    Rows are (origin, region) pairs: matrix their raw features, y their labels (NaN: not known yet),
    origin their origin day index, region their region index, last_period the region's incident count in the
    `horizon` days up to the origin. Raises NotEnoughHistory when the first fold has too little to learn from."""
    known = ~np.isnan(y)
    test_origins = [int(t) for t in sorted(set(test_origins)) if known[origin == t].any()]
    if not test_origins:
        raise NotEnoughHistory("no test origin has a known outcome (the window after it runs past the data)")
    names = [*kinds, "last_period", "long_run_rate"]
    predictions: dict[str, list[np.ndarray]] = {name: [] for name in names}
    truth: list[np.ndarray] = []
    origins_seen: list[np.ndarray] = []
    folds = []
    for block in folds_of(test_origins, fold_days):
        train = known & (origin + horizon <= block[0])
        test = known & np.isin(origin, block)
        y_train = y[train].astype(int)
        if int(y_train.sum()) < MIN_TRAIN_POSITIVES or y_train.sum() == len(y_train):
            raise NotEnoughHistory(
                f"the fold from {start + dt.timedelta(days=block[0])} has {int(train.sum())} training rows with "
                f"{int(y_train.sum())} serious outcomes; at least {MIN_TRAIN_POSITIVES} of each outcome are needed"
            )
        for kind in kinds:
            model = fit(kind, matrix[train], y_train, origin[train])
            predictions[kind].append(model.predict(matrix[test]))
        predictions["last_period"].append(
            LastPeriodBaseline().fit(last_period[train], y_train).predict(last_period[test])
        )
        predictions["long_run_rate"].append(
            LongRunRateBaseline().fit(region[train], y_train, regions).predict(region[test])
        )
        truth.append(y[test])
        origins_seen.append(origin[test])
        folds.append({"from": (start + dt.timedelta(days=block[0])).isoformat(),
                      "to": (start + dt.timedelta(days=block[-1])).isoformat(), "origins": len(block),
                      "train_rows": int(train.sum()), "train_positives": int(y_train.sum()),
                      "test_rows": int(test.sum()), "test_positives": int(y[test].sum())})  # fmt: skip
    y_all, origin_all = np.concatenate(truth), np.concatenate(origins_seen)
    scored = {name: scores(y_all, np.concatenate(predictions[name]), origin_all) for name in names}
    baselines = {name: scored[name] for name in ("last_period", "long_run_rate")}
    beats = {kind: {metric: bool(
        all((scored[kind][metric] or 0) * sign < (b[metric] or 0) * sign for b in baselines.values()))
        for metric, sign in (("brier", 1), ("log_score", -1))} for kind in kinds}  # fmt: skip
    return {
        "horizon": horizon, "from": folds[0]["from"], "to": folds[-1]["to"], "origins": len(test_origins),
        "n": int(len(y_all)), "positives": int(y_all.sum()), "base_rate": _r(y_all.mean()),
        "fold_days": fold_days, "folds": folds,
        "models": {kind: scored[kind] for kind in kinds}, "baselines": baselines, "beats_baselines": beats,
    }  # fmt: skip
