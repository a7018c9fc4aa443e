"""The index pages (issue 17, item 4): the map, a region's breakdown, the ranking, the comparison of two
computations, and the downloads (CSV, XLSX, PNG). Thin: maps.py, tables.py, run_diff.py and exports.py shape,
selectors.py reads within the user's scope.

Before any computation exists every page says so (and how to run one), rather than failing. A region outside
the user's scope is a 404, as on the monitoring pages: its existence in someone else's area is not ours to tell.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from waspada.core.permissions import has_permission, requires
from waspada.core.scope import region_in_scope
from waspada.regions.selectors import get_region
from waspada.risk import exports, maps, run_diff, selectors, tables
from waspada.risk.models import IndexRun, Level


def _empty(request: HttpRequest, title: str) -> HttpResponse:
    can_compute = has_permission(request.user, "risk.compute")
    return render(request, "risk/empty.html", {"title": title, "can_compute": can_compute})


def _picker(choice: maps.Choice, dims: list[str]) -> dict[str, Any]:
    """What every index page's selector needs: recent runs, levels, layers, the current choice."""
    dim_names, _subs, _parent = maps.headings()
    return {"runs": list(selectors.recent_runs()), "choice": choice, "levels": list(maps.LEVELS.items()),
            "layers": [(maps.COMPOSITE, _("Index (composite)"))] + [(d, maps.readable(d, dim_names)) for d in dims],
            "errors": choice.errors}  # fmt: skip


def _query(choice: maps.Choice, **extra: str) -> str:
    assert choice.run is not None
    params = {"run": str(choice.run.pk), "level": choice.level, **extra}
    return urlencode({key: value for key, value in params.items() if value})


@requires("risk.view")
@require_GET
@gzip_page
def index_map(request: HttpRequest) -> HttpResponse:
    choice = maps.choose(request.GET, request.user)
    if choice.run is None:
        return _empty(request, _("Vulnerability index"))
    run = choice.run
    data = maps.map_data(run, request.user, choice.level)
    legend = maps.legend(data.bands)
    layers = maps.map_layers(request.user, choice.level)
    context = {
        **_picker(choice, data.dims), "run": run, "legend": legend,
        "layers_json": json.dumps(layers) if layers else "", "scores_script": mark_safe(data.script),  # noqa: S308 - escaped in maps.map_data
        "map_legend": {"colours": {row["code"]: row["colour"] for row in legend},
                       "labels": {row["code"]: row["label"] for row in legend},
                       "outside": maps.OUTSIDE_COLOUR, "none": _("No data")},
        "detail_url": reverse("risk:region", args=["CODE"]) + f"?run={run.pk}",
        "domain": maps.domain_of(request.user), "counted": data.count,
        "query": _query(choice), "png_query": _query(choice, layer=choice.layer),
    }  # fmt: skip
    return render(request, "risk/map.html", context, status=400 if choice.errors else 200)


