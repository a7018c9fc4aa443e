"""Which regions border which (issue 18: neighbours' activity is an early-warning signal).

Computed once per boundary import from the source polygons, not at request time. The source polygons overlap
in places and leave slivers of gap elsewhere (docs/regions: Kab. Sorong still covers part of Tambrauw), so two
regions are neighbours when their outlines come within a small tolerance of each other, not only when they
touch. The tolerance is small enough that regions across a strait stay apart unless their coasts nearly meet
(then people cross it too). Framework-free: plain shapely on (code, geometry) pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

KM_PER_DEGREE = 111.32
# About 1 km: wider than the gaps between neighbouring polygons in the source files, narrower than most straits.
TOLERANCE_KM = 1.0


@dataclass(frozen=True)
class Pair:
    code: str
    neighbour: str
    gap_km: float  # 0 when the outlines touch or overlap


def neighbours(
    codes: Sequence[str], geometries: Sequence[BaseGeometry], tolerance_km: float = TOLERANCE_KM
) -> list[Pair]:
    """Every ordered pair of distinct regions whose outlines lie within the tolerance (both directions listed)."""
    if len(codes) != len(geometries):
        raise ValueError("one geometry per code")
    tolerance_deg = tolerance_km / KM_PER_DEGREE
    tree = shapely.STRtree(list(geometries))
    left, right = tree.query(list(geometries), predicate="dwithin", distance=tolerance_deg)
    pairs: list[Pair] = []
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i >= j:
            continue
        gap = float(shapely.distance(geometries[i], geometries[j])) * KM_PER_DEGREE
        gap = round(gap, 3)
        pairs.append(Pair(codes[i], codes[j], gap))
        pairs.append(Pair(codes[j], codes[i], gap))
    return pairs
