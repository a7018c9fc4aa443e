"""The legend's classes: one rule for every choropleth (incidents/maps/breaks.py states it)."""

from __future__ import annotations

from waspada.incidents.maps.breaks import class_breaks, class_of, ranges


def test_no_incident_means_no_class() -> None:
    assert class_breaks([]) == [] and class_breaks([0, 0, 0]) == []


def test_few_distinct_values_each_get_a_class_of_their_own() -> None:
    # The reviewer's kab/kota map: two districts with 3 and 7 incidents must not share one colour.
    assert class_breaks([0, 3, 7, 0]) == [3, 7]
    assert class_breaks([1, 1, 2, 2, 2, 9]) == [1, 2, 9]
    assert class_breaks([1, 2, 3, 4, 5]) == [1, 2, 3, 4, 5]


def test_one_class_only_when_every_place_has_the_same_count() -> None:
    assert class_breaks([0, 4, 4, 4]) == [4]


def test_natural_breaks_follow_the_gaps_of_skewed_counts() -> None:
    # Many quiet kab/kota, a few hot spots: quantiles would give [1, 2, 300] (1 and 2 fill the first classes);
    # natural breaks keep 40, 90 and 300 apart.
    assert class_breaks([1] * 50 + [2] * 20 + [40, 90, 300]) == [1, 2, 40, 90, 300]
    assert class_breaks([0, 3, 5, 8, 13, 21, 34, 55, 89, 144]) == [13, 34, 55, 89, 144]
    assert class_breaks([2, 3, 4, 20, 21, 22, 50, 51, 52, 100, 110, 400]) == [4, 22, 52, 110, 400]


def test_never_more_classes_than_asked_and_bounds_rise() -> None:
    values = [n * n % 97 for n in range(300)]
    for classes in (2, 3, 5, 7):
        breaks = class_breaks(values, classes)
        assert len(breaks) == classes and breaks == sorted(set(breaks)) and breaks[-1] == max(values)


def test_class_of_and_ranges() -> None:
    breaks = [5, 13, 34, 89, 144]
    assert [class_of(n, breaks) for n in (0, 1, 5, 6, 144, 500)] == [-1, 0, 0, 1, 4, 4]
    assert ranges(breaks) == [(1, 5), (6, 13), (14, 34), (35, 89), (90, 144)]
    assert ranges([]) == [] and ranges([4]) == [(1, 4)]
