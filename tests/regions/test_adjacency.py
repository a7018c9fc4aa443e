"""Neighbours: computed from the outlines with a small tolerance, stored both ways at import, read by selectors."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapely.geometry import box

from waspada.regions.adjacency import KM_PER_DEGREE, TOLERANCE_KM, neighbours
from waspada.regions.models import Neighbour
from waspada.regions.selectors import neighbour_map, neighbours_of
from waspada.regions.services import import_regions


def _pairs(codes: list[str], geometries: list[object]) -> dict[tuple[str, str], float]:
    return {(p.code, p.neighbour): p.gap_km for p in neighbours(codes, geometries)}  # type: ignore[arg-type]


def test_touching_and_overlapping_outlines_are_neighbours_both_ways() -> None:
    pairs = _pairs(["A", "B", "C"], [box(0, 0, 1, 1), box(1, 0, 2, 1), box(1.5, 0.5, 2.5, 1.5)])
    assert pairs[("A", "B")] == pairs[("B", "A")] == 0.0
    assert pairs[("B", "C")] == 0.0  # overlapping, as the source polygons sometimes are
    assert ("A", "C") not in pairs


def test_a_sliver_of_gap_within_the_tolerance_still_counts_and_its_width_is_kept() -> None:
    gap_deg = 0.5 / KM_PER_DEGREE  # half a kilometre, under the 1 km tolerance
    pairs = _pairs(["A", "B"], [box(0, 0, 1, 1), box(1 + gap_deg, 0, 2, 1)])
    assert pairs[("A", "B")] == pytest.approx(0.5, abs=0.001)


def test_regions_across_a_wider_strait_are_not_neighbours() -> None:
    gap_deg = (TOLERANCE_KM + 1) / KM_PER_DEGREE
    assert _pairs(["A", "B"], [box(0, 0, 1, 1), box(1 + gap_deg, 0, 2, 1)]) == {}


def test_codes_and_geometries_must_pair_up() -> None:
    with pytest.raises(ValueError):
        neighbours(["A"], [])


def test_import_stores_neighbours_per_level(small_regions: tuple[Path, Path]) -> None:
    # The test data: Kab. Bandung and Kota Bandung overlap; Jakarta Pusat and the two provinces stand apart.
    assert set(Neighbour.objects.values_list("region_id", "neighbour_id")) == {("32.04", "32.73"), ("32.73", "32.04")}
    assert neighbours_of("32.73") == ["32.04"]
    assert neighbours_of("31.71") == []
    assert neighbour_map("kabkota") == {"32.04": ["32.73"], "32.73": ["32.04"]}
    assert neighbour_map("province") == {}


def test_a_second_import_replaces_rather_than_doubles(small_regions: tuple[Path, Path]) -> None:
    import_regions(*small_regions)
    assert Neighbour.objects.count() == 2


def test_an_import_from_before_neighbours_existed_is_not_current(small_regions: tuple[Path, Path]) -> None:
    from waspada.regions.services import import_is_current

    assert import_is_current(small_regions[0])
    Neighbour.objects.all().delete()
    assert not import_is_current(small_regions[0])
