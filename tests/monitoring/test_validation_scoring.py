"""Instrument checks name the exact place; scoring maps answers to 0-100 and weights what is relevant."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.utils import translation

from waspada.monitoring.scoring import indicator_score, relevant_codes, score_answers
from waspada.monitoring.validation import check_spec, check_value


def _default() -> dict[str, Any]:
    return yaml.safe_load((Path(settings.DOMAIN_DIR) / "instrument_default.yaml").read_text(encoding="utf-8"))


def _ind(code: str, kind: str = "yes_no", **extra: Any) -> dict[str, Any]:
    return {"code": code, "answer_type": kind, "text_id": "t", "text_en": "t",
            "scoring": {"yes": 100, "no": 0} if kind == "yes_no" else {}, **extra}  # fmt: skip


def _spec(*indicators: dict[str, Any], sub_weights_total: float | None = None) -> dict[str, Any]:
    sub: dict[str, Any] = {"code": "s", "indicators": list(indicators)}
    if sub_weights_total is not None:
        sub["weights_total"] = sub_weights_total
    return {"dimensions": [{"code": "d1", "subdimensions": [{"code": "a", "indicators": [_ind("a1")]}]},
                           {"code": "d2", "subdimensions": [sub]}]}  # fmt: skip


def test_the_default_instrument_is_sound_and_follows_the_ikp_skeleton() -> None:
    data = _default()
    assert check_spec(data) == []
    assert len(data["dimensions"]) == 4
    assert sum(len(d["subdimensions"]) for d in data["dimensions"]) == 12
    indicators = [i for d in data["dimensions"] for s in d["subdimensions"] for i in s["indicators"]]
    assert len(indicators) >= 40 and all(i.get("basis") for i in indicators)
    assert sum("Pasal 434" in i["basis"] for i in indicators) >= 5
    assert {i["answer_type"] for i in indicators} == {"scale", "yes_no", "number", "single_choice",
                                                      "multiple_choice", "text", "date"}  # fmt: skip


def test_a_bad_weight_is_named_by_its_place() -> None:
    spec = _spec(_ind("b1"), _ind("b2"), _ind("b3", weight=0))
    with translation.override("id"):
        assert check_spec(spec) == ["Dimensi 2 › Subdimensi 2.1 › Indikator 2.1.3: bobot harus lebih dari 0"]
    with translation.override("en"):
        assert check_spec(spec) == ["Dimension 2 › Sub-dimension 2.1 › Indicator 2.1.3: the weight must be more than 0"]


def test_a_stated_weight_total_must_add_up() -> None:
    spec = _spec(_ind("b1", weight=2), _ind("b2", weight=1), sub_weights_total=4)
    with translation.override("en"):
        assert check_spec(spec) == ["Dimension 2 › Sub-dimension 2.1: the weights add up to 3, not the stated 4"]
    assert check_spec(_spec(_ind("b1", weight=2), _ind("b2", weight=2), sub_weights_total=4)) == []


@pytest.mark.parametrize(("indicator", "expected"), [
    (_ind("b1", "scale", scoring={"min": 5, "max": 1}), "a scale needs a minimum below its maximum"),
    (_ind("b1", "single_choice", choices=[{"code": "x"}, {"code": "y"}], scoring={"scores": {"x": 0, "y": 150}}),
     "choice “y” needs a score from 0 to 100"),
    (_ind("b1", "single_choice", choices=[{"code": "x"}, {"code": "y"}],
          scoring={"scores": {"x": 0, "y": 10, "z": 5}}), "the scoring rule names “z”, which is not a choice"),
    (_ind("b1", "yes_no", scoring={"yes": 100}), "the answer “no” needs a score from 0 to 100"),
    (_ind("b1", "number", scoring={"bands": [{"upto": 5, "score": 10}, {"upto": 2, "score": 20}]}),
     "each band needs an increasing limit and a score from 0 to 100"),
    (_ind("b1", "text", scoring={"yes": 1}), "text and date answers are not scored; remove the scoring rule"),
])  # fmt: skip
def test_a_scoring_rule_inconsistent_with_its_answer_type_is_named(indicator: dict[str, Any], expected: str) -> None:
    with translation.override("en"):
        assert check_spec(_spec(indicator)) == [f"Dimension 2 › Sub-dimension 2.1 › Indicator 2.1.1: {expected}"]


def test_conditions_must_point_back_to_a_compatible_earlier_answer() -> None:
    later = _spec(_ind("b1", condition={"indicator": "b2", "equals": True}), _ind("b2"))
    wrong_value = _spec(_ind("b1"), _ind("b2", condition={"indicator": "b1", "equals": "maybe"}))
    choice = _ind("b1", "single_choice", choices=[{"code": "x"}, {"code": "y"}], scoring={"scores": {"x": 0, "y": 1}})
    ok = _spec(choice, _ind("b2", condition={"indicator": "b1", "in": ["y"]}))
    with translation.override("en"):
        assert check_spec(later) == [
            "Dimension 2 › Sub-dimension 2.1 › Indicator 2.1.1: the condition refers to "
            "“b2”, which is not an earlier indicator of this version"
        ]
        assert check_spec(wrong_value) == [
            "Dimension 2 › Sub-dimension 2.1 › Indicator 2.1.2: the condition's value maybe cannot be an answer to “b1”"
        ]
    assert check_spec(ok) == []


def test_answers_are_checked_against_type_range_and_choices() -> None:
    scale = _ind("s", "scale", scoring={"min": 1, "max": 5})
    many = _ind("m", "multiple_choice", choices=[{"code": "x"}, {"code": "y"}])
    with translation.override("en"):
        assert check_value(scale, 6) == "give a value from 1 to 5"
        assert check_value(scale, "3") == "give a whole number"
        assert check_value(_ind("y"), "ya") == "answer yes or no"
        assert check_value(many, ["x", "z"]) == "“z” is not one of the choices"
        assert check_value(_ind("d", "date"), "31-12-2024") == "give a date as YYYY-MM-DD"
    assert check_value(scale, 5) is None and check_value(many, ["y", "x"]) is None


def test_scores_map_answers_to_0_100() -> None:
    assert indicator_score(_ind("s", "scale", scoring={"min": 1, "max": 5}), 2) == 25
    assert indicator_score(_ind("s", "scale", scoring={"min": 1, "max": 5, "reverse": True}), 2) == 75
    number = _ind("n", "number", scoring={"bands": [{"upto": 0, "score": 0}, {"upto": 3, "score": 50}], "above": 90})
    assert [indicator_score(number, v) for v in (0, 2, 4)] == [0, 50, 90]
    many = _ind("m", "multiple_choice", scoring={"scores": {"x": 30, "y": 60}, "combine": "sum"})
    assert indicator_score(many, ["x", "y"]) == 90 and indicator_score(many, []) == 0
    assert indicator_score(_ind("t", "text"), "anything") is None


def test_weighted_scores_skip_irrelevant_indicators() -> None:
    spec = _spec(_ind("b1", weight=3), _ind("b2", condition={"indicator": "b1", "equals": True}),
                 _ind("b3", condition={"indicator": "b2", "equals": True}))  # fmt: skip
    answers = {"a1": False, "b1": False, "b2": True, "b3": True}  # b2, b3 answered but hidden by b1 = no
    assert relevant_codes([i for d in spec["dimensions"] for s in d["subdimensions"] for i in s["indicators"]],
                          answers) == {"a1", "b1"}  # fmt: skip
    result = score_answers(spec, answers)
    assert [d.score for d in result.children] == [0, 0] and result.score == 0
    shown = copy.deepcopy(answers) | {"b1": True, "b2": False}
    result = score_answers(spec, shown)
    assert result.children[1].score == pytest.approx((3 * 100 + 1 * 0) / 4)  # b3 hidden by b2 = no
    assert result.score == pytest.approx((0 + 75) / 2)
