"""Class breaks for the choropleth: quantiles of the non-zero counts, so each colour holds about as many kab/kota.

Counts are skewed (a few hot spots, many quiet places): equal-width classes would paint nearly everything in the
lightest colour. Zero is not a class here: the map draws it on its own, so "no incident" never looks like "few".
"""

from __future__ import annotations

import math
from collections.abc import Iterable

CLASSES = 5


def class_breaks(counts: Iterable[int], classes: int = CLASSES) -> list[int]:
    """Upper bounds (inclusive, ascending, distinct) of at most `classes` classes over the non-zero counts.

    Class i holds the counts in (breaks[i-1], breaks[i]], the first class starts at 1. [] when every count is 0.
    """
    values = sorted(value for value in counts if value > 0)
    bounds: list[int] = []
    for k in range(1, classes + 1):
        bound = values[math.ceil(k * len(values) / classes) - 1] if values else 0
        if bound and (not bounds or bound > bounds[-1]):
            bounds.append(bound)
    return bounds


def class_of(count: int, breaks: list[int]) -> int:
    """-1 for zero, else the index of the class holding `count`."""
    if count <= 0:
        return -1
    for index, bound in enumerate(breaks):
        if count <= bound:
            return index
    return len(breaks) - 1


def ranges(breaks: list[int]) -> list[tuple[int, int]]:
    """(low, high) of each class, e.g. [3, 10] -> [(1, 3), (4, 10)]."""
    lows = [1] + [bound + 1 for bound in breaks[:-1]]
    return list(zip(lows, breaks, strict=True))
