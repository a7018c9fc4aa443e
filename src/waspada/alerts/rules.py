"""The anomaly rules (docs/alerts.md, Rules): from one kab/kota's signals on one day to a level and its reasons.

Framework-free (plain Python and scipy), so a test or an analyst can replay a decision from the numbers the
alert keeps as evidence. Counts are of incidents that count (verified, escalated, handled or closed: weight 1;
submitted and not yet verified: weight UNVERIFIED_WEIGHT), by the day they happened.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from scipy.stats import poisson

NORMAL, WASPADA, SIAGA, AWAS = 0, 1, 2, 3
UNVERIFIED_WEIGHT = 0.5
# Stage tags when tension peaks: campaign to the settlement of results.
HOT_STAGES = frozenset({"kampanye", "masa_tenang", "pemungutan_suara", "penghitungan_suara", "rekapitulasi",
                        "penetapan_hasil", "perselisihan_hasil", "psu"})  # fmt: skip


@dataclass(frozen=True)
class Params:
    window_days: int = 7  # the "now" the surprise test looks at
    history_days: int = 365  # the region's own history before the window
    shrink_k: float = 10.0  # own history counts w = n / (n + k) against the province's peers
    floor_rate: float = 0.1  # expected incidents per window never below this (a quiet region's first incident)
    # (level, p-value below which, minimum weighted count): tried from the top.
    surprise: tuple[tuple[int, float, float], ...] = ((AWAS, 0.001, 5), (SIAGA, 0.01, 3), (WASPADA, 0.05, 2))
    months: int = 12  # "highest in N months": the last 30 days against the N months before
    # At least 5 in the last 30 days (was 3): on a synthetic history of 60,000 events three was met somewhere in
    # every stage period, raising 61 of 514 kab/kota in a voting week on this rule (docs/alerts.md, Calibration).
    months_min_count: float = 5
    spill_neighbours: int = 2  # neighbours at Siaga or above that lift a region with activity to Waspada
    hot_stage_p_factor: float = 2.0  # in hot stages a p-value threshold doubles ...
    # ... and minimum counts drop by this much (never below 1). 0 since the calibration (was 1): one incident in
    # a hot stage made a quiet region Waspada, and voting weeks flagged a quarter of the country.
    hot_stage_min_drop: float = 0
    voting_days_hot: int = 14  # days before voting day that count as hot whatever the stage tags say
    # A Waspada alert where the 14-day forecast (docs/forecasts.md) gives a serious incident at least this
    # probability goes up to Siaga, unless the index already lifted it; a forecast never raises an alert alone.
    forecast_high: float = 0.5


@dataclass
class RegionSignals:
    code: str
    population: int | None
    window_count: float  # weighted incidents in the window
    history_count: float  # weighted incidents in the history_days before the window
    peer_rate_per_capita_day: float  # the province's other kab/kota: weighted incidents per person per day
    last30: float = 0.0
    monthly_before: Sequence[float] = ()  # weighted counts of the N 30-day blocks before the last 30 days
    severe_verified: int = 0  # verified incidents of severity 5, or with deaths, in the window
    stage_tags: Sequence[str] = ()
    days_to_voting: int | None = None
    index_category: str = ""
    index_change: float | None = None
    late_rounds: int = 0
    overdue_grants: int = 0
    neighbours: Sequence[str] = ()
    forecast_probability: float | None = None  # the newest 14-day forecast (best active model), when any


@dataclass
class Decision:
    level: int
    rules: list[str] = field(default_factory=list)  # rule codes that fired, strongest first
    numbers: dict[str, float | int | str | None] = field(default_factory=dict)


def hot_stage(signals: RegionSignals, params: Params) -> bool:
    if any(tag in HOT_STAGES for tag in signals.stage_tags):
        return True
    days = signals.days_to_voting
    return days is not None and 0 <= days <= params.voting_days_hot


def expected(signals: RegionSignals, params: Params) -> tuple[float, float, float]:
    """(own, peers, blended) expected weighted count in the window."""
    own = signals.history_count * params.window_days / params.history_days
    peers = signals.peer_rate_per_capita_day * (signals.population or 0) * params.window_days
    weight = signals.history_count / (signals.history_count + params.shrink_k)
    return own, peers, max(params.floor_rate, weight * own + (1 - weight) * peers)


def surprise_p(count: float, rate: float) -> float:
    """P(X >= count) for X ~ Poisson(rate); a weighted count is rounded down (half-weights never tip it)."""
    whole = math.floor(count + 1e-9)
    return 1.0 if whole <= 0 else float(poisson.sf(whole - 1, rate))


def decide(signals: RegionSignals, params: Params, neighbour_levels: dict[str, int] | None = None) -> Decision:
    """The level of one region; `neighbour_levels` are the first pass's levels of the others (spill-over)."""
    hot = hot_stage(signals, params)
    own, peers, rate = expected(signals, params)
    p = surprise_p(signals.window_count, rate)
    decision = Decision(NORMAL, numbers={
        "window_count": round(signals.window_count, 2), "expected_own": round(own, 3),
        "expected_peers": round(peers, 3), "expected": round(rate, 3), "p_value": round(p, 6),
        "last30": round(signals.last30, 2), "max_month_before": round(max(signals.monthly_before, default=0), 2),
        "severe_verified": signals.severe_verified, "hot_stage": int(hot),
        "days_to_voting": signals.days_to_voting, "index_category": signals.index_category or None,
        "late_rounds": signals.late_rounds, "overdue_grants": signals.overdue_grants})  # fmt: skip
    if signals.forecast_probability is not None:
        decision.numbers["forecast_p14"] = round(signals.forecast_probability, 4)
    for level, threshold, minimum in params.surprise:
        if hot:
            threshold *= params.hot_stage_p_factor
            minimum = max(1.0, minimum - params.hot_stage_min_drop)
        if p < threshold and signals.window_count >= minimum:
            _lift(decision, level, "surprise_hot_stage" if hot else "surprise")
            break
    if signals.severe_verified:
        _lift(decision, SIAGA, "severe_incident")
    before = list(signals.monthly_before)
    if len(before) >= params.months and signals.last30 >= params.months_min_count and signals.last30 > max(before):
        _lift(decision, WASPADA, "highest_in_months")
    if neighbour_levels is not None and signals.window_count > 0:
        hot_neighbours = [code for code in signals.neighbours if neighbour_levels.get(code, NORMAL) >= SIAGA]
        if len(hot_neighbours) >= params.spill_neighbours:
            _lift(decision, WASPADA, "spill_over")
            decision.numbers["neighbours_siaga"] = ",".join(sorted(hot_neighbours))
    if decision.level in (WASPADA, SIAGA) and signals.index_category == "tinggi":
        _lift(decision, decision.level + 1, "high_index")
    elif (decision.level == WASPADA and signals.forecast_probability is not None
          and signals.forecast_probability >= params.forecast_high):  # fmt: skip
        _lift(decision, SIAGA, "high_forecast")
    return decision


def _lift(decision: Decision, level: int, rule: str) -> None:
    decision.rules.append(rule)
    decision.level = max(decision.level, level)
