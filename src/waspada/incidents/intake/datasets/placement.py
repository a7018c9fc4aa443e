"""Where an outside dataset's event lies in today's regions, for a whole file at once (docs/history.md, Placement).

In this order, the first that answers wins:
1. the point in a kab/kota polygon (the smallest that contains it: the source polygons overlap, a kota inside
   its kabupaten);
2. the point within NEAREST_KM of a kab/kota (coastal and small-island points the polygons miss);
3. the ADMIN2 name among the kab/kota of the ADMIN1 province (English spellings, "Kota X" and "X"); a name
   shared by a kota and a kabupaten is settled by the name's own "Kota"/"City", else by the point (the one
   nearer to it), else the event stays at province level;
4. the province: the point in a province polygon, or the ADMIN1 name. Pre-2022 names reach today's provinces:
   "Papua" stands for Papua and the three provinces carved out of it in 2022 (Papua Selatan, Tengah,
   Pegunungan), "Papua Barat" for itself and Papua Barat Daya; an ADMIN2 name is looked for in all of them.
   An old name the point cannot settle stays in the province that kept the name.
Points are placed in bulk (shapely's vectorised STRtree queries): a 15,000-event export costs well under a second
once the polygons are loaded.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from waspada.incidents.intake.datasets import names
from waspada.regions.models import KABKOTA_LEVELS, Level, Region, RegionBoundary
from waspada.regions.selectors import latest_import_version

NEAREST_KM = 5.0
KM_PER_DEGREE = 111.32
NEAREST_DEG = NEAREST_KM / KM_PER_DEGREE  # near enough at Indonesia's latitudes (within 1.5% of the equator)
# Provinces split since: the old name stands for all of these (UU 14, 15, 16 and 29 of 2022).
SUCCESSORS = {"91": ("91", "93", "94", "95"), "92": ("92", "96")}


class Method:
    POINT = "point"
    NEAREST = "nearest"
    ADMIN2 = "admin2"
    PROVINCE_POINT = "province_point"
    PROVINCE_NAME = "province_name"


@dataclass(frozen=True)
class Spot:
    """Where one event was placed: a kab/kota, or only a province (kabkota None)."""

    province: str
    kabkota: str | None
    method: str
    note: str = ""


@dataclass(frozen=True)
class Wanted:
    lat: float | None
    lng: float | None
    admin1: str
    admin2: str
    point_usable: bool = True  # False when the dataset says its point is a province or country centroid


class _Polygons:
    def __init__(self, levels: Sequence[str]) -> None:
        rows = RegionBoundary.objects.filter(region__level__in=levels, region__is_active=True).values_list(
            "region_id", "geometry"
        )
        self.codes: list[str] = []
        texts = []
        for code, geometry in rows.iterator(chunk_size=200):
            self.codes.append(code)
            texts.append(geometry)
        geometries = list(shapely.from_geojson(texts)) if texts else []
        self.areas = np.array([geometry.area for geometry in geometries])
        centroids = [geometry.centroid for geometry in geometries]
        self.centres = {code: (centre.y, centre.x) for code, centre in zip(self.codes, centroids, strict=True)}
        self.tree = shapely.STRtree(geometries)

    def smallest_containing(self, points: np.ndarray) -> list[str | None]:
        found: list[str | None] = [None] * len(points)
        if not self.codes or not len(points):
            return found
        point_index, tree_index = self.tree.query(points, predicate="intersects")
        best_area = np.full(len(points), np.inf)
        for point, polygon in zip(point_index.tolist(), tree_index.tolist(), strict=True):
            if self.areas[polygon] < best_area[point]:
                best_area[point], found[point] = self.areas[polygon], self.codes[polygon]
        return found

    def nearest(self, points: np.ndarray, max_distance: float) -> list[str | None]:
        found: list[str | None] = [None] * len(points)
        if not self.codes or not len(points):
            return found
        point_index, tree_index = self.tree.query_nearest(points, max_distance=max_distance, all_matches=False)
        for point, polygon in zip(point_index.tolist(), tree_index.tolist(), strict=True):
            found[point] = self.codes[polygon]
        return found


_lock = threading.Lock()
_cache: dict[str, Any] = {}


def _polygons() -> tuple[_Polygons, _Polygons]:
    """(kab/kota, province) polygons, loaded once per process and per regions import."""
    version = latest_import_version()
    with _lock:
        if _cache.get("version") != version:
            _cache["polygons"] = (_Polygons(KABKOTA_LEVELS), _Polygons((Level.PROVINCE,)))
            _cache["version"] = version
        return _cache["polygons"]  # type: ignore[no-any-return]


class Gazetteer:
    """Today's provinces and kab/kota by folded name (names.keys), read once per import."""

    def __init__(self, centres: dict[str, tuple[float, float]]) -> None:
        self.centres = centres  # kab/kota code -> (lat, lng) of its polygon's centroid
        self.provinces: dict[str, str] = {}  # key -> province code
        self.province_names: dict[str, str] = {}
        self.kabkota: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (province, key) -> [(code, level)]
        for code, name in Region.objects.filter(level=Level.PROVINCE, is_active=True).values_list("code", "name"):
            self.province_names[code] = name
            for key in names.keys(name, province=True):
                self.provinces.setdefault(key, code)
        rows = Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).values_list(
            "code", "name", "level", "province_code"
        )
        for code, name, level, province in rows:
            for key in names.keys(name):
                self.kabkota.setdefault((province, key), []).append((code, level))

    def province(self, admin1: str) -> str | None:
        for key in names.keys(admin1, province=True):
            if key in self.provinces:
                return self.provinces[key]
        return None

    def kabkota_named(self, province: str, admin2: str, lat: float | None, lng: float | None) -> str | None:
        """The kab/kota of that name in the province (or in its successors); None when there is none or a
        same-named pair cannot be settled."""
        found: list[tuple[str, str]] = []
        for code in SUCCESSORS.get(province, (province,)):
            for key in names.keys(admin2):
                found += self.kabkota.get((code, key), [])
        found = sorted(set(found))
        if len(found) > 1:
            kind = names.kind_of(admin2)
            of_kind = [item for item in found if item[1] == kind]
            if kind and len(of_kind) == 1:
                found = of_kind
            elif lat is not None and lng is not None:
                found = [min(found, key=lambda item: self._distance(item[0], lat, lng))]
        return found[0][0] if len(found) == 1 else None

    def _distance(self, code: str, lat: float, lng: float) -> float:
        centre = self.centres.get(code)
        return float("inf") if centre is None else (centre[0] - lat) ** 2 + (centre[1] - lng) ** 2


