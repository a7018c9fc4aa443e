"""Point-in-polygon placement prefers the smallest containing region and reports ambiguity."""

from __future__ import annotations

from pathlib import Path

import pytest

from waspada.regions.locate import locate

pytestmark = pytest.mark.usefixtures("small_regions")


def test_point_inside_kota_that_overlaps_kabupaten_goes_to_the_kota() -> None:
    placement = locate(107.52, -6.98)
    assert placement.kabkota == "32.73" and placement.kecamatan == "32.73.01"
    assert placement.ambiguous and placement.candidates["kabkota"] == ["32.73", "32.04"]


def test_point_only_in_kabupaten_is_not_ambiguous() -> None:
    placement = locate(107.75, -7.15)
    assert (placement.kabkota, placement.kecamatan, placement.ambiguous) == ("32.04", "32.04.05", False)


def test_point_just_off_the_coast_is_placed_in_the_nearest_region() -> None:
    placement = locate(106.855 + 0.004, -6.2)
    assert placement.kabkota == "31.71" and placement.nearest


def test_point_far_from_every_region_is_unplaced() -> None:
    placement = locate(120.0, 0.0)
    assert placement.kabkota is None and placement.kecamatan is None and not placement.ambiguous


def test_index_follows_a_new_import(small_regions: tuple[Path, Path]) -> None:
    from waspada.regions.services import import_regions

    assert locate(107.75, -7.15).kabkota == "32.04"
    import_regions(*small_regions)
    assert locate(107.75, -7.15).kabkota == "32.04"
