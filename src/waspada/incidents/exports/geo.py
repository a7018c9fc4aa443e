"""Kab/kota centre points for GeoJSON rows without a point of their own.

The regions app stores `lat`/`lng` for some regions (islands today); for a kab/kota without them the centre
is computed once per export from its stored, simplified boundary: the centroid when it lies inside the
shape, else a point on its surface (a coastal kab/kota's centroid can fall in the sea). One query per
kab/kota that needs it, never one per row."""

from __future__ import annotations

import json

from shapely.geometry import shape

from waspada.regions.models import Region, RegionBoundary

DECIMALS = 5


class Centroids:
    def __init__(self) -> None:
        self.known: dict[str, tuple[float, float] | None] = {}

    def __call__(self, code: str | None) -> tuple[float, float] | None:
        if not code:
            return None
        if code not in self.known:
            self.known[code] = self._find(code)
        return self.known[code]

    @staticmethod
    def _find(code: str) -> tuple[float, float] | None:
        stored = Region.objects.filter(code=code).values_list("lat", "lng").first()
        if stored and stored[0] is not None and stored[1] is not None:
            return float(stored[0]), float(stored[1])
        coarse = RegionBoundary.objects.filter(region_id=code).values_list("coarse", flat=True).first()
        if not coarse:
            return None
        try:
            geometry = shape(json.loads(coarse))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        if geometry.is_empty:
            return None
        point = geometry.centroid
        if not geometry.contains(point):
            point = geometry.representative_point()
        return round(point.y, DECIMALS), round(point.x, DECIMALS)
