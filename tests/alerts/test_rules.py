"""The anomaly rules on plain numbers: each rule fires where documented (docs/alerts.md, Rules) and not below
its guards; the expected count is the own-history/peer blend computed by hand."""

from __future__ import annotations

import pytest
from scipy.stats import poisson

from waspada.alerts.rules import AWAS, NORMAL, SIAGA, WASPADA, Params, RegionSignals, decide, expected, surprise_p

P = Params()


def signals(**values: object) -> RegionSignals:
    base: dict[str, object] = {"code": "32.73", "population": 1_000_000, "window_count": 0.0, "history_count": 52.0,
                               "peer_rate_per_capita_day": 0.0}  # fmt: skip
    return RegionSignals(**{**base, **values})  # type: ignore[arg-type]


def test_expected_count_blends_own_history_and_peers_by_the_amount_of_own_history() -> None:
    # 52 incidents in 365 days: 52 * 7 / 365 = 0.99726 a week; peers 1e-6 per person-day x 1,000,000 x 7 = 7.
    # Own weight 52 / (52 + 10) = 0.838710: 0.838710 * 0.997260 + 0.161290 * 7 = 1.965444.
    own, peers, blended = expected(signals(peer_rate_per_capita_day=1e-6), P)
    assert own == pytest.approx(0.99726, abs=1e-5)
    assert peers == pytest.approx(7.0)
    assert blended == pytest.approx(1.965444, abs=1e-6)


def test_the_surprise_is_the_poisson_upper_tail() -> None:
    assert surprise_p(5, 1.0) == pytest.approx(1 - poisson.cdf(4, 1.0))
    assert surprise_p(2.5, 1.0) == surprise_p(2, 1.0)  # half-weights never tip a count
    assert surprise_p(0, 1.0) == 1.0


@pytest.mark.parametrize(("count", "level"), [(0, NORMAL), (2, NORMAL), (4, SIAGA), (6, AWAS)])
def test_levels_rise_with_the_surprise(count: float, level: int) -> None:
    # Expected ~1 a week: 2 is ordinary (p = 0.26), 4 is p = 0.019 (not < 0.01 ... see next), 6 is p = 0.0006.
    decision = decide(signals(window_count=count), P)
    if count == 4:  # p = 0.0189: above Siaga's 0.01, below Waspada's 0.05 with 4 >= 2
        assert decision.level == WASPADA
    else:
        assert decision.level == level
    assert decision.numbers["window_count"] == count


def test_minimum_counts_guard_a_quiet_region() -> None:
    # Nothing in a year, no active peers: expected is the floor, 0.1 a week.
    assert expected(signals(history_count=0), P)[2] == pytest.approx(0.1)
    assert decide(signals(history_count=0, window_count=1), P).level == NORMAL  # p = 0.095: one report is no trend
    two = decide(signals(history_count=0, window_count=2), P)
    assert two.numbers["p_value"] < 0.01  # Siaga's p-value, but Siaga needs 3 incidents
    assert two.level == WASPADA


def test_in_hot_stages_p_value_thresholds_loosen_but_not_the_minimum_counts() -> None:
    # 28 in a year, no peers: expected 28/38 x 28 x 7/365 = 0.3957 a week; two incidents: p = 0.0604, above
    # Waspada's 0.05 in calm times, below the doubled 0.10 of a hot stage.
    calm = decide(signals(history_count=28, window_count=2), P)
    assert calm.numbers["p_value"] == pytest.approx(0.0604, abs=5e-4) and calm.level == NORMAL
    campaign = decide(signals(history_count=28, window_count=2, stage_tags=["kampanye"]), P)
    assert campaign.level == WASPADA and campaign.rules == ["surprise_hot_stage"]
    assert decide(signals(history_count=28, window_count=2, days_to_voting=10), P).level == WASPADA
    # One incident in a quiet region stays Normal even in a hot stage (calibration: the minimum no longer drops).
    assert decide(signals(history_count=0, window_count=1, stage_tags=["kampanye"]), P).level == NORMAL
    assert decide(signals(history_count=0, window_count=1, stage_tags=["kampanye"]),
                  Params(hot_stage_min_drop=1)).level == WASPADA  # fmt: skip


def test_a_verified_severe_incident_means_at_least_siaga() -> None:
    decision = decide(signals(window_count=1, severe_verified=1), P)
    assert (decision.level, decision.rules) == (SIAGA, ["severe_incident"])


def test_highest_in_twelve_months() -> None:
    months = [4.0] * 12
    assert decide(signals(last30=5, monthly_before=months), P).rules == ["highest_in_months"]
    assert decide(signals(last30=4, monthly_before=months), P).level == NORMAL  # not higher than before
    assert decide(signals(last30=5, monthly_before=months[:6]), P).level == NORMAL  # too little history
    # The minimum count (5 since the calibration): 4 is higher than every month before, and still not enough.
    assert decide(signals(last30=4, monthly_before=[2.0] * 12), P).level == NORMAL
    assert decide(signals(last30=4, monthly_before=[2.0] * 12), Params(months_min_count=3)).level == WASPADA


def test_spill_over_needs_two_hot_neighbours_and_some_activity_here() -> None:
    near = signals(window_count=1, neighbours=["32.04", "32.77", "32.17"])
    assert decide(near, P, {"32.04": SIAGA, "32.77": AWAS}).rules == ["spill_over"]
    assert decide(near, P, {"32.04": SIAGA, "32.77": WASPADA}).level == NORMAL
    assert decide(signals(window_count=0, neighbours=["32.04", "32.77"]), P, {"32.04": AWAS, "32.77": AWAS}).level == 0


def test_a_high_index_lifts_an_alert_one_level_but_never_makes_one() -> None:
    assert decide(signals(window_count=4, index_category="tinggi"), P).level == SIAGA
    assert decide(signals(window_count=0, index_category="tinggi"), P).level == NORMAL
