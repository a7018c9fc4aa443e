"""Forecast models (docs/forecasts.md, Models): regularised logistic regression on scaled features and gradient
boosting, each calibrated on a time-ordered validation slice, with the drivers behind each forecast.

`CalibratedModel.fit` keeps the last VALIDATION_SHARE of the training origins (by time) out of the base fit and
learns the calibration map on them: isotonic when that slice has enough positive cases, Platt scaling (a
logistic on the base log-odds) otherwise. The fitted object pickles (joblib) and is what
`alerts.ForecastModel.artefact` stores.

Fits and predictions run on one thread: OpenMP's worker threads spin while they wait, and on a machine shared with
a web server and a worker (or other jobs) that multiplied the CPU time of a gradient-boosting fit by five to ten
for no gain in wall time (docs/forecasts.md, Speed).
"""

from __future__ import annotations

import io
from typing import Any

import joblib
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from waspada.analytics.features import FEATURES, transform

KINDS = ("logit", "gbm")
VALIDATION_SHARE = 0.2
# Fewer positives in the validation slice: Platt scaling (two parameters). Isotonic steps learnt on a few hundred
# cases put near-zero probabilities on rare cells, which the log score punishes hard (measured on test histories).
ISOTONIC_MIN_POSITIVES = 1000
TOP_DRIVERS = 8
EPSILON = 1e-6

PARAMS: dict[str, dict[str, Any]] = {
    "logit": {"C": 0.1, "max_iter": 2000},
    "gbm": {"max_iter": 150, "learning_rate": 0.03, "max_leaf_nodes": 15, "min_samples_leaf": 100,
            "l2_regularization": 1.0, "early_stopping": False, "random_state": 19},
}  # fmt: skip


class NotEnoughHistory(ValueError):
    """Too few labelled rows, or only one outcome, to fit or test a model."""


def base_model(kind: str) -> Any:
    if kind == "logit":
        return make_pipeline(StandardScaler(), LogisticRegression(**PARAMS["logit"]))
    if kind == "gbm":
        return HistGradientBoostingClassifier(**PARAMS["gbm"])
    raise ValueError(f"unknown model kind {kind!r} (expected one of {', '.join(KINDS)})")


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return np.log(p / (1 - p))  # type: ignore[no-any-return]


class CalibratedModel:
    """A base classifier and the calibration map learnt on later origins than it was fitted on."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.base: Any = None
        self.calibrator: Any = None
        self.calibration = "none"
        self.medians: np.ndarray | None = None
        self.features = FEATURES
        self.train_rows = self.train_positives = 0

    def fit(self, matrix: np.ndarray, y: np.ndarray, origin: np.ndarray) -> CalibratedModel:
        with threadpool_limits(limits=1):
            return self._fit(matrix, y, origin)

    def _fit(self, matrix: np.ndarray, y: np.ndarray, origin: np.ndarray) -> CalibratedModel:
        """matrix: raw features (features.feature_matrix rows), y: 0/1, origin: the origin day of each row."""
        y = np.asarray(y, dtype=int)
        if len(y) == 0 or y.min() == y.max():
            raise NotEnoughHistory("the training rows hold only one outcome")
        x = transform(matrix)
        self.medians = np.median(matrix, axis=0)
        self.train_rows, self.train_positives = int(len(y)), int(y.sum())
        days = np.unique(origin)
        cut = days[int(len(days) * (1 - VALIDATION_SHARE))] if len(days) >= 5 else days[-1] + 1
        fit, held = origin < cut, origin >= cut
        if y[fit].min() == y[fit].max() or held.sum() == 0 or y[held].min() == y[held].max():
            # Too little to hold a slice out: fit on everything, keep the base probabilities uncalibrated.
            self.base = base_model(self.kind).fit(x, y)
            self.calibrator, self.calibration = None, "none"
            return self
        self.base = base_model(self.kind).fit(x[fit], y[fit])
        raw = self._raw(x[held])
        if int(y[held].sum()) >= ISOTONIC_MIN_POSITIVES:
            self.calibrator = IsotonicRegression(out_of_bounds="clip", y_min=EPSILON, y_max=1 - EPSILON)
            self.calibrator.fit(raw, y[held])
            self.calibration = "isotonic"
        else:
            self.calibrator = LogisticRegression(C=1e4).fit(raw.reshape(-1, 1), y[held])
            self.calibration = "platt"
        return self

    def _raw(self, x: np.ndarray) -> np.ndarray:
        """The base model's log-odds on transformed features."""
        with threadpool_limits(limits=1):
            return np.asarray(self.base.decision_function(x), dtype=float)

    def _calibrate(self, raw: np.ndarray) -> np.ndarray:
        if self.calibration == "isotonic":
            p = self.calibrator.predict(raw)
        elif self.calibration == "platt":
            p = self.calibrator.predict_proba(raw.reshape(-1, 1))[:, 1]
        else:
            p = 1.0 / (1.0 + np.exp(-raw))
        return np.clip(np.asarray(p, dtype=float), EPSILON, 1 - EPSILON)

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        return self._calibrate(self._raw(transform(matrix)))

    def effects(self, matrix: np.ndarray) -> np.ndarray:
        """(rows, features): each feature's signed contribution to the base log-odds of each row.

        logit: coefficient x standardised value (exact: they sum to the log-odds minus the intercept).
        gbm: the log-odds minus the log-odds with that feature set to its training median, one feature at a time
        (a local, one-at-a-time reading: effects of features that act together do not add up)."""
        x = transform(matrix)
        if self.kind == "logit":
            scaler, logistic = self.base.named_steps["standardscaler"], self.base.named_steps["logisticregression"]
            return ((x - scaler.mean_) / scaler.scale_) * logistic.coef_[0]  # type: ignore[no-any-return]
        assert self.medians is not None
        base = self._raw(x)
        medians = transform(self.medians.reshape(1, -1))[0]
        rows, columns = x.shape
        stacked = np.repeat(x[None, :, :], columns, axis=0)  # (features, rows, features)
        for j in range(columns):
            stacked[j, :, j] = medians[j]
        moved = self._raw(stacked.reshape(columns * rows, columns)).reshape(columns, rows)
        return (base[None, :] - moved).T  # type: ignore[no-any-return]

    def drivers(self, matrix: np.ndarray, top: int = TOP_DRIVERS) -> list[list[dict[str, Any]]]:
        """Per row, the `top` features with the largest |effect|: [{"feature", "value", "effect"}]."""
        effects = self.effects(matrix)
        result = []
        for row, values in zip(effects, matrix, strict=True):
            order = np.argsort(-np.abs(row), kind="stable")[:top]
            result.append([{"feature": self.features[j], "value": round(float(values[j]), 4),
                            "effect": round(float(row[j]), 4)} for j in order if row[j] != 0])  # fmt: skip
        return result

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "calibration": self.calibration, "params": PARAMS[self.kind],
                "train_rows": self.train_rows, "train_positives": self.train_positives}  # fmt: skip


def fit(kind: str, matrix: np.ndarray, y: np.ndarray, origin: np.ndarray) -> CalibratedModel:
    return CalibratedModel(kind).fit(matrix, y, origin)


def dump(model: CalibratedModel) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    return buffer.getvalue()


def load(data: bytes) -> CalibratedModel:
    model = joblib.load(io.BytesIO(bytes(data)))
    if not isinstance(model, CalibratedModel):
        raise TypeError("the stored artefact is not a forecast model")
    return model
