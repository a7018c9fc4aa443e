"""Home by scope: national roles get the national map; offices land on their province or kab/kota page."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from waspada.core.permissions import requires
from waspada.core.scope import scope_of
from waspada.regions import selectors
from waspada.regions.models import Level
from waspada.regions.services import region_stats


@requires("reference.view")
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    region_code = scope_of(request.user).region_code
    if region_code is not None:
        return redirect("regions:detail", region_code)
    return national_map(request)


@requires("reference.view")
@require_GET
def national_map(request: HttpRequest) -> HttpResponse:
    versions = selectors.layer_versions()
    layers = [
        {"url": selectors.layer_url("national-kabkota", versions), "pane": "kabkota", "interactive": True},
        {"url": selectors.layer_url("national-province", versions), "pane": "provinces", "interactive": False},
    ]
    context = {
        "layers_ready": {"national-kabkota", "national-province"} <= versions.keys(),
        "layer_urls_json": json.dumps(layers),
        "counts": region_stats(),
        "provinces": selectors.active_regions().filter(level=Level.PROVINCE).order_by("name"),
    }
    return render(request, "web/national_map.html", context)
