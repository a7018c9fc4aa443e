"""The incident map, the summary page and the region page's incident card. Thin: aggregates count, pages shape.

Bad filters behave as on the incident list: the errors are shown and the page falls back to no filter. A region
outside the user's scope is refused with 403 and a sentence, never with someone else's numbers.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from waspada.core.permissions import requires
from waspada.incidents.maps import area, memo, pages, png, summary
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
def incident_map_png(request: HttpRequest) -> HttpResponse:
    """The map page as a PNG (`Download PNG`): the same filters, scope, counts and classes. A bad filter is a 422
    naming the fields (a download must not quietly show something else), a region outside the scope a 403."""
    flt = IncidentFilter.parse(request.GET.dict())
    if flt.errors:
        text = "\n".join(f"{name}: {message}" for name, message in flt.errors.items())
        return HttpResponse(text, status=422, content_type="text/plain; charset=utf-8")
    try:
        where = area.resolve(request.user, flt.region)
    except area.AreaRefused as refused:
        return HttpResponse(refused.message, status=refused.status, content_type="text/plain; charset=utf-8")
    response = HttpResponse(png.map_png(request.user, flt, where), content_type="image/png")
    name = slugify(f"{_('incident map')} {where.domain_name} {timezone.localdate():%Y-%m-%d}")
    response["Content-Disposition"] = f'attachment; filename="{name}.png"'
    response["Cache-Control"] = "private, no-store"
    return response


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
