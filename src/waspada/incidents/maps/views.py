"""The incident map, the summary page and the region page's incident card. Thin: aggregates count, pages shape.

Bad filters behave as on the incident list: the errors are shown and the page falls back to no filter. A region
outside the user's scope is refused with 403 and a sentence, never with someone else's numbers.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from waspada.core.permissions import requires
from waspada.incidents.maps import area, memo, pages, summary
from waspada.incidents.selectors import IncidentFilter


def _parse(request: HttpRequest) -> tuple[IncidentFilter, dict[str, str], dict[str, str]]:
    flt = IncidentFilter.parse(request.GET.dict())
    if flt.errors:
        return IncidentFilter(), {}, flt.errors
    return flt, pages.active_query(request.GET), {}


def _refused(request: HttpRequest, refused: area.AreaRefused) -> HttpResponse:
    return render(request, "incidents/maps/refused.html", {"message": refused.message}, status=refused.status)


@requires("incidents.view")
@require_GET
@gzip_page
def incident_map(request: HttpRequest) -> HttpResponse:
    flt, query, errors = _parse(request)
    try:
        where = area.resolve(request.user, flt.region)
    except area.AreaRefused as refused:
        return _refused(request, refused)
    context = pages.map_context(request.user, where, query)
    return render(request, "incidents/maps/map.html", {**context, "filters": request.GET, "errors": errors})


@requires("incidents.view")
@require_GET
@gzip_page  # charts and tables: about 5 times smaller compressed (BREACH: Django pads with random bytes)
def incident_summary(request: HttpRequest) -> HttpResponse:
    flt, query, errors = _parse(request)
    try:
        where = area.resolve(request.user, flt.region)
    except area.AreaRefused as refused:
        return _refused(request, refused)
    data = memo.summary_answer(request.user, flt, where)
    context = pages.summary_context(where, data, summary.labels(), query)
    return render(request, "incidents/maps/summary.html", {
        **context, **pages.filter_choices(request.user), "filters": request.GET, "errors": errors})  # fmt: skip


@requires("incidents.view")
@require_GET
def region_card(request: HttpRequest) -> HttpResponse:
    """The region page's incident block (htmx): counts and links, or a sentence when outside the scope."""
    code = request.GET.get("region", "").strip()[:16]
    try:
        where = area.resolve(request.user, code)
    except area.AreaRefused as refused:
        return render(request, "incidents/maps/_card.html", {"refused": refused.message})
    data = summary.card(request.user, where)
    return render(request, "incidents/maps/_card.html", {"area": where, **data})
