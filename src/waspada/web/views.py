"""Home by scope: national roles get the national map; offices land on their province or kab/kota page."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waspada.core.permissions import requires
from waspada.core.scope import scope_of
from waspada.regions import selectors
from waspada.regions.models import Level
from waspada.regions.services import region_stats
from waspada.web import guides


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


@requires("signed_in")
@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    """The user guide of the reader's role (the "Help" link of every page); `?panduan=` opens another one."""
    wanted = request.GET.get("panduan", "")
    if wanted and wanted not in guides.BY_SLUG:
        raise Http404(_("There is no guide called “%(name)s”.") % {"name": wanted[:60]})
    guide = guides.BY_SLUG[wanted] if wanted else guides.guide_for(request.user)
    context = {"guide": guide, "guides": guides.GUIDES, "own": guides.guide_for(request.user),
               "body": mark_safe(guides.guide_html(guide.slug))}  # noqa: S308 - our own packaged Markdown
    return render(request, "web/help.html", context)
