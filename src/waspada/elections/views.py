"""The election timeline (both elections, today marked, the region's contests) and per-region contests."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waspada.core.i18n import prefers_indonesian
from waspada.core.permissions import requires
from waspada.elections import selectors
from waspada.elections.models import StageTag
from waspada.elections.timeline import build_chart
from waspada.regions.models import Region
from waspada.regions.selectors import get_region


def _user_region(request: HttpRequest) -> Region | None:
    """The signed-in user's scope region (docs/architecture.md, Scope); national roles have none and see every
    election."""
    region = getattr(request.user, "scope_region", None)
    return region if isinstance(region, Region) else None


@requires("reference.view")  # election reference data: every signed-in role
@require_GET
def timeline(request: HttpRequest) -> HttpResponse:
    errors: dict[str, str] = {}
    code = request.GET.get("region", "").strip()[:20]
    region = get_region(code) if code else _user_region(request)
    if code and region is None:
        errors["region"] = _("No region has code %(code)s.") % {"code": code}
    today = selectors.local_today(region)
    selected = None
    day_text = request.GET.get("date", "").strip()[:20]
    if day_text:
        try:
            selected = selectors.parse_day(day_text)
        except ValueError:
            errors["date"] = _("Use a calendar date as YYYY-MM-DD, e.g. 2024-11-27.")
    elections = selectors.timeline_elections()
    calendar = selectors.Calendar.load()
    situation = calendar.at(region, selected or today)
    names = {election.code: election.name for election in situation.elections}
    labels = dict(StageTag.objects.values_list("code", "label_id" if prefers_indonesian() else "label_en"))
    context: dict[str, Any] = {
        "region": region,
        "region_code": code or (region.code if region else ""),
        "day_text": day_text,
        "errors": errors,
        "today": today,
        "selected": selected or today,
        "situation": situation,
        "tags": [(tag, labels.get(tag) or tag) for tag in situation.tags],
        "voting": [(names.get(code, code), days, abs(days)) for code, days in situation.days_to_voting.items()],
        "chart": build_chart(elections, today, selected),
        "elections": [(e, calendar.applies(e, region)) for e in elections],
        "contests": selectors.region_contests(region) if region else None,
        "zone": selectors.region_zone(region).key,
    }
    return render(request, "elections/timeline.html", context)


@requires("reference.view")  # election reference data: every signed-in role
@require_GET
def region_contests(request: HttpRequest, code: str) -> HttpResponse:
    region = get_region(code)
    if region is None:
        raise Http404(_("Region %(code)s not found.") % {"code": code})
    contests = selectors.region_contests(region)
    return render(request, "elections/contests.html", {"region": region, "contests": contests})
