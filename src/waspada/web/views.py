"""Home: the national map of provinces and kab/kota."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from waspada.regions import selectors
from waspada.regions.models import Level
from waspada.regions.services import region_stats
from waspada.regions.views import layer_url


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    versions = selectors.layer_versions()
    layers = [
        {"url": layer_url("national-kabkota", versions), "pane": "kabkota", "interactive": True},
        {"url": layer_url("national-province", versions), "pane": "provinces", "interactive": False},
    ]
    context = {
        "layers_ready": {"national-kabkota", "national-province"} <= versions.keys(),
        "layer_urls_json": json.dumps(layers),
        "counts": region_stats(),
        "provinces": selectors.active_regions().filter(level=Level.PROVINCE).order_by("name"),
    }
    return render(request, "web/national_map.html", context)
