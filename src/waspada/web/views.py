"""Home is the situation board of the user's scope; the national map, the help pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waspada.core import board
from waspada.core.permissions import has_permission, requires
from waspada.core.scope import scope_of
from waspada.incidents.maps.pages import map_labels
from waspada.regions import selectors
from waspada.regions.models import KABKOTA_LEVELS, Level
from waspada.regions.services import region_stats
from waspada.web import guides

# The landing map shows what is happening now: incidents of this many days, up to today.
RECENT_DAYS = 90


@requires("reference.view")
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The situation board of the user's scope: the blocks the apps register (core/board.py), the same code for
    the national desk, a province and a kab/kota office."""
    region_code = scope_of(request.user).region_code
    # The plain row: get_region() also joins the boundary and three ancestors, 15 ms the board has no use for.
    region = selectors.active_regions().filter(code=region_code).first() if region_code else None
    return render(request, "web/board/home.html", {"region": region, "blocks": board.blocks_for(request.user)})


def _recent(request: HttpRequest) -> dict[str, Any]:
    """The landing map's incident layer: kab/kota coloured by the incidents of the last RECENT_DAYS days that the
    viewer may know of (the incident map's API with a date filter, so scope and classes are the map's own)."""
    since = timezone.localdate() - dt.timedelta(days=RECENT_DAYS)
    labels = {**map_labels(), "legend": _("Incidents in the last %(days)s days per regency/city") % {
        "days": RECENT_DAYS}}  # fmt: skip
    query = {"date_from": since.isoformat()}
    return {
        "recent_api": f"{reverse('api:incident_map')}?{urlencode(query)}",
        "recent_map_url": f"{reverse('incidents:map')}?{urlencode(query)}",
        "recent_since": since,
        "recent_days": RECENT_DAYS,
        "map_labels": labels,
        "domain": scope_of(request.user).region_code or "",
    }


@requires("reference.view")
@require_GET
def national_map(request: HttpRequest) -> HttpResponse:
    versions = selectors.layer_versions()
    layers = [
        {"url": selectors.layer_url("national-kabkota", versions), "pane": "kabkota", "interactive": True,
         "levels": list(KABKOTA_LEVELS), "counts": "kabkota"},
        {"url": selectors.layer_url("national-province", versions), "pane": "provinces", "interactive": False},
    ]  # fmt: skip
    context: dict[str, Any] = {
        "layers_ready": {"national-kabkota", "national-province"} <= versions.keys(),
        "layer_urls_json": json.dumps(layers),
        "counts": region_stats(),
        "provinces": selectors.active_regions().filter(level=Level.PROVINCE).order_by("name"),
    }
    if has_permission(request.user, "incidents.view"):
        context.update(_recent(request))
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