@requires("risk.view")
@require_GET
@gzip_page
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One region's score with its explanation and history; 404 outside the user's scope."""
    region = get_region(code)
    if region is None or not region_in_scope(request.user, code):
        raise Http404
    choice = maps.choose(request.GET, request.user)
    if choice.run is None:
        return _empty(request, _("Vulnerability index: %(area)s") % {"area": region.name})
    run = choice.run
    score = selectors.score_of(run, code, request.user)
    previous = selectors.score_of(run.previous, code, request.user) if run.previous is not None else None
    context = {"region": region, "run": choice.run, "score": score, "previous": previous,
               "detail": tables.breakdown(score) if score else None, "chart": tables.history_chart(code, request.user),
               "runs": list(selectors.recent_runs()), "errors": choice.errors,
               "level": str(maps.LEVELS.get(score.level, "")) if score else ""}  # fmt: skip
    return render(request, "risk/region.html", context, status=400 if choice.errors else 200)


@requires("risk.view")
@require_GET
@gzip_page
def ranking(request: HttpRequest) -> HttpResponse:
    choice = maps.choose(request.GET, request.user)
    if choice.run is None:
        return _empty(request, _("Index ranking"))
    result = tables.ranking(choice.run, request.user, choice.level, request.GET.get("sort", "rank"),
                            request.GET.get("province", ""))  # fmt: skip
    labels = {"rank": _("Rank"), "name": _("Region"), "code": _("Code"), "index": _("Index"), "change": _("Change"),
              "coverage": _("Coverage")}  # fmt: skip
    headers = [{"label": label, "numeric": key not in {"name", "code"},
                "next": "-" + key if result.sort == key and not result.descending else key,
                "state": ("descending" if result.descending else "ascending") if result.sort == key else ""}
               for key, label in labels.items()]  # fmt: skip
    context = {**_picker(choice, maps.dimension_codes(choice.run)), "run": choice.run, "ranking": result,
               "headers": headers, "query": _query(choice, province=result.province)}  # fmt: skip
    return render(request, "risk/ranking.html", context, status=400 if choice.errors else 200)


def _run_param(request: HttpRequest, name: str, errors: dict[str, str]) -> IndexRun | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    run = selectors.run_by_id(int(raw)) if raw.isdigit() else None
    if run is None:
        errors[name] = _("No finished computation with this number.")
    return run


def _run_before(run: IndexRun) -> IndexRun | None:
    return next((r for r in selectors.recent_runs() if r.pk != run.pk and r.as_of <= run.as_of), None)


@requires("risk.view")
@require_GET
@gzip_page
def compare(request: HttpRequest) -> HttpResponse:
    """?a=RUN&b=RUN (default: the newest and the one it was compared with, or the one before it)."""
    latest = selectors.latest_run()
    if latest is None:
        return _empty(request, _("Compare two computations"))
    errors: dict[str, str] = {}
    level = request.GET.get("level") or Level.KABKOTA
    if level not in maps.LEVELS:
        errors["level"] = _("Unknown level: choose province or regency/city.")
        level = Level.KABKOTA
    b = _run_param(request, "b", errors) or latest
    a = _run_param(request, "a", errors) or b.previous or _run_before(b)
    diff = run_diff.compare(a, b, request.user, level) if a is not None else None
    context: dict[str, Any] = {"a": a, "b": b, "diff": diff, "level": level, "levels": list(maps.LEVELS.items()),
               "runs": list(selectors.recent_runs()), "errors": errors}  # fmt: skip
    if diff is not None:
        transitions = [{"a": x, "b": y, "n": n, "label_a": run_diff.category_label(x),
                        "label_b": run_diff.category_label(y)} for x, y, n in diff.transitions]  # fmt: skip
        context |= {"rows": diff.rows, "risers": diff.risers, "fallers": diff.fallers, "transitions": transitions}
    return render(request, "risk/compare.html", context, status=400 if errors else 200)


def _download_choice(request: HttpRequest) -> maps.Choice | HttpResponse:
    """A download must not quietly show something else: a bad parameter is a 400 naming it, no run a 404."""
    choice = maps.choose(request.GET, request.user)
    if choice.errors:
        text = "\n".join(f"{name}: {message}" for name, message in choice.errors.items())
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    if choice.run is None:
        return HttpResponse(_("No index computation yet."), status=404, content_type="text/plain; charset=utf-8")
    return choice


def _filename(choice: maps.Choice, extension: str) -> str:
    assert choice.run is not None
    name = slugify(f"{_('vulnerability index')} {choice.level} {choice.run.as_of:%Y-%m-%d} {choice.run.pk}")
    return f'attachment; filename="{name}.{extension}"'


@requires("risk.view")
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    choice = _download_choice(request)
    if isinstance(choice, HttpResponse):
        return choice
    assert choice.run is not None
    response = StreamingHttpResponse(exports.csv_lines(choice.run, request.user, choice.level),
                                     content_type="text/csv; charset=utf-8")  # fmt: skip
    response["Content-Disposition"] = _filename(choice, "csv")
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]


@requires("risk.view")
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    choice = _download_choice(request)
    if isinstance(choice, HttpResponse):
        return choice
    assert choice.run is not None
    response = HttpResponse(exports.xlsx_bytes(choice.run, request.user, choice.level), content_type=exports.XLSX)
    response["Content-Disposition"] = _filename(choice, "xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


@requires("risk.view")
@require_GET
def map_png(request: HttpRequest) -> HttpResponse:
    choice = _download_choice(request)
    if isinstance(choice, HttpResponse):
        return choice
    assert choice.run is not None
    response = HttpResponse(maps.map_png(choice.run, request.user, choice.level, choice.layer),
                            content_type="image/png")  # fmt: skip
    response["Content-Disposition"] = _filename(choice, "png")
    response["Cache-Control"] = "private, no-store"
    return response
