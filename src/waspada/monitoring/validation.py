"""Checks of an instrument version and of single answers, each problem naming its exact place.

`check_spec(spec)` works on the plain structure of an instrument (the YAML file, or `services.version_spec()`
of a stored version) and returns every problem as "Dimensi 2 › Subdimensi 2.1 › Indikator 2.1.3: bobot harus
lebih dari 0". `check_value(indicator, value)` checks one answer against its type, range and choices.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from waspada.monitoring.scoring import UNSCORED_TYPES

ANSWER_TYPES = ("scale", "yes_no", "number", "single_choice", "multiple_choice", "text", "date")
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice"})


def dimension_place(d: int) -> str:
    return _("Dimension %(d)s") % {"d": d}


def subdimension_place(d: int, s: int) -> str:
    return _("Dimension %(d)s › Sub-dimension %(d)s.%(s)s") % {"d": d, "s": s}


def indicator_place(d: int, s: int, i: int) -> str:
    return _("Dimension %(d)s › Sub-dimension %(d)s.%(s)s › Indicator %(d)s.%(s)s.%(i)s") % {"d": d, "s": s, "i": i}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_score(value: Any) -> bool:
    return _is_number(value) and 0 <= value <= 100


def _ordered(low: Any, high: Any) -> bool:
    return _is_number(low) and _is_number(high) and bool(low < high)


def _check_weight(weight: Any) -> str | None:
    if not _is_number(weight) or weight <= 0:
        return _("the weight must be more than 0")
    return None


def _check_total(children: list[Mapping[str, Any]], stated: Any) -> str | None:
    """An optional `weights_total` states what the children's weights add up to."""
    if stated is None:
        return None
    total = sum(float(c.get("weight", 1)) for c in children if _is_number(c.get("weight", 1)))
    if not _is_number(stated) or abs(total - float(stated)) > 1e-6:
        return _("the weights add up to %(total)s, not the stated %(stated)s") % {
            "total": f"{total:g}",
            "stated": stated,
        }
    return None


def check_rule(indicator: Mapping[str, Any]) -> list[str]:
    """What is wrong with an indicator's answer type, choices and scoring rule."""
    kind = indicator.get("answer_type")
    rule = indicator.get("scoring") or {}
    choices = [c.get("code") for c in indicator.get("choices") or []]
    if kind not in ANSWER_TYPES:
        return [_("unknown answer type “%(type)s”") % {"type": kind}]
    problems: list[str] = []
    if kind in CHOICE_TYPES:
        if len(choices) < 2 or len(set(choices)) != len(choices) or not all(choices):
            problems.append(_("a choice question needs at least two choices with distinct codes"))
        scores = rule.get("scores") or {}
        for code in choices:
            if not _is_score(scores.get(code)):
                problems.append(_("choice “%(choice)s” needs a score from 0 to 100") % {"choice": code})
        for code in scores:
            if code not in choices:
                problems.append(_("the scoring rule names “%(choice)s”, which is not a choice") % {"choice": code})
        if kind == "multiple_choice" and rule.get("combine", "max") not in {"max", "sum"}:
            problems.append(_("multiple choices combine by “max” or “sum”"))
    elif kind == "scale":
        low, high = rule.get("min"), rule.get("max")
        if not _ordered(low, high):
            problems.append(_("a scale needs a minimum below its maximum"))
    elif kind == "yes_no":
        for key in ("yes", "no"):
            if not _is_score(rule.get(key)):
                problems.append(_("the answer “%(answer)s” needs a score from 0 to 100") % {"answer": key})
    elif kind == "number":
        low, high = rule.get("min"), rule.get("max")
        if low is not None and high is not None and not _ordered(low, high):
            problems.append(_("a number's minimum must lie below its maximum"))
        previous = -math.inf
        for band in rule.get("bands") or []:
            if not (_is_number(band.get("upto")) and _is_score(band.get("score"))) or band["upto"] <= previous:
                problems.append(_("each band needs an increasing limit and a score from 0 to 100"))
                break
            previous = band["upto"]
        if not _is_score(rule.get("above", 100)):
            problems.append(_("the score above the last band must be from 0 to 100"))
    elif kind in UNSCORED_TYPES and rule:
        problems.append(_("text and date answers are not scored; remove the scoring rule"))
    return problems


