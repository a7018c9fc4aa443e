"""The monitoring part of the index (docs/index.md, Monitoring part): which approved questionnaire speaks for each
region, and its answers scored with the weight each answer carries.

The scores are monitoring.scoring's (indicator -> sub-dimension -> dimension -> total, weighted means of what is
relevant and answered); this module adds what an explanation needs: each answered indicator's effective weight
in the total (dimension share x sub-dimension share x indicator share, each among those answered), so that the
total is the sum of weight x score, and the coverage (the share of the questionnaire's weight answered).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import DateTimeField, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from waspada.monitoring.instruments import version_spec
from waspada.monitoring.models import Answer, Assignment, AssignmentStatus, InstrumentVersion
from waspada.monitoring.scoring import UNSCORED_TYPES, all_indicators, indicator_score, relevant_codes


@dataclass
class Questionnaire:
    assignment_id: int
    round_id: int
    version_id: int
    values: dict[str, Any] = field(default_factory=dict)


def approved_questionnaires(as_of: dt.date, round_id: int | None = None) -> dict[str, Questionnaire]:
    """Region code -> the approved questionnaire that speaks for it as of the end of `as_of`: the round's when
    `round_id` is given, else the region's latest (by round period, then approval time)."""
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(0), tzinfo=timezone.get_current_timezone())
    approved_at = Coalesce("reviewed_at", "updated_at", output_field=DateTimeField())
    rows = Assignment.objects.filter(status=AssignmentStatus.APPROVED).annotate(at=approved_at).filter(at__lt=end)
    if round_id is not None:
        rows = rows.filter(round_id=round_id)
    chosen: dict[str, Questionnaire] = {}
    ordered = rows.order_by("region_id", "-round__period_end", "-at", "-id")
    for pk, region, round_pk, version in ordered.values_list("pk", "region_id", "round_id", "round__version_id"):
        if region not in chosen:
            chosen[region] = Questionnaire(pk, round_pk, version)
    by_assignment = {q.assignment_id: q for q in chosen.values()}
    # The stored JSON text, decoded once per distinct text: answers repeat ("true", "3", "\"sedang\"") and
    # decoding 25,000 of them one by one is most of the read.
    answers = (Answer.objects.filter(assignment_id__in=list(by_assignment)).order_by()
               .annotate(raw=Cast("value", TextField()))
               .values_list("assignment_id", "indicator__code", "raw"))  # fmt: skip
    decoded: dict[str | None, Any] = {None: None}
    for assignment, code, raw in answers:
        if raw not in decoded:
            decoded[raw] = json.loads(raw)
        by_assignment[assignment].values[code] = decoded[raw]
    return chosen


class SpecCache:
    """Instrument versions as plain specs (with their indicators in order), read once per computation."""

    def __init__(self) -> None:
        self._specs: dict[int, dict[str, Any]] = {}
        self._indicators: dict[int, list[Mapping[str, Any]]] = {}

    def __call__(self, version_id: int) -> dict[str, Any]:
        if version_id not in self._specs:
            version = InstrumentVersion.objects.select_related("instrument").get(pk=version_id)
            self._specs[version_id] = version_spec(version)
            self._indicators[version_id] = all_indicators(self._specs[version_id])
        return self._specs[version_id]

    def indicators(self, version_id: int) -> list[Mapping[str, Any]]:
        self(version_id)
        return self._indicators[version_id]

    def labels(self) -> dict[tuple[str, str], tuple[str, str]]:
        """("answer", indicator code) -> (question in Indonesian, in English), over the versions read."""
        return {("answer", ind["code"]): (ind["text_id"], ind["text_en"])
                for indicators in self._indicators.values() for ind in indicators}  # fmt: skip


@dataclass
class AnswerItem:
    code: str
    value: Any
    score: float
    weight: float  # share of the monitoring score (all answered items' weights sum to 1)


@dataclass
class AnswerPart:
    score: float | None
    coverage: float
    dimensions: dict[str, float | None]
    subdimensions: dict[str, float | None]
    items: list[AnswerItem]


def _mean(parts: list[tuple[float, float]]) -> float | None:
    total = sum(w for w, _s in parts)
    return None if not parts or total <= 0 else sum(w * s for w, s in parts) / total


def answer_part(spec: Mapping[str, Any], values: Mapping[str, Any],
                indicators: list[Mapping[str, Any]] | None = None) -> AnswerPart:  # fmt: skip
    """The questionnaire's total, dimension and sub-dimension scores, each answered indicator's weight in the
    total, and the coverage: sum over answered indicators of (dimension share x sub-dimension share x indicator
    share of its sub-dimension's relevant scored weight), all dimensions and sub-dimensions counted."""
    relevant = relevant_codes(indicators if indicators is not None else all_indicators(spec), values)
    dims_total = sum(float(d.get("weight", 1)) for d in spec["dimensions"]) or 1.0
    dimensions: dict[str, float | None] = {}
    subdimensions: dict[str, float | None] = {}
    # (dimension weight, [(sub weight, sub score, [(indicator weight, item)])])
    tree: list[tuple[float, str, list[tuple[float, float, list[tuple[float, AnswerItem]]]]]] = []
    covered = expected = 0.0
    for dim in spec["dimensions"]:
        subs_total = sum(float(s.get("weight", 1)) for s in dim["subdimensions"]) or 1.0
        subs: list[tuple[float, float, list[tuple[float, AnswerItem]]]] = []
        for sub in dim["subdimensions"]:
            scored = [ind for ind in sub["indicators"]
                      if ind["code"] in relevant and ind["answer_type"] not in UNSCORED_TYPES]  # fmt: skip
            weight_all = sum(float(ind.get("weight", 1)) for ind in scored)
            answered: list[tuple[float, AnswerItem]] = []
            for ind in scored:
                score = indicator_score(ind, values.get(ind["code"]))
                if score is not None:
                    item = AnswerItem(ind["code"], values[ind["code"]], score, 0.0)
                    answered.append((float(ind.get("weight", 1)), item))
            share = float(dim.get("weight", 1)) / dims_total * float(sub.get("weight", 1)) / subs_total
            if weight_all > 0:
                expected += share
                covered += share * sum(w for w, _i in answered) / weight_all
            sub_score = _mean([(w, item.score) for w, item in answered])
            subdimensions[sub["code"]] = sub_score
            if sub_score is not None:
                subs.append((float(sub.get("weight", 1)), sub_score, answered))
        dim_score = _mean([(w, s) for w, s, _a in subs])
        dimensions[dim["code"]] = dim_score
        if dim_score is not None:
            tree.append((float(dim.get("weight", 1)), dim["code"], subs))
    total = _mean([(w, dimensions[code] or 0.0) for w, code, _s in tree])
    items: list[AnswerItem] = []
    dim_weight = sum(w for w, _c, _s in tree)
    for w_dim, _code, subs in tree:
        sub_weight = sum(w for w, _s, _a in subs)
        for w_sub, _score, answered in subs:
            ind_weight = sum(w for w, _i in answered)
            for w_ind, item in answered:
                item.weight = w_dim / dim_weight * w_sub / sub_weight * w_ind / ind_weight
                items.append(item)
    return AnswerPart(total, covered / expected if expected else 0.0, dimensions, subdimensions, items)
