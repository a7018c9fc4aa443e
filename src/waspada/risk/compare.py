"""Waspada's index beside a published edition: Spearman's rank correlation and the regions ranked most apart.

The published side of a comparison is one (level, approach) list of an edition. What it ranks by depends on
what was published: the score when every region has one, else the published rank (order-only lists), else the
category (tinggi > sedang > rendah, many ties). Waspada's side is the composite of the newest run at the same
level, for the regions the user may see.

Spearman's rho is the Pearson correlation of the two rank vectors, equal values taking the mean of the ranks
they span ("average ranks"), so ties are handled exactly (no 1 - 6*sum(d^2)/(n(n^2-1)) shortcut, which is only
right without ties). Rank gaps use the same average ranks within the compared regions.

An edition that predates the Papua split (details["pre_2022_extent"], risk/reference.py) is compared on its own
map: its Papua (91) and Papua Barat (92) meet the population-weighted mean of Waspada's scores over the
provinces that lie in them today, and only when Waspada scored all of those.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from waspada.regions.models import Region
from waspada.risk.models import Category, IndexRun, ReferenceEdition, ReferenceScore
from waspada.risk.selectors import scores_for

CATEGORY_ORDER: dict[str, int] = {Category.RENDAH: 1, Category.SEDANG: 2, Category.TINGGI: 3}
DISAGREEMENTS = 10


def average_ranks(values: Sequence[float]) -> list[float]:
    """Rank 1 for the largest value; equal values share the mean of the ranks they occupy."""
    order = sorted(range(len(values)), key=lambda i: -values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = (start + end) / 2 + 1  # positions start..end hold ranks start+1..end+1
        for position in range(start, end + 1):
            ranks[order[position]] = shared
        start = end + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rho with ties; None when fewer than three pairs or one side has no spread."""
    if len(xs) != len(ys):
        raise ValueError("both sides need the same number of values")
    if len(xs) < 3:
        return None
    rx, ry = average_ranks(xs), average_ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx, vy = sum((a - mx) ** 2 for a in rx), sum((b - my) ** 2 for b in ry)
    if vx == 0 or vy == 0:
        return None
    return cov / math.sqrt(vx * vy)


@dataclass
class Pair:
    code: str
    name: str
    published: ReferenceScore
    published_value: float
    ours: float
    our_category: str
    published_rank: float = 0.0
    our_rank: float = 0.0
    extent: list[str] = field(default_factory=list)  # today's provinces Waspada's figure covers (Papua), else []

    @property
    def gap(self) -> float:
        """Positive when Waspada ranks the region as more vulnerable than the edition does."""
        return self.published_rank - self.our_rank


@dataclass
class Comparison:
    edition: ReferenceEdition
    run: IndexRun | None
    level: str
    approach: str
    basis: str  # score | rank | category
    pairs: list[Pair]
    rows: list[ReferenceScore]  # the published list, in its order
    missing: list[str]  # published regions with no Waspada score the user may see (not computed, or out of scope)
    approaches: list[tuple[str, str, int]]  # (level, approach, published figures) of the edition

    @property
    def rho(self) -> float | None:
        return spearman([p.published_value for p in self.pairs], [p.ours for p in self.pairs])

    @property
    def table(self) -> list[tuple[ReferenceScore, Pair | None]]:
        """The published rows in their order, each with Waspada's side when there is one."""
        by_code = {p.code: p for p in self.pairs}
        return [(row, by_code.get(row.region_id)) for row in self.rows]

    @property
    def disagreements(self) -> list[Pair]:
        ranked = sorted(self.pairs, key=lambda p: (-abs(p.gap), p.code))
        return [p for p in ranked[:DISAGREEMENTS] if p.gap != 0]


def approaches_of(edition: ReferenceEdition) -> list[tuple[str, str, int]]:
    """(level, approach, count) of an edition's published lists, the longest first."""
    counts = Counter(edition.scores.values_list("level", "approach"))
    return sorted(((lv, ap, n) for (lv, ap), n in counts.items()), key=lambda t: (-t[2], t[0], t[1]))


def _basis(rows: list[ReferenceScore]) -> str:
    if all(r.score is not None for r in rows):
        return "score"
    if all(r.rank is not None for r in rows):
        return "rank"
    return "category"


def _value(row: ReferenceScore, basis: str) -> float:
    if basis == "score":
        return float(row.score)  # type: ignore[arg-type]
    if basis == "rank":
        return -float(row.rank)  # type: ignore[arg-type] # rank 1 is the most vulnerable
    return float(CATEGORY_ORDER.get(row.category, 0))


def _our_values(
    run: IndexRun, user: Any, level: str, extent: dict[str, list[str]]
) -> dict[str, tuple[float, str, list[str]]]:
    """Region code -> (composite, category, extent) from the run, scoped; old-extent codes get their mean."""
    mine: dict[str, tuple[float, str]] = {
        s.region_id: (s.composite, s.category) for s in scores_for(run, user, level) if s.composite is not None
    }
    values: dict[str, tuple[float, str, list[str]]] = {code: (c, cat, []) for code, (c, cat) in mine.items()}
    if not extent:
        return values
    population = dict(Region.objects.filter(code__in=[c for cs in extent.values() for c in cs])
                      .values_list("code", "population"))  # fmt: skip
    for old, today in extent.items():
        values.pop(old, None)
        if not all(code in mine for code in today):
            continue  # a part is unscored or outside the user's scope: not comparable
        weights: list[float] = [float(population.get(code) or 0) for code in today]
        if sum(weights) == 0:
            weights = [1.0] * len(today)
        mean = sum(w * mine[c][0] for w, c in zip(weights, today, strict=True)) / sum(weights)
        values[old] = (mean, "", list(today))
    return values


def compare(
    edition: ReferenceEdition, run: IndexRun | None, user: Any, level: str = "", approach: str | None = None
) -> Comparison:
    """The edition's chosen list (default: its longest) beside the run's scores the user may see."""
    approaches = approaches_of(edition)
    chosen = next((a for a in approaches if (not level or a[0] == level) and (approach is None or a[1] == approach)),
                  approaches[0] if approaches else ("", "", 0))  # fmt: skip
    level, approach = chosen[0], chosen[1]
    rows = list(
        edition.scores.filter(level=level, approach=approach).select_related("region").order_by("rank", "region_id")
    )
    basis = _basis(rows) if rows else "score"
    extent = edition.details.get("pre_2022_extent", {}) if level == "province" else {}
    ours = _our_values(run, user, level, extent) if run is not None else {}
    pairs: list[Pair] = []
    missing: list[str] = []
    for row in rows:
        if row.region_id not in ours:
            missing.append(row.region_id)
            continue
        composite, category, covers = ours[row.region_id]
        pairs.append(Pair(row.region_id, row.region.name, row, _value(row, basis), composite, category,
                          extent=covers))  # fmt: skip
    for pair, rank in zip(pairs, average_ranks([p.published_value for p in pairs]), strict=True):
        pair.published_rank = rank
    for pair, rank in zip(pairs, average_ranks([p.ours for p in pairs]), strict=True):
        pair.our_rank = rank
    pairs.sort(key=lambda p: (p.published_rank, p.code))
    return Comparison(edition, run, level, approach, basis, pairs, rows, missing, approaches)
