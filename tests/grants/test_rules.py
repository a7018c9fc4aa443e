"""The rule sets, the date expressions, the holiday calendar and the compliance states: plain functions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from waspada.grants import compliance
from waspada.grants.rules import RuleError, _parse, evaluate, rules, shift_months
from waspada.grants.workdays import holidays

D = dt.date


def test_the_pilkada_2024_rule_set_gives_the_published_tranche_2_date() -> None:
    rule_set = rules().for_election("pilkada_2024", "pilkada")
    assert rule_set is not None and rule_set.version == 1 and rule_set.signing_target == D(2023, 12, 31)
    second = rule_set.tranches("two_tranches")[1]
    assert second.remainder and second.min_pct == 60
    assert evaluate(second.due, {"voting_day": D(2024, 11, 27)}).date == D(2024, 6, 27)  # type: ignore[union-attr]
    # A later Pilkada falls to the newest set for its kind; a Pemilu (APBN-funded) has none.
    assert rules().for_election("pilkada_2029", "pilkada") is rule_set
    assert rules().for_election("pemilu_2024", "pemilu") is None


def test_expressions_days_months_and_working_days() -> None:
    anchors = {"nphd_signed": D(2024, 4, 1), "voting_day": D(2024, 11, 27), "proposal_to_appoint_elected": None}
    assert evaluate("nphd_signed + 14 days", anchors).date == D(2024, 4, 15)  # type: ignore[union-attr]
    # 14 working days from 1 April 2024 skip Idulfitri (10-11 April) and its cuti bersama (8, 9, 12, 15 April).
    assert evaluate("nphd_signed + 14 working_days", anchors).date == D(2024, 4, 29)  # type: ignore[union-attr]
    assert evaluate("proposal_to_appoint_elected + 3 months", anchors) is None  # anchor not known yet
    assert shift_months(D(2024, 3, 31), -1) == D(2024, 2, 29) and shift_months(D(2024, 11, 30), 3) == D(2025, 2, 28)
    with pytest.raises(RuleError):
        evaluate("nphd_signed + 14 weeks", anchors)
    with pytest.raises(RuleError):
        evaluate("tomorrow + 1 days", anchors)


def test_working_days_skip_weekends_holidays_and_flag_years_without_a_decree() -> None:
    calendar = holidays()
    assert not calendar.is_working_day(D(2024, 11, 27))  # Pilkada voting day, a holiday
    assert not calendar.is_working_day(D(2025, 8, 18))  # cuti bersama added by the 2025 amendment
    assert calendar.is_working_day(D(2024, 11, 26))
    assert calendar.add_working_days(D(2024, 12, 23), 3) == (D(2024, 12, 30), False)  # 25-26 Dec off
    assert calendar.add_working_days(D(2026, 12, 21), 5) == (D(2026, 12, 30), False)  # 24-25 Dec 2026 off
    day, provisional = calendar.add_working_days(D(2026, 12, 28), 5)
    assert day == D(2027, 1, 5) and provisional  # 1 Jan off; 2027 has no decree in the data yet
    assert not calendar.is_working_day(D(2027, 8, 17))  # fixed-date holidays still count in such a year


def test_a_rule_file_with_a_bad_expression_or_duplicate_versions_fails_to_load(tmp_path: Path) -> None:
    document = yaml.safe_load((Path(__file__).parents[2] / "data" / "domain" / "grants_rules.yaml").read_text())
    document["rule_sets"][0]["refund_due"] = "proposal_to_appoint_elected + 3 fortnights"
    (tmp_path / "grants_rules.yaml").write_text(yaml.safe_dump(document))
    with pytest.raises(RuleError):
        _parse(tmp_path / "grants_rules.yaml")
    document["rule_sets"][0]["refund_due"] = "proposal_to_appoint_elected + 3 months"
    document["rule_sets"].append(dict(document["rule_sets"][0]))
    (tmp_path / "grants_rules.yaml").write_text(yaml.safe_dump(document))
    with pytest.raises(RuleError, match="share a version"):
        _parse(tmp_path / "grants_rules.yaml")


@pytest.mark.parametrize(("due", "paid", "paid_on", "as_of", "state"), [
    (100, 0, None, D(2024, 6, 27), compliance.NOT_DUE),
    (100, 100, D(2024, 6, 27), D(2024, 7, 1), compliance.PAID_ON_TIME),
    (100, 100, D(2024, 6, 28), D(2024, 7, 1), compliance.PAID_LATE),
    (100, 0, None, D(2024, 6, 28), compliance.OVERDUE_UNPAID),
    (100, 60, D(2024, 6, 1), D(2024, 6, 28), compliance.OVERDUE_PART),
    (100, 60, D(2024, 6, 1), D(2024, 6, 20), compliance.NOT_DUE),
])  # fmt: skip
def test_tranche_states(due: int, paid: int, paid_on: dt.date | None, as_of: dt.date, state: str) -> None:
    assert compliance.tranche_state(due, paid, D(2024, 6, 27), paid_on, as_of) == state


def test_signing_and_derived_problems() -> None:
    target = D(2023, 12, 31)
    assert compliance.signing_state(D(2023, 12, 31), target, D(2024, 1, 5)) == compliance.ON_TIME
    assert compliance.signing_state(D(2024, 1, 2), target, D(2024, 1, 5)) == compliance.LATE
    assert compliance.signing_state(None, target, D(2023, 12, 1)) == compliance.NOT_YET
    assert compliance.signing_state(None, target, D(2024, 1, 1)) == compliance.LATE
    figures = compliance.Figures(compliance.LATE, (compliance.PAID_ON_TIME, compliance.OVERDUE_PART), 30, 40, True,
                                 D(2025, 4, 1), None, True)  # fmt: skip
    assert compliance.derived_problems(figures, D(2025, 5, 1)) == [
        "ttd_terlambat", "cair_sebagian", "tranche_late", "anggaran_via_perubahan", "fiscal_split_short",
        "refund_late"]  # fmt: skip
    assert compliance.disbursement_state([]) == compliance.NO_TRANCHES
    assert compliance.disbursement_state([compliance.PAID_LATE, compliance.PAID_ON_TIME]) == compliance.PAID
