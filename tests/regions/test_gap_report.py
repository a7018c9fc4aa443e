"""The interior-gap figure of the simplification report: per touching group of polygons or over one union."""

from __future__ import annotations

import pytest
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from waspada.regions.geometry import approx_area_km2, interior_gap_km2, simplification_report

D = 0.1  # a cell of the made-up layer, in degrees


def cell(col: float, row: float, width: float = 1, height: float = 1) -> Polygon:
    return box(106 + col * D, -7 + row * D, 106 + (col + width) * D, -7 + (row + height) * D)


def made_up_layer() -> tuple[list[BaseGeometry], float]:
    """Regions around an uncovered cell, one overlapping another, an islet inside the gap, a kota that fills its
    kabupaten's hole exactly, and an island far off whose hole a neighbour fills only in part. Returns the layer
    and its gap worked out by hand."""
    gap_cell, islet = cell(1, 1), cell(1.4, 1.4, 0.2, 0.2)
    enclave_hole = cell(11, 1)
    island_hole, island_filled = cell(21, 1), cell(21, 1, 0.5, 1)
    layer = [
        cell(0, 0, 3, 1),  # south, touching west and east
        MultiPolygon([cell(0, 1), islet]),  # west, with an islet inside the gap: another group, same region
        cell(2, 1),  # east
        cell(0, 2, 3, 1),  # north
        cell(2.5, 0.5, 1, 1),  # overlaps south and east
        Polygon(cell(10, 0, 3, 3).exterior.coords, [enclave_hole.exterior.coords]),  # kabupaten around a kota
        enclave_hole,  # the kota: no gap there
        Polygon(cell(20, 0, 3, 3).exterior.coords, [island_hole.exterior.coords]),
        island_filled,  # fills the western half of the island's hole
    ]
    # An enclosed gap is measured to its ring, so the islet inside does not reduce it.
    return layer, approx_area_km2(gap_cell) + approx_area_km2(cell(21.5, 1, 0.5, 1))


def test_gap_per_touching_group_equals_the_single_union() -> None:
    layer, expected = made_up_layer()
    by_union = interior_gap_km2(layer)
    by_group = interior_gap_km2(layer, by_component=True)
    assert by_union == pytest.approx(expected, rel=1e-9)
    assert by_group == pytest.approx(by_union, rel=1e-9)
    assert by_group > 100  # two uncovered areas of ~120 km² and ~60 km²


def test_a_layer_without_enclosed_gaps_reports_none() -> None:
    layer = [cell(0, 0), cell(1, 0), cell(5, 5), Polygon()]
    assert interior_gap_km2(layer, by_component=True) == interior_gap_km2(layer) == 0


def test_report_over_the_made_up_layer() -> None:
    layer, expected = made_up_layer()
    simplified = [*layer[:7], layer[7], cell(21, 1)]  # the simplification closes the island's hole
    report = simplification_report(layer, simplified)
    assert report["source_gap_km2"] == round(expected, 1)
    assert report["simplified_gap_km2"] == round(approx_area_km2(cell(1, 1)), 1)
    assert report["added_gap_km2"] == 0
    assert report["source_overlap_km2"] == round(2 * approx_area_km2(cell(2.5, 0.5, 0.5, 0.5)), 1)