def place_all(wanted: Sequence[Wanted]) -> list[Spot | None]:
    """One Spot per event (None: nowhere in Indonesia by point or name)."""
    kabkota_polygons, province_polygons = _polygons()
    gazetteer = Gazetteer(kabkota_polygons.centres)
    with_point = [index for index, item in enumerate(wanted)
                  if item.point_usable and item.lat is not None and item.lng is not None]  # fmt: skip
    points = shapely.points(np.array([[wanted[i].lng, wanted[i].lat] for i in with_point], dtype=float).reshape(-1, 2))
    inside = dict(zip(with_point, kabkota_polygons.smallest_containing(points), strict=True))
    missing = [position for position, index in enumerate(with_point) if inside[index] is None]
    near = kabkota_polygons.nearest(points[missing], NEAREST_DEG) if missing else []
    nearest = {with_point[position]: code for position, code in zip(missing, near, strict=True)}
    every_point = [index for index, item in enumerate(wanted) if item.lat is not None and item.lng is not None]
    all_points = shapely.points(np.array([[wanted[i].lng, wanted[i].lat] for i in every_point],
                                         dtype=float).reshape(-1, 2))  # fmt: skip
    province_of_point = dict(zip(every_point, province_polygons.smallest_containing(all_points), strict=True))
    spots: list[Spot | None] = []
    for index, item in enumerate(wanted):
        code = inside.get(index)
        if code:
            spots.append(Spot(code[:2], code, Method.POINT))
            continue
        code = nearest.get(index)
        if code:
            spots.append(Spot(code[:2], code, Method.NEAREST))
            continue
        spots.append(_by_name(item, gazetteer, province_of_point.get(index)))
    return spots


def _by_name(item: Wanted, gazetteer: Gazetteer, point_province: str | None) -> Spot | None:
    named = gazetteer.province(item.admin1) if item.admin1 else None
    if item.admin2:
        for search in dict.fromkeys(filter(None, [named, point_province])):
            code = gazetteer.kabkota_named(search, item.admin2, item.lat, item.lng)
            if code:
                return Spot(code[:2], code, Method.ADMIN2)
    if point_province:  # the point outweighs a name that disagrees with it
        return Spot(point_province, None, Method.PROVINCE_POINT)
    if named:
        return Spot(named, None, Method.PROVINCE_NAME)
    return None
