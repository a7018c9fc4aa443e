"""Forecast features (docs/forecasts.md, Features): for each kab/kota and origin day t, numbers computed only from
what was known on t (every window ends at t inclusive; nothing after t is read).

The caller (alerts/forecasting/dataset.py) hands over daily counts as arrays (`History`) and, per origin, the
calendar and index values (`OriginExtras`); `feature_matrix` returns one row per (origin, region), origin-major.
Counts are kept raw in the matrix (drivers show them as they are); `transform` is what the models see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Event-type groups (taxonomy codes); a type not listed is "other".
GROUPS = ("violence", "threat", "protest", "damage", "other")
TYPE_GROUP = {
    "violence_clash": "violence",
    "intimidation_threat": "threat", "sara_provocation": "threat", "hoax_hate_speech": "threat",
    "protest_demonstration": "protest", "dispute_result": "protest",
    "property_destruction": "damage", "logistics_disruption": "damage",
}  # fmt: skip
WINDOWS = (7, 30, 90, 365)
LOOKBACK_DAYS = 365  # an origin needs this much history before it for full windows
SINCE_CAP = 730  # "days since the last serious incident" when there was none (or longer ago)
VOTING_CAP = 365  # days to the next voting day, when none is ahead or it is further away
CATEGORIES = {"": 0, "rendah": 1, "sedang": 2, "tinggi": 3}

FEATURES: tuple[str, ...] = (
    *(f"{group}_{window}d" for group in GROUPS for window in WINDOWS),
    "trend_30_vs_90", "serious_30d", "serious_365d", "days_since_serious", "serious_per_year_all",
    "serious_days_per_year_all", "events_per_year_all",
    "neighbours_30d", "neighbours_365d", "neighbours_serious_90d", "context_30d", "context_365d",
    "index_score", "index_category", "index_known",
    "days_to_voting", "campaign", "voting", "recapitulation", "log_population",
)  # fmt: skip
# Columns that are counts or day spans: the models see log(1 + x) of them.
LOG_COLUMNS = tuple(i for i, name in enumerate(FEATURES)
                    if name.endswith(("d", "_all")) and name != "trend_30_vs_90"
                    or name == "days_since_serious")  # fmt: skip


def group_of(event_type: str) -> int:
    return GROUPS.index(TYPE_GROUP.get(event_type, "other"))


@dataclass
class History:
    """Daily counts from `start`, one column per day.

    counts: (groups, regions, days) election-related incidents (weighted: unverified reports count half);
    context: (regions, days) context events (imported, not election-related);
    serious: (regions, days) serious incidents (target.is_serious), verified only, context events included;
    population: (regions,); neighbours: per region, the indices of its neighbours."""

    start: dt.date
    regions: list[str]
    counts: np.ndarray
    context: np.ndarray
    serious: np.ndarray
    population: np.ndarray
    neighbours: list[list[int]]

    @property
    def days(self) -> int:
        return int(self.serious.shape[1])

    def index_of(self, day: dt.date) -> int:
        return (day - self.start).days

    def date_of(self, index: int) -> dt.date:
        return self.start + dt.timedelta(days=int(index))


@dataclass
class OriginExtras:
    """Per origin and region (arrays of shape (origins, regions)): the calendar and the index on that day."""

    days_to_voting: np.ndarray  # NaN when no voting day is ahead
    campaign: np.ndarray
    voting: np.ndarray
    recapitulation: np.ndarray
    index_score: np.ndarray  # NaN when no index was computed by then
    index_category: np.ndarray  # CATEGORIES values, 0 unknown

    @classmethod
    def empty(cls, origins: int, regions: int) -> OriginExtras:
        nan, zero = np.full((origins, regions), np.nan), np.zeros((origins, regions))
        return cls(nan, zero, zero, zero, nan, zero)


def _cumulative(values: np.ndarray) -> np.ndarray:
    out = np.zeros((*values.shape[:-1], values.shape[-1] + 1))
    np.cumsum(values, axis=-1, out=out[..., 1:])
    return out


def _window(cumulative: np.ndarray, t: int, width: int) -> np.ndarray:
    """Sum over days (t - width, t], clipped at the start of the data."""
    return cumulative[..., t + 1] - cumulative[..., max(t + 1 - width, 0)]  # type: ignore[no-any-return]


def _neighbour_matrix(neighbours: list[list[int]], regions: int) -> np.ndarray:
    """Row-normalised adjacency: neighbour means (a region with no neighbours gets zeros)."""
    matrix = np.zeros((regions, regions))
    for r, near in enumerate(neighbours):
        if near:
            matrix[r, near] = 1.0 / len(near)
    return matrix


def feature_matrix(history: History, origins: Sequence[int], extras: OriginExtras) -> np.ndarray:
    """(len(origins) * regions, len(FEATURES)), origin-major; every value from days <= the origin."""
    groups, regions, days = history.counts.shape
    if any(t < 0 or t >= days for t in origins):
        raise ValueError("an origin lies outside the history")
    by_group = _cumulative(history.counts)
    total = _cumulative(history.counts.sum(axis=0))
    serious = _cumulative(history.serious)
    context = _cumulative(history.context)
    serious_days = _cumulative((history.serious > 0).astype(float))
    # Index of the latest day <= d with a serious incident, -1 when none so far.
    marks = np.where(history.serious > 0, np.arange(days)[None, :], -1)
    last_serious = np.maximum.accumulate(marks, axis=1)
    near = _neighbour_matrix(history.neighbours, regions)
    log_population = np.log(np.maximum(history.population.astype(float), 1.0))
    out = np.empty((len(origins), regions, len(FEATURES)))
    for row, t in enumerate(origins):
        columns: list[np.ndarray] = [_window(by_group[g], t, w) for g in range(groups) for w in WINDOWS]
        last30, last120 = _window(total, t, 30), _window(total, t, 120)
        prior90_per_30 = (last120 - last30) / 3.0
        years = 365.0 / (t + 1)  # the whole history up to t, per year: the region's long-run level
        since = np.where(last_serious[:, t] >= 0, t - last_serious[:, t], SINCE_CAP)
        columns += [
            np.log((last30 + 1.0) / (prior90_per_30 + 1.0)),
            _window(serious, t, 30), _window(serious, t, 365), np.minimum(since, SINCE_CAP),
            serious[:, t + 1] * years, serious_days[:, t + 1] * years, (total[:, t + 1] + context[:, t + 1]) * years,
            near @ last30, near @ _window(total, t, 365), near @ _window(serious, t, 90),
            _window(context, t, 30), _window(context, t, 365),
        ]  # fmt: skip
        score = extras.index_score[row]
        voting = extras.days_to_voting[row]
        columns += [
            np.nan_to_num(score, nan=0.0), extras.index_category[row], (~np.isnan(score)).astype(float),
            np.minimum(np.nan_to_num(voting, nan=VOTING_CAP), VOTING_CAP),
            extras.campaign[row], extras.voting[row], extras.recapitulation[row], log_population,
        ]  # fmt: skip
        out[row] = np.column_stack(columns)
    return out.reshape(len(origins) * regions, len(FEATURES))


def transform(matrix: np.ndarray) -> np.ndarray:
    """What the models see: log(1 + x) of the counts and day spans, everything else as it is."""
    out = np.array(matrix, dtype=float, copy=True)
    columns = list(LOG_COLUMNS)
    out[:, columns] = np.log1p(np.maximum(out[:, columns], 0.0))
    return out
