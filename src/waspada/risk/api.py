"""GET /api/v1/index: the newest computation matching the query (a round's, as of a day) and its scores in the
caller's scope (the scope filter on RegionScore: a province office sees its province and its kab/kota), most
vulnerable first. Unknown query keys are refused by name, like bad values."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from waspada.core.api.auth import api_auth
from waspada.core.api.errors import invalid
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import refusals
from waspada.monitoring.models import Round
from waspada.risk import selectors
from waspada.risk.method import is_provisional
from waspada.risk.models import IndexRun, RegionScore
from waspada.risk.schemas import QUERY_KEYS, IndexOut, IndexParams
from waspada.risk.selectors_runs import run_for

router = Router()


def run_json(run: IndexRun) -> dict[str, Any]:
    return {"id": run.pk, "as_of": run.as_of, "round": run.round_id, "method_version": run.method.version,
            "status": run.status, "trigger": run.trigger, "demo": run.is_demo, "previous": run.previous_id,
            "regions_scored": run.regions_scored, "duration_s": run.duration_s, "finished_at": run.finished_at,
            "categories": (run.summary or {}).get("categories", {})}  # fmt: skip


def score_json(score: RegionScore, params: dict[str, Any]) -> dict[str, Any]:
    return {"region": score.region_id, "name": score.region.name, "level": score.level,
            "province_code": score.province_code, "kabkota_code": score.kabkota_code, "composite": score.composite,
            "category": score.category, "provisional": is_provisional(score.coverage, params),
            "monitoring_score": score.monitoring_score, "incident_score": score.incident_score,
            "coverage": score.coverage, "rank": score.rank, "change": score.change, "dimensions": score.dimensions,
            "subdimensions": score.subdimensions, "contributions": score.contributions,
            "reasons": score.reasons}  # fmt: skip


@router.get("", summary="The vulnerability index: the newest computation and its scores in your scope",
            auth=api_auth("risk.view"), response={200: IndexOut, **refusals(422)})  # fmt: skip
def index(request: HttpRequest, params: Query[IndexParams]) -> dict[str, Any]:
    unknown = sorted(set(request.GET) - QUERY_KEYS)
    if unknown:
        raise invalid(unknown[0], _("Unknown parameter; use round, date, level, page or page_size."))
    day = None
    if params.date is not None:
        try:
            day = datetime.date.fromisoformat(params.date)
        except ValueError:
            raise invalid("date", _("Use a calendar date as YYYY-MM-DD, e.g. 2026-12-01.")) from None
    if params.round is not None and not Round.objects.filter(pk=params.round).exists():
        raise invalid("round", _("There is no monitoring round %(id)s.") % {"id": params.round})
    run = run_for(day, params.round)
    if run is None:
        return {"run": None, "count": 0, "next": None, "previous": None, "results": []}
    scores = selectors.scores_for(run, request.user, params.level)
    method_params = run.method.params
    page = paginate(request, scores, params.page, params.page_size, lambda s: score_json(s, method_params))
    return {"run": run_json(run), **page}
