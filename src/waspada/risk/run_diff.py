"""Two computations side by side: per region the two values, the difference, the category change, and the biggest
movers. Only the regions the user may read (selectors.scores_for); a region scored in one run only is listed with
the other value missing, never left out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from waspada.risk import selectors
from waspada.risk.models import Category, IndexRun

MOVERS = 10


def category_label(category: str) -> str:
    return str(Category(category).label) if category in Category.values else ""


@dataclass(frozen=True)
class RegionDiff:
    code: str
    name: str
    province_code: str
    a: float | None
    b: float | None
    category_a: str
    category_b: str

    @property
    def difference(self) -> float | None:
        return round(self.b - self.a, 2) if self.a is not None and self.b is not None else None

    @property
    def label_a(self) -> str:
        return category_label(self.category_a)

    @property
    def label_b(self) -> str:
        return category_label(self.category_b)

    @property
    def category_changed(self) -> bool:
        return bool(self.category_a and self.category_b and self.category_a != self.category_b)


@dataclass(frozen=True)
class RunDiff:
    a: IndexRun
    b: IndexRun
    level: str
    rows: list[RegionDiff]

    @property
    def risers(self) -> list[RegionDiff]:
        moved = [r for r in self.rows if r.difference is not None and r.difference > 0]
        return sorted(moved, key=lambda r: (-(r.difference or 0), r.code))[:MOVERS]

    @property
    def fallers(self) -> list[RegionDiff]:
        moved = [r for r in self.rows if r.difference is not None and r.difference < 0]
        return sorted(moved, key=lambda r: (r.difference or 0, r.code))[:MOVERS]

    @property
    def category_changes(self) -> list[RegionDiff]:
        return [r for r in self.rows if r.category_changed]

    @property
    def transitions(self) -> list[tuple[str, str, int]]:
        """(from, to, how many regions) for every category change, most frequent first."""
        counts = Counter((r.category_a, r.category_b) for r in self.category_changes)
        return [(a, b, n) for (a, b), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]

    @property
    def mean_difference(self) -> float | None:
        values = [r.difference for r in self.rows if r.difference is not None]
        return round(sum(values) / len(values), 2) if values else None


def compare(a: IndexRun, b: IndexRun, user: Any, level: str) -> RunDiff:
    fields = ("region_id", "region__name", "province_code", "composite", "category")
    first = {row[0]: row for row in selectors.scores_for(a, user, level).values_list(*fields)}
    second = {row[0]: row for row in selectors.scores_for(b, user, level).values_list(*fields)}
    rows = []
    for code in sorted(first.keys() | second.keys()):
        one, two = first.get(code), second.get(code)
        name, province = (two or one)[1], (two or one)[2]  # type: ignore[index]
        rows.append(RegionDiff(code, name, province, one[3] if one else None, two[3] if two else None,
                               one[4] if one else "", two[4] if two else ""))  # fmt: skip
    return RunDiff(a, b, level, rows)
