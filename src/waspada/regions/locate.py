"""Point-in-polygon: which kab/kota and kecamatan contain a coordinate (shapely STRtree).

The source polygons overlap in places (Kab. Sorong still covers part of Tambrauw; kota inside kabupaten
overlap by a few percent), so the smallest containing region wins and the others are reported.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from waspada.regions.models import KABKOTA_LEVELS, Level, RegionBoundary
from waspada.regions.selectors import latest_import_version

# A point this close to a coast (about 1 km) is placed in the nearest region rather than nowhere.
NEAREST_TOLERANCE_DEG = 0.01


@dataclass
class Placement:
    kabkota: str | None
    kecamatan: str | None
    ambiguous: bool
    candidates: dict[str, list[str]] = field(default_factory=dict)
    nearest: bool = False


class _Index:
    def __init__(self, codes: list[str], geometries: list[BaseGeometry]) -> None:
        self.codes = codes
        self.geometries = geometries
        self.areas = [geometry.area for geometry in geometries]
        self.tree = shapely.STRtree(geometries)

    def containing(self, point: Point) -> list[str]:
        hits = self.tree.query(point, predicate="intersects").tolist()
        hits.sort(key=lambda index: self.areas[index])
        return [self.codes[index] for index in hits]

    def nearest(self, point: Point) -> str | None:
        index = self.tree.query_nearest(point, max_distance=NEAREST_TOLERANCE_DEG)
        return self.codes[int(index[0])] if len(index) else None


_lock = threading.Lock()
_cache: dict[str, object] = {}


def _indexes() -> tuple[_Index, _Index]:
    version = latest_import_version()
    with _lock:
        if _cache.get("version") != version or "indexes" not in _cache:
            _cache["indexes"] = (_load(KABKOTA_LEVELS), _load((Level.KECAMATAN,)))
            _cache["version"] = version
        return _cache["indexes"]  # type: ignore[return-value]


def _load(levels: tuple[str, ...]) -> _Index:
    rows = RegionBoundary.objects.filter(region__level__in=levels, region__is_active=True).values_list(
        "region_id", "geometry"
    )
    codes, geometries = [], []
    for code, geometry in rows.iterator(chunk_size=500):
        codes.append(code)
        geometries.append(shape(json.loads(geometry)))
    return _Index(codes, geometries)


def locate(lng: float, lat: float) -> Placement:
    """Place a WGS84 coordinate; kecamatan is taken inside the chosen kab/kota when possible."""
    kabkota_index, kecamatan_index = _indexes()
    point = Point(lng, lat)
    kabkota = kabkota_index.containing(point)
    kecamatan = kecamatan_index.containing(point)
    nearest = False
    if not kabkota:
        found = kabkota_index.nearest(point)
        kabkota, nearest = ([found], True) if found else ([], False)
    if not kecamatan and kabkota:
        found = kecamatan_index.nearest(point)
        kecamatan = [found] if found else []
    chosen_kabkota = kabkota[0] if kabkota else None
    # Prefer a kecamatan of the chosen kab/kota, so the two answers never contradict each other.
    inside = [code for code in kecamatan if chosen_kabkota and code.startswith(chosen_kabkota + ".")]
    candidates = inside or kecamatan
    chosen_kecamatan = candidates[0] if candidates else None
    return Placement(
        kabkota=chosen_kabkota,
        kecamatan=chosen_kecamatan,
        ambiguous=len(kabkota) > 1 or len(kecamatan) > 1,
        candidates={"kabkota": kabkota, "kecamatan": kecamatan},
        nearest=nearest,
    )
