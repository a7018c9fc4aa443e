"""Boundary geometry: parsing and checks, topology-preserving simplification, web layers, overlap report."""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from waspada import datafiles
from waspada.regions.sources import BOUNDARY_FILES, ReferenceDataError

# ~1.1 km: the national layers must stay small for slow links; ~220 m for the per-province layers.
COARSE_TOLERANCE = 0.01
DETAIL_TOLERANCE = 0.002
COARSE_DIGITS = 3
DETAIL_DIGITS = 4
KM_PER_DEGREE = 111.32


@dataclass
class Boundary:
    code: str
    source: BaseGeometry
    # The detailed web outline (per-province layers, API `detail=coarse`) as geometry and as GeoJSON text.
    web_geometry: BaseGeometry | None = None
    web: str = ""


def read_boundaries(data_dir: Path, kind: str, known_codes: set[str]) -> dict[str, Boundary]:
    """Parse one boundary file; every feature must be a valid (multi)polygon of a known region."""
    relative = BOUNDARY_FILES[kind]
    try:
        document = json.loads(datafiles.read_bytes(data_dir / relative))
        features = document["features"]
    except (ValueError, KeyError, TypeError, OSError, EOFError) as exc:
        raise ReferenceDataError(relative, f"not a GeoJSON FeatureCollection ({exc})") from exc
    result: dict[str, Boundary] = {}
    for index, feature in enumerate(features, start=1):
        try:
            code = str(feature["properties"]["code"])
        except (KeyError, TypeError) as exc:
            raise ReferenceDataError(relative, f"feature {index} has no properties.code") from exc
        if code not in known_codes:
            raise ReferenceDataError(relative, f"feature {index}: code {code} is not a known {kind} region")
        if code in result:
            raise ReferenceDataError(relative, f"feature {index}: duplicate code {code}")
        result[code] = Boundary(code, _geometry(relative, code, feature.get("geometry")))
    return result


def _geometry(relative: str, code: str, raw: Any) -> BaseGeometry:
    try:
        geometry = shape(raw)
    except Exception as exc:  # shapely raises several types for malformed input
        raise ReferenceDataError(relative, f"bad geometry for {code} ({exc})") from exc
    if not isinstance(geometry, Polygon | MultiPolygon):
        raise ReferenceDataError(relative, f"bad geometry for {code}: {geometry.geom_type}, expected a polygon")
    if geometry.is_empty:
        raise ReferenceDataError(relative, f"bad geometry for {code}: empty")
    if not geometry.is_valid:
        raise ReferenceDataError(relative, f"bad geometry for {code}: {shapely.is_valid_reason(geometry)}")
    if not _within_indonesia(geometry):
        raise ReferenceDataError(relative, f"bad geometry for {code}: coordinates outside Indonesia")
    return geometry


def _within_indonesia(geometry: BaseGeometry) -> bool:
    min_lng, min_lat, max_lng, max_lat = geometry.bounds
    return min_lng >= 90 and max_lng <= 142 and min_lat >= -12 and max_lat <= 7


def simplify_coverage(boundaries: list[Boundary], tolerance: float, grid: float) -> list[BaseGeometry]:
    """Simplify neighbours together (shared edges stay shared), then snap to the output grid."""
    simplified = shapely.coverage_simplify([item.source for item in boundaries], tolerance)
    snapped = shapely.set_precision(simplified, grid)
    # A sliver may vanish at this scale; keep the source shape rather than lose a region.
    return [
        snap if not snap.is_empty else shapely.set_precision(item.source, grid)
        for snap, item in zip(snapped, boundaries, strict=True)
    ]


_LONG_DECIMAL = re.compile(r"-?\d+\.\d{6,}")


def geojson_texts(geometries: list[BaseGeometry], digits: int) -> list[str]:
    """GeoJSON geometries as text with at most `digits` decimals (GEOS writes float noise like 2.80867000000002)."""

    def tidy(match: re.Match[str]) -> str:
        return repr(round(float(match.group()), digits))

    return [_LONG_DECIMAL.sub(tidy, text) for text in shapely.to_geojson(np.asarray(geometries, dtype=object))]


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@dataclass
class Layer:
    key: str
    content_gzip: bytes
    etag: str
    raw_bytes: int
    features: int


