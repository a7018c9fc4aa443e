"""Class breaks for every choropleth (national, province and kab/kota maps, the landing map, the PNG export).

The rule, from the non-zero values only (zero is drawn apart, so "no incident" never looks like "few"):
- no non-zero value: no class at all (the legend shows only zero);
- at most CLASSES distinct values: one class per distinct value, so two places with 3 and 7 incidents get two
  colours, never one;
- more distinct values: Jenks natural breaks (jenkspy's Fisher-Jenks) into CLASSES classes. Counts are skewed (a
  few hot spots, many quiet places): equal-width classes would paint nearly everything in the lightest colour,
  and quantiles put 1 and 2 incidents together whenever most places have one; natural breaks follow the gaps.
A single class therefore only happens when every non-zero value is the same.
"""

from __future__ import annotations

from collections.abc import Iterable

import jenkspy

CLASSES = 5
# Light to dark blues (ColorBrewer Blues); incidents/static/incidents/incident_map.js holds the same list, a test
# keeps them equal. Fewer classes than colours take the darker end, so the top class is always the darkest.
CLASS_COLOURS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
ZERO_COLOUR = "#ffffff"
OUTSIDE_COLOUR = "#cfd6dd"


def class_breaks(counts: Iterable[int], classes: int = CLASSES) -> list[int]:
    """Upper bounds (inclusive, ascending, distinct) of at most `classes` classes over the non-zero counts.

    Class i holds the counts in (breaks[i-1], breaks[i]], the first class starts at 1. [] when every count is 0.
    """
    values = sorted(int(value) for value in counts if value > 0)
    distinct = sorted(set(values))
    if len(distinct) <= classes:
        return distinct
    # jenks_breaks returns [min, upper bound of class 1, ..., max]; a tie may repeat a bound, which we drop.
    bounds = [int(bound) for bound in jenkspy.jenks_breaks(values, n_classes=classes)[1:]]
    return sorted(set(bounds))


def class_of(count: int, breaks: list[int]) -> int:
    """-1 for zero, else the index of the class holding `count`."""
    if count <= 0:
        return -1
    for index, bound in enumerate(breaks):
        if count <= bound:
            return index
    return len(breaks) - 1


def colour_of(cls: int, breaks: list[int]) -> str:
    """The fill of class `cls` (from class_of) on a map with these breaks."""
    if cls < 0:
        return ZERO_COLOUR
    return CLASS_COLOURS[len(CLASS_COLOURS) - len(breaks) + cls]


def ranges(breaks: list[int]) -> list[tuple[int, int]]:
    """(low, high) of each class, e.g. [3, 10] -> [(1, 3), (4, 10)]; [] for a map without incidents."""
    if not breaks:
        return []
    lows = [1] + [bound + 1 for bound in breaks[:-1]]
    return list(zip(lows, breaks, strict=True))
