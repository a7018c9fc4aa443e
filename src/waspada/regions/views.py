"""Region pages, region search and the boundary layers behind every map."""

from __future__ import annotations

import gzip
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waspada.core.permissions import requires
from waspada.regions import selectors
from waspada.regions.models import KABKOTA_LEVELS, VILLAGE_LEVELS, Level, Region

_ONE_YEAR = 365 * 24 * 3600


@requires("reference.view")
@require_GET
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = selectors.get_region(code)
    if region is None:
        raise Http404(_("Region %(code)s not found.") % {"code": code})
    children = list(region.children.filter(is_active=True).exclude(level=Level.ISLAND).order_by("code"))
    boundary = getattr(region, "boundary", None)
    context: dict[str, Any] = {
        "region": region,
        "children": children,
        "children_title": _children_title(region),
        "layers_json": json.dumps(_map_layers(region, selectors.layer_versions())),
        "bbox": json.dumps([boundary.min_lng, boundary.min_lat, boundary.max_lng, boundary.max_lat])
        if boundary
        else "",
    }
    return render(request, "regions/detail.html", context)


def _children_title(region: Region) -> str:
    if region.level == Level.PROVINCE:
        return _("Regencies and cities")
    if region.level in KABKOTA_LEVELS:
        return _("Districts (kecamatan)")
    return _("Villages (desa/kelurahan)")


# Kecamatan names appear from this zoom on (a kab/kota fills the screen at about 9 to 11).
LABEL_ZOOM = 10


def _map_layers(region: Region, versions: dict[str, str]) -> list[dict[str, Any]]:
    """Children as clickable shapes over the region's outline. A kab/kota and what lies in it draw from the
    kab/kota's own kecamatan layer (a few dozen shapes instead of the whole province), named at close zoom.
    Villages have no geometry in the reference data (no polygons, no points), so their kecamatan is shown."""
    province_layer = f"province-{region.province_code}"
    if province_layer not in versions:
        return []
    url = selectors.layer_url(province_layer, versions)
    if region.level == Level.PROVINCE:
        return [{"url": url, "pane": "children", "interactive": True, "levels": list(KABKOTA_LEVELS)}]
    kabkota_key = selectors.kabkota_layer_key(region.kabkota_code) if region.kabkota_code else ""
    if kabkota_key in versions:
        url = selectors.layer_url(kabkota_key, versions)
    if region.level in KABKOTA_LEVELS:
        return [{"url": url, "pane": "children", "interactive": True, "levels": ["kecamatan"],
                 "prefix": region.code, "labels": LABEL_ZOOM}]  # fmt: skip
    if region.level == Level.KECAMATAN:
        siblings = {"url": url, "pane": "children", "interactive": True, "levels": ["kecamatan"],
                    "prefix": region.kabkota_code, "labels": LABEL_ZOOM}  # fmt: skip
        own = {"url": url, "pane": "outline", "interactive": False, "levels": ["kecamatan"], "prefix": region.code,
               "weight": 3}  # fmt: skip
        return [siblings, own]
    if region.level in VILLAGE_LEVELS and region.parent_id:
        return [{"url": url, "pane": "outline", "interactive": False, "levels": ["kecamatan"],
                 "prefix": region.parent_id, "weight": 3, "labels": LABEL_ZOOM}]  # fmt: skip
    return []


@requires("reference.view")
@require_GET
def region_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    results = selectors.search_regions(query, limit=20) if query else []
    return render(request, "regions/search.html", {"query": query, "results": results})


@requires("reference.view")
@require_GET
def boundary_layer(request: HttpRequest, key: str) -> HttpResponse:
    """A prepared GeoJSON layer, gzip as stored; versioned URLs are cached by the browser for a year."""
    layer = selectors.get_layer(key)
    if layer is None:
        raise Http404(_("Map layer %(key)s not found.") % {"key": key})
    etag = f'"{layer.etag}"'
    versioned = request.GET.get("v") == layer.etag
    cache_control = f"private, max-age={_ONE_YEAR}, immutable" if versioned else "private, no-cache"
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        body = bytes(layer.content_gzip)
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            response = HttpResponse(body, content_type="application/geo+json")
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(body), content_type="application/geo+json")
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response["Vary"] = "Accept-Encoding, Cookie"
    return response