def build_layer(key: str, features: list[str]) -> Layer:
    """Features arrive as GeoJSON text, so the geometry is never parsed back into Python objects."""
    raw = ('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}").encode("utf-8")
    # mtime=0 keeps the bytes, and so the ETag, identical across imports of the same data.
    compressed = gzip.compress(raw, compresslevel=9, mtime=0)
    return Layer(key, compressed, hashlib.sha256(raw).hexdigest()[:32], len(raw), len(features))


def feature_text(properties: dict[str, Any], geometry_text: str) -> str:
    return '{"type":"Feature","properties":' + dumps(properties) + ',"geometry":' + geometry_text + "}"


def approx_area_km2(geometry: BaseGeometry) -> float:
    """Degrees² to km² at the geometry's latitude; close enough for a quality report near the equator."""
    if geometry.is_empty:
        return 0.0
    lat = geometry.centroid.y
    return float(geometry.area) * KM_PER_DEGREE**2 * math.cos(math.radians(lat))


def overlap_km2(geometries: list[BaseGeometry]) -> float:
    """Sum of the areas where two regions of one layer cover the same ground."""
    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries, predicate="intersects")
    total = 0.0
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i < j:
            total += approx_area_km2(geometries[i].intersection(geometries[j]))
    return total


def interior_gap_km2(geometries: list[BaseGeometry], *, by_component: bool = False) -> float:
    """Area of holes inside the union of a layer, i.e. ground between neighbours that no region covers.

    With `by_component` the union is taken per group of polygons that touch or overlap (an island, a
    mainland): the same point set, since the groups share no point, but ~10x faster on the official source
    boundaries (18,000 polygon parts, most of them small islands: 0.25-0.5 s a layer instead of 3-5 s).
    The import uses it for the source layers only. (shapely.coverage_union_all does not apply: neither official
    layer is a valid coverage, their regions overlap by 267 and 6,638 km², and it refuses overlapping input.)
    Over the coarse simplified layers (near-coincident edges on a 0.001° grid) the two ways part: their gap
    figure moves by up to 1.6 km² (most likely GEOS's robustness fallbacks, which the one large union needs),
    so the report keeps the single union there and its figures stay those of earlier imports.
    """
    if by_component:
        pieces = [group[0] if len(group) == 1 else shapely.union_all(group) for group in _touching_groups(geometries)]
    else:
        pieces = [shapely.union_all(geometries)]
    return sum(
        approx_area_km2(Polygon(ring)) for piece in pieces for poly in _polygons(piece) for ring in poly.interiors
    )


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    return [part for part in getattr(geometry, "geoms", []) if isinstance(part, Polygon) and not part.is_empty]


def _touching_groups(geometries: list[BaseGeometry]) -> list[np.ndarray]:
    """The layer's polygon parts, grouped into connected sets (parts that touch or overlap, transitively)."""
    parts = shapely.get_parts(np.asarray(geometries, dtype=object))
    left, right = shapely.STRtree(parts).query(parts, predicate="intersects")
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(len(parts), len(parts)))
    _count, labels = connected_components(graph, directed=False)
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    return [parts[members] for members in np.split(order, bounds)]


def simplification_report(sources: list[BaseGeometry], simplified: list[BaseGeometry]) -> dict[str, float]:
    """What the simplification leaves between neighbours, next to what the source already had."""
    source_overlap = overlap_km2(sources)
    coarse_overlap = overlap_km2(simplified)
    source_gap = interior_gap_km2(sources, by_component=True)
    coarse_gap = interior_gap_km2(simplified)
    return {
        "source_overlap_km2": round(source_overlap, 1),
        "simplified_overlap_km2": round(coarse_overlap, 1),
        "added_overlap_km2": round(max(coarse_overlap - source_overlap, 0.0), 1),
        "source_gap_km2": round(source_gap, 1),
        "simplified_gap_km2": round(coarse_gap, 1),
        "added_gap_km2": round(max(coarse_gap - source_gap, 0.0), 1),
    }
