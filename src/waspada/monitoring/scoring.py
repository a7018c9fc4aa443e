"""Answers to scores: each scored answer becomes 0-100 (higher = more vulnerable, as in Bawaslu's IKP), then
sub-dimension, dimension and total scores are weighted means of what is relevant and answered.

Framework-free: it works on plain mappings (the YAML of an instrument, or `services.version_spec()` of a stored
version), so the same rules score a round, a test or a benchmark. Values are assumed checked already
(`validation.check_value`).

Scoring rules, by answer type (the `scoring` mapping of an indicator):
- scale: {"min": 1, "max": 5, "reverse": false} -> (value - min) / (max - min) * 100, reversed when asked.
- yes_no: {"yes": 100, "no": 0}.
- number: {"min": 0, "max": null, "bands": [{"upto": 0, "score": 0}, {"upto": 3, "score": 50}], "above": 100}:
  the first band whose `upto` is >= the value, else `above`.
- single_choice: {"scores": {"choice_code": 0-100}}.
- multiple_choice: {"scores": {...}, "combine": "max" | "sum"} (sum capped at 100; nothing chosen scores 0).
- text, date: no rule; never scored (they carry context, not a score).
Relevance conditions: {"indicator": code, "equals": value} or {"indicator": code, "in": [values]}; a multiple
choice answer meets `equals` when it contains the value. An indicator whose condition is not met is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

UNSCORED_TYPES = frozenset({"text", "date"})


def indicator_score(indicator: Mapping[str, Any], value: Any) -> float | None:
    """The 0-100 score of one answer; None when the answer is missing or the type is never scored."""
    kind = indicator["answer_type"]
    rule: Mapping[str, Any] = indicator.get("scoring") or {}
    if value is None or value == "" or kind in UNSCORED_TYPES:
        return None
    if kind == "scale":
        low, high = float(rule["min"]), float(rule["max"])
        score = (float(value) - low) / (high - low) * 100
        return _clamp(100 - score if rule.get("reverse") else score)
    if kind == "yes_no":
        return _clamp(float(rule.get("yes" if value else "no", 100 if value else 0)))
    if kind == "number":
        for band in rule.get("bands", []):
            if float(value) <= float(band["upto"]):
                return _clamp(float(band["score"]))
        return _clamp(float(rule.get("above", 100)))
    if kind == "single_choice":
        return _clamp(float(rule["scores"][value]))
    if kind == "multiple_choice":
        scores = [float(rule["scores"][code]) for code in value]
        if not scores:
            return 0.0
        return _clamp(sum(scores) if rule.get("combine") == "sum" else max(scores))
    raise ValueError(f"unknown answer type {kind!r}")


def _clamp(score: float) -> float:
    return max(0.0, min(100.0, score))


def condition_met(condition: Mapping[str, Any] | None, answers: Mapping[str, Any]) -> bool:
    """Is an indicator with this condition relevant, given the answers so far? No condition: always."""
    if not condition:
        return True
    given = answers.get(condition["indicator"])
    if given is None:
        return False
    wanted = condition["in"] if "in" in condition else [condition["equals"]]
    if isinstance(given, list):
        return any(item in wanted for item in given)
    return given in wanted


def relevant_codes(indicators: Sequence[Mapping[str, Any]], answers: Mapping[str, Any]) -> set[str]:
    """Codes of the indicators that apply. In order, so a question hidden by its condition hides what hangs on it."""
    relevant: set[str] = set()
    for indicator in indicators:
        condition = indicator.get("condition")
        if condition and condition["indicator"] not in relevant:
            continue
        if condition_met(condition, answers):
            relevant.add(indicator["code"])
    return relevant


@dataclass
class Score:
    code: str
    score: float | None  # None: nothing relevant and scored was answered
    children: list[Score] = field(default_factory=list)


def _weighted(parts: list[tuple[float, float | None]]) -> float | None:
    counted = [(weight, score) for weight, score in parts if score is not None]
    total = sum(weight for weight, _ in counted)
    return None if not counted or total <= 0 else sum(weight * score for weight, score in counted) / total


def all_indicators(spec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [ind for dim in spec["dimensions"] for sub in dim["subdimensions"] for ind in sub["indicators"]]


def score_answers(spec: Mapping[str, Any], answers: Mapping[str, Any]) -> Score:
    """The total, with each dimension and each of its sub-dimensions, weighted, skipping irrelevant indicators."""
    relevant = relevant_codes(all_indicators(spec), answers)
    dims: list[Score] = []
    for dim in spec["dimensions"]:
        subs: list[Score] = []
        for sub in dim["subdimensions"]:
            parts = [(float(ind.get("weight", 1)), indicator_score(ind, answers.get(ind["code"])))
                     for ind in sub["indicators"] if ind["code"] in relevant]  # fmt: skip
            subs.append(Score(sub["code"], _weighted(parts)))
        weights = [float(sub.get("weight", 1)) for sub in dim["subdimensions"]]
        dims.append(Score(dim["code"], _weighted([(w, s.score) for w, s in zip(weights, subs, strict=True)]), subs))
    weights = [float(dim.get("weight", 1)) for dim in spec["dimensions"]]
    return Score("total", _weighted([(w, d.score) for w, d in zip(weights, dims, strict=True)]), dims)
