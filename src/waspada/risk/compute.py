"""One computation of the index (docs/index.md): every active kab/kota and province scored under one method as of
one day. Reads only; services.compute_index writes the result.

Per kab/kota: the monitoring part M (answer_signals) and the incident part I (incident_signals), blended
    composite = blend.monitoring * M + blend.incidents * I          when coverage >= coverage_minimum,
    composite = I  (provisional category)                           otherwise,
rounded to two decimals, then classified by the level's thresholds and ranked (1 = most vulnerable). Provinces
follow `province_mode` (aggregate_province). Each score keeps every item it was built from (`inputs`), each with
the points it carries: the points add up to the composite.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from waspada.incidents.models import EventType
from waspada.regions.models import KABKOTA_LEVELS, Region
from waspada.regions.models import Level as RegionLevel
from waspada.risk import explain
from waspada.risk.answer_signals import SpecCache, answer_part, approved_questionnaires
from waspada.risk.incident_signals import incident_part, tally
from waspada.risk.method import category_of, is_provisional
from waspada.risk.models import Level

Progress = Callable[[str, int, int], None]


@dataclass
class RegionResult:
    code: str
    level: str
    province_code: str
    kabkota_code: str
    population: float | None
    composite: float | None = None
    category: str = ""
    monitoring: float | None = None
    incident: float | None = None
    coverage: float = 0.0
    dimensions: dict[str, float | None] = field(default_factory=dict)
    subdimensions: dict[str, float | None] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)
    contributions: list[dict[str, Any]] = field(default_factory=list)
    rank: int | None = None
    change: float | None = None
    reasons: list[dict[str, Any]] = field(default_factory=list)


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _regions() -> list[RegionResult]:
    rows = (Region.objects.filter(is_active=True, level__in=[RegionLevel.PROVINCE, *KABKOTA_LEVELS])
            .order_by("code").values_list("code", "level", "province_code", "population"))  # fmt: skip
    return [RegionResult(code, Level.PROVINCE if level == RegionLevel.PROVINCE else Level.KABKOTA, province,
                         "" if level == RegionLevel.PROVINCE else code, float(pop) if pop else None)
            for code, level, province, pop in rows]  # fmt: skip


def score_region(result: RegionResult, questionnaire: Any, specs: SpecCache, tallies: Mapping[str, Any],
                 population: float, params: Mapping[str, Any]) -> None:  # fmt: skip
    """A region scored on its own answers and incidents (every kab/kota; a province in `own` mode)."""
    blend = params["blend"]
    part = None
    if questionnaire is not None:
        part = answer_part(specs(questionnaire.version_id), questionnaire.values,
                           specs.indicators(questionnaire.version_id))  # fmt: skip
    incident, inc_items = incident_part(tallies, population, params)
    coverage = part.coverage if part is not None else 0.0
    provisional = part is None or part.score is None or is_provisional(coverage, params)
    answer_share, incident_share = (
        (0.0, 1.0) if provisional else (float(blend["monitoring"]), float(blend["incidents"])))  # fmt: skip
    result.monitoring = _r(part.score) if part is not None else None
    result.incident = _r(incident)
    result.coverage = round(coverage, 4)
    result.dimensions = {k: _r(v) for k, v in part.dimensions.items()} if part is not None else {}
    result.subdimensions = {k: _r(v) for k, v in part.subdimensions.items()} if part is not None else {}
    composite = incident_share * incident + (answer_share * part.score if part is not None and part.score else 0.0)
    result.composite = _r(composite)
    answers = {item.code: {"value": item.value, "score": round(item.score, 2),
                           "weight": round(answer_share * item.weight, 6),
                           "points": round(answer_share * item.weight * item.score, 4)}
               for item in (part.items if part is not None else [])}  # fmt: skip
    incidents = {item.event_type: {"count": item.count, "value": round(item.value, 4), "score": round(item.score, 2),
                                   "weight": incident_share, "points": round(incident_share * item.score, 4)}
                 for item in inc_items}  # fmt: skip
    result.inputs = {"answers": answers, "incidents": incidents, "population": population,
                     "provisional": provisional,
                     "assignment": questionnaire.assignment_id if questionnaire is not None else None,
                     "round": questionnaire.round_id if questionnaire is not None else None}  # fmt: skip


def _weighted_mean(pairs: list[tuple[float, float | None]]) -> float | None:
    counted = [(w, v) for w, v in pairs if v is not None]
    total = sum(w for w, _v in counted)
    return None if not counted or total <= 0 else sum(w * v for w, v in counted) / total


def aggregate_province(province: RegionResult, members: list[RegionResult], mode: str) -> None:
    """A province from its scored kab/kota: `max` copies the most vulnerable one; `population_mean` weighs each by
    its population (equal weights when none has one): composite, parts, coverage, every dimension and every
    item's points (so the items' points still add up to the composite)."""
    scored = [m for m in members if m.composite is not None]
    if not scored:
        return
    if mode == "max":
        top = min(scored, key=lambda m: (-(m.composite or 0.0), m.code))  # ties: the lowest code
        for name in ("composite", "monitoring", "incident", "coverage", "dimensions", "subdimensions"):
            setattr(province, name, getattr(top, name))
        province.inputs = {**top.inputs, "from_region": top.code}
        return
    known = [m for m in scored if m.population]
    weights = {m.code: (m.population or 0.0) if known else 1.0 for m in scored}
    total = sum(weights.values())
    if total <= 0:
        weights, total = {m.code: 1.0 for m in scored}, float(len(scored))
    share = {code: w / total for code, w in weights.items()}

    def mean(get: Callable[[RegionResult], float | None]) -> float | None:
        return _weighted_mean([(share[m.code], get(m)) for m in scored])

    province.composite = _r(sum(share[m.code] * (m.composite or 0.0) for m in scored))
    province.monitoring = _r(mean(lambda m: m.monitoring))
    province.incident = _r(mean(lambda m: m.incident))
    province.coverage = round(sum(share[m.code] * m.coverage for m in scored), 4)
    province.dimensions = {code: _r(mean(lambda m, c=code: m.dimensions.get(c)))  # type: ignore[misc]
                           for code in sorted({c for m in scored for c in m.dimensions})}  # fmt: skip
    province.subdimensions = {code: _r(mean(lambda m, c=code: m.subdimensions.get(c)))  # type: ignore[misc]
                              for code in sorted({c for m in scored for c in m.subdimensions})}  # fmt: skip
    inputs: dict[str, Any] = {"answers": {}, "incidents": {}, "population": sum(m.population or 0 for m in scored),
                              "shares": {code: round(s, 6) for code, s in share.items()}}  # fmt: skip
    for kind in ("answers", "incidents"):
        codes = sorted({c for m in scored for c in m.inputs.get(kind, {})})
        for code in codes:
            having = [(share[m.code], m.inputs[kind][code]) for m in scored if code in m.inputs.get(kind, {})]
            points = sum(s * item["points"] for s, item in having)
            score = _weighted_mean([(s, item["score"]) for s, item in having]) or 0.0
            merged = {"score": round(score, 2), "points": round(points, 4),
                      "weight": round(points / score, 6) if score else 0.0,
                      "value": _r(_weighted_mean([(s, item["value"]) for s, item in having
                                                  if isinstance(item["value"], int | float)
                                                  and not isinstance(item["value"], bool)]), 4)}  # fmt: skip
            if kind == "incidents":
                merged["count"] = sum(item["count"] for _s, item in having)
            inputs[kind][code] = merged
    province.inputs = inputs


def _rank(results: list[RegionResult]) -> None:
    for level in Level.values:
        ordered = sorted((r for r in results if r.level == level and r.composite is not None),
                         key=lambda r: (-(r.composite or 0.0), r.code))  # fmt: skip
        for position, result in enumerate(ordered, start=1):
            result.rank = position


def compute(params: Mapping[str, Any], as_of: dt.date, *, round_id: int | None = None, demo: bool = False,
            previous: Mapping[str, Any] | None = None,
            progress: Progress | None = None) -> list[RegionResult]:  # fmt: skip
    """Every active kab/kota and province scored; `previous` maps region code -> its previous RegionScore (for the
    change and its reasons)."""
    step = progress or (lambda phase, done, total: None)
    results = _regions()
    kabkota = [r for r in results if r.level == Level.KABKOTA]
    step("answers", 0, len(results))
    questionnaires = approved_questionnaires(as_of, round_id)
    step("incidents", 0, len(results))
    tallies = tally(as_of, params, by="kabkota_code", demo=demo)
    mode = params["province_mode"]
    province_tallies = tally(as_of, params, by="province_code", demo=demo) if mode == "own" else {}
    populations = [r.population for r in kabkota if r.population]
    fallback = statistics.median(populations) if populations else float(100_000)
    specs = SpecCache()
    done = 0
    for result in kabkota:
        score_region(result, questionnaires.get(result.code), specs, tallies.get(result.code, {}),
                     result.population or fallback, params)  # fmt: skip
        if not result.population:
            result.inputs["population_estimated"] = True
        done += 1
        if done % 50 == 0:
            step("regions", done, len(results))
    members: dict[str, list[RegionResult]] = {}
    for result in kabkota:
        members.setdefault(result.province_code, []).append(result)
    for result in results:
        if result.level != Level.PROVINCE:
            continue
        if mode == "own":
            score_region(result, questionnaires.get(result.code), specs, province_tallies.get(result.code, {}),
                         result.population or fallback * max(1, len(members.get(result.code, []))), params)  # fmt: skip
        else:
            aggregate_province(result, members.get(result.code, []), mode)
        done += 1
    step("regions", len(results), len(results))
    labels = specs.labels()
    for code, label_id, label_en in EventType.objects.values_list("code", "label_id", "label_en"):
        labels[("incident", code)] = (label_id, label_en)
    for result in results:
        result.category = category_of(result.composite, result.level, params)
        result.inputs.setdefault("provisional", is_provisional(result.coverage, params))
        result.contributions = explain.contributions(result.inputs, int(params["top_contributions"]), labels)
        before = (previous or {}).get(result.code)
        if before is not None:
            result.change = _r(result.composite - before.composite) if (
                result.composite is not None and before.composite is not None) else None  # fmt: skip
            result.reasons = explain.reasons(before, result, int(params["top_reasons"]), labels)
    _rank(results)
    return results