def _check_condition(condition: Any, earlier: Mapping[str, Mapping[str, Any]]) -> list[str]:
    if condition is None:
        return []
    if not isinstance(condition, Mapping) or "indicator" not in condition or not ({"equals", "in"} & set(condition)):
        return [_("a condition names an indicator and a value (“equals” or “in”)")]
    target = earlier.get(condition["indicator"])
    if target is None:
        return [_("the condition refers to “%(code)s”, which is not an earlier indicator of this version")
                % {"code": condition["indicator"]}]  # fmt: skip
    values = condition["in"] if "in" in condition else [condition["equals"]]
    if not isinstance(values, list) or not values:
        return [_("a condition names an indicator and a value (“equals” or “in”)")]
    bad = [v for v in values if check_value(target, v, single=True) is not None]
    if bad or target["answer_type"] in UNSCORED_TYPES:
        return [_("the condition's value %(value)s cannot be an answer to “%(code)s”")
                % {"value": bad[0] if bad else values[0], "code": condition["indicator"]}]  # fmt: skip
    return []


def check_spec(spec: Mapping[str, Any]) -> list[str]:
    """Every problem of an instrument version, each prefixed with its place; an empty list when it is sound."""
    problems: list[str] = []
    dims = spec.get("dimensions") or []
    if not dims:
        problems.append(_("The instrument has no dimension."))
    problems += [f"{_('Instrument')}: {p}" for p in [_check_total(dims, spec.get("weights_total"))] if p]
    earlier: dict[str, Mapping[str, Any]] = {}
    for d, dim in enumerate(dims, start=1):
        place = dimension_place(d)
        subs = dim.get("subdimensions") or []
        problems += [f"{place}: {p}" for p in [_check_weight(dim.get("weight", 1)),
                                               _check_total(subs, dim.get("weights_total"))] if p]  # fmt: skip
        if not subs:
            problems.append(f"{place}: " + _("no sub-dimension"))
        for s, sub in enumerate(subs, start=1):
            place = subdimension_place(d, s)
            inds = sub.get("indicators") or []
            problems += [f"{place}: {p}" for p in [_check_weight(sub.get("weight", 1)),
                                                   _check_total(inds, sub.get("weights_total"))] if p]  # fmt: skip
            if not inds:
                problems.append(f"{place}: " + _("no indicator"))
            for i, ind in enumerate(inds, start=1):
                place = indicator_place(d, s, i)
                code = ind.get("code")
                found = [_check_weight(ind.get("weight", 1)), *check_rule(ind)]
                if not code:
                    found.append(_("the indicator has no code"))
                elif code in earlier:
                    found.append(_("the code “%(code)s” is used twice") % {"code": code})
                if not (ind.get("text_id") and ind.get("text_en")):
                    found.append(_("the question needs its Indonesian and English text"))
                found += _check_condition(ind.get("condition"), earlier)
                problems += [f"{place}: {p}" for p in found if p]
                if code:
                    earlier[code] = ind
    return problems


def check_value(indicator: Mapping[str, Any], value: Any, *, single: bool = False) -> str | None:
    """Why `value` is no answer to this indicator, or None. `single`: one choice of a multiple-choice question
    (as a condition names it). An empty answer (None) is always acceptable here: submission checks completeness."""
    if value is None:
        return None
    kind = indicator["answer_type"]
    rule = indicator.get("scoring") or {}
    choices = [c["code"] for c in indicator.get("choices") or []]
    if kind == "scale":
        if not _is_number(value) or float(value) != int(value):
            return _("give a whole number")
        if not rule.get("min", -math.inf) <= value <= rule.get("max", math.inf):
            return _("give a value from %(min)s to %(max)s") % {"min": rule.get("min"), "max": rule.get("max")}
    elif kind == "yes_no":
        if not isinstance(value, bool):
            return _("answer yes or no")
    elif kind == "number":
        if not _is_number(value):
            return _("give a number")
        low, high = rule.get("min"), rule.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            return _("give a number from %(min)s to %(max)s") % {
                "min": "-" if low is None else low,
                "max": "-" if high is None else high,
            }
    elif kind == "single_choice" or (kind == "multiple_choice" and single):
        if value not in choices:
            return _("“%(value)s” is not one of the choices") % {"value": value}
    elif kind == "multiple_choice":
        if not isinstance(value, list) or len(set(map(str, value))) != len(value):
            return _("choose one or more of the choices, each once")
        wrong = [v for v in value if v not in choices]
        if wrong:
            return _("“%(value)s” is not one of the choices") % {"value": wrong[0]}
    elif kind == "text":
        if not isinstance(value, str):
            return _("give a text")
        if len(value) > 5000:
            return _("the text is longer than 5000 characters")
    elif kind == "date":
        try:
            datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return _("give a date as YYYY-MM-DD")
    return None
