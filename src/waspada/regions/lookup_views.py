"""`GET /regions/lookup/<kind>/?parent=CODE&q=NAME`: the report form's typeahead for kecamatan and desa."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waspada.core.permissions import requires
from waspada.regions import lookup


@requires("reference.view")
@require_GET
def place_lookup(request: HttpRequest, kind: str) -> JsonResponse:
    if kind not in lookup.LEVELS:
        return JsonResponse({"detail": _("Unknown lookup %(kind)s.") % {"kind": kind}}, status=404)
    parent = request.GET.get("parent", "").strip()[:16]
    if not parent:
        return JsonResponse({"detail": _("Choose the parent region first."),
                             "errors": [{"field": "parent", "message": _("Required.")}]}, status=422)  # fmt: skip
    query = request.GET.get("q", "").strip()[:100]
    try:
        limit = max(1, min(int(request.GET.get("limit", "10")), 200))
    except ValueError:
        limit = 10
    results = lookup.search(kind, parent, query, limit=limit)
    response = JsonResponse({"results": [place.as_dict() for place in results]})
    response["Cache-Control"] = "private, max-age=300"
    return response
