"""GET /api/v1/regions, /regions/{code}, /regions/{code}/boundary."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from waspada.core.api.errors import invalid, not_found
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import Out, PageParams, choice, page_of, refusals
from waspada.regions import selectors
from waspada.regions.models import LEVEL_GROUPS, Level, Region

router = Router()


class RegionListParams(PageParams):
    level: choice(LEVEL_GROUPS) | None = Field(None, description="A level, or a group (kabkota, desa).")  # type: ignore[valid-type]
    parent: str | None = Field(None, description="The parent region's code (422 when no region has it).")
    q: str | None = Field(None, description="Part of a name (the first 500 matches).")


LevelName = choice(Level.values)


class RegionOut(Out):
    code: str
    name: str
    level: LevelName  # type: ignore[valid-type]
    parent: str | None
    is_administrative: bool


class AncestorOut(Out):
    code: str
    name: str
    level: LevelName  # type: ignore[valid-type]


class PointOut(Out):
    lat: float
    lng: float


class RegionDetailOut(RegionOut):
    province_code: str
    kabkota_code: str | None
    ancestors: list[AncestorOut]
    decree: str
    population: int | None
    population_male: int | None
    population_female: int | None
    area_km2: float | None
    timezone: str
    point: PointOut | None
    bbox: list[float] | None = Field(description="[min lng, min lat, max lng, max lat], or null without boundary.")
    children: int = Field(ge=0)
    is_active: bool


class GeometryOut(Schema):
    type: choice(["Polygon", "MultiPolygon"])  # type: ignore[valid-type]
    coordinates: list[Any]


class BoundaryPropertiesOut(Out):
    code: str
    name: str
    level: LevelName  # type: ignore[valid-type]
    detail: choice(["coarse", "full"])  # type: ignore[valid-type]


class BoundaryOut(Out):
    type: choice(["Feature"])  # type: ignore[valid-type]
    properties: BoundaryPropertiesOut
    geometry: GeometryOut


def region_summary(region: Region) -> dict[str, Any]:
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "parent": region.parent_id,
        "is_administrative": region.is_administrative,
    }


def region_detail(region: Region) -> dict[str, Any]:
    boundary = getattr(region, "boundary", None)
    return {
        **region_summary(region),
        "province_code": region.province_code,
        "kabkota_code": region.kabkota_code or None,
        "ancestors": [{"code": a.code, "name": a.name, "level": a.level} for a in region.ancestors()],
        "decree": region.decree,
        "population": region.population,
        "population_male": region.population_male,
        "population_female": region.population_female,
        "area_km2": region.area_km2,
        "timezone": region.timezone,
        "point": {"lat": region.lat, "lng": region.lng} if region.lat is not None else None,
        "bbox": [boundary.min_lng, boundary.min_lat, boundary.max_lng, boundary.max_lat] if boundary else None,
        "children": region.children.filter(is_active=True).count(),
        "is_active": region.is_active,
    }


def _region_or_404(code: str, *, with_geometry: bool = False) -> Region:
    region = selectors.get_region(code, with_geometry=with_geometry)
    if region is None:
        raise not_found(_("Region %(code)s not found.") % {"code": code})
    return region


@router.get("", summary="List or search regions", response={200: page_of(RegionOut), **refusals(422)})
def list_regions(request: HttpRequest, params: Query[RegionListParams]) -> dict[str, Any]:
    if params.level is not None and params.level not in LEVEL_GROUPS:
        choices = ", ".join(LEVEL_GROUPS)
        raise invalid(
            "level",
            _("Unknown level %(value)r; use one of: %(choices)s.") % {"value": params.level, "choices": choices},
        )
    if params.parent is not None and not selectors.active_regions().filter(code=params.parent).exists():
        raise invalid("parent", _("No region has code %(code)s.") % {"code": params.parent})
    if params.q:
        found = [
            r
            for r in selectors.search_regions(params.q, params.level, limit=500)
            if params.parent is None or r.parent_id == params.parent
        ]
        return paginate(request, found, params.page, params.page_size, region_summary)
    regions = selectors.regions_in_levels(params.level)
    if params.parent is not None:
        regions = regions.filter(parent_id=params.parent)
    return paginate(request, regions.order_by("code"), params.page, params.page_size, region_summary)


@router.get("/{code}", summary="One region", response={200: RegionDetailOut, **refusals(404)})
def get_region(request: HttpRequest, code: str) -> dict[str, Any]:
    # Reference data changes only with an import, so the serialised region is cached per import.
    version = selectors.latest_import_version()
    # The code is the client's text: hashed, so no key holds spaces or control characters (memcached refuses
    # them) or grows past a cache's key limit.
    digest = hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()
    key = f"waspada:region-detail:{version[0] if version else 0}:{version[1] if version else ''}:{digest}"
    detail = cache.get(key)
    if detail is None:
        detail = region_detail(_region_or_404(code))
        cache.set(key, detail, timeout=24 * 3600)
    return detail


@router.get("/{code}/boundary", summary="A region's boundary as a GeoJSON Feature",
            response={200: BoundaryOut, **refusals(404, 422)})  # fmt: skip
def get_boundary(request: HttpRequest, code: str, detail: Literal["coarse", "full"] = "coarse") -> dict[str, Any]:
    region = _region_or_404(code, with_geometry=True)
    boundary = getattr(region, "boundary", None)
    if boundary is None:
        raise not_found(_("Region %(code)s has no boundary.") % {"code": code})
    geometry = boundary.coarse if detail == "coarse" else boundary.geometry
    return {
        "type": "Feature",
        "properties": {"code": region.code, "name": region.name, "level": region.level, "detail": detail},
        "geometry": json.loads(geometry),
    }
