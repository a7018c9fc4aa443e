"""Pages of the published editions: the list with their sources, and one edition beside Waspada's latest index."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waspada.core.permissions import requires
from waspada.risk import compare, reference_chart
from waspada.risk.models import Level, ReferenceEdition
from waspada.risk.reference import source_links
from waspada.risk.selectors import latest_run, reference_editions


@requires("risk.view")
@require_GET
def editions(request: HttpRequest) -> HttpResponse:
    rows = [
        (edition, compare.approaches_of(edition), source_links(edition.sources)) for edition in reference_editions()
    ]
    return render(request, "risk/reference/list.html", {"rows": rows})


@requires("risk.view")
@require_GET
def edition(request: HttpRequest, code: str) -> HttpResponse:
    found = ReferenceEdition.objects.filter(code=code).first()
    if found is None:
        raise Http404(_("There is no published edition called “%(code)s”.") % {"code": code[:60]})
    level = request.GET.get("level", "")
    if level and level not in Level.values:
        level = ""
    approach = request.GET.get("approach")
    run = latest_run()
    comparison = compare.compare(found, run, request.user, level, approach)
    far = comparison.disagreements
    context = {
        "edition": found,
        "sources": source_links(found.sources),
        "comparison": comparison,
        "run": run,
        "rho": comparison.rho,
        "far": far,
        "dots": reference_chart.dots(comparison.pairs, {p.code for p in far}),
        "chart_size": reference_chart.SIZE,
        "chart_margin": reference_chart.MARGIN,
        "chart_end": reference_chart.SIZE - reference_chart.MARGIN,
    }
    return render(request, "risk/reference/detail.html", context)
