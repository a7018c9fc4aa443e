"""/api/v1/education/activities: the political-education activities in your scope, and recording one. Thin: the
service checks and writes (a refusal names the field: 422, or 403 for a role that may not record), the selector
reads within the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Answer

from waspada.core.api.auth import api_auth
from waspada.core.api.errors import invalid
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import PageParams, page_of, refusals
from waspada.education import selectors, services
from waspada.education.inputs import ActivityInput
from waspada.education.models import Activity
from waspada.education.schemas import ActivityFilters, ActivityIn, ActivityOut

router = Router()
ActivityPage = page_of(ActivityOut)


def activity_json(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk, "title": activity.title, "start_date": activity.start_date, "end_date": activity.end_date,
        "region": activity.region_id, "region_name": activity.region.name, "province_code": activity.province_code,
        "kabkota_code": activity.kabkota_code, "organiser": activity.organiser,
        "activity_type": activity.activity_type, "facilitation_form": activity.facilitation_form,
        "target_groups": activity.group_codes, "participants_male": activity.participants_male,
        "participants_female": activity.participants_female, "participants_total": activity.participants_total,
        "partners": activity.partners, "budget_idr": activity.budget_idr, "materials": activity.materials,
        "outcome_notes": activity.outcome_notes,
        "photos": [{"id": p.pk, "content_type": p.content_type, "size": p.size,
                    "url": reverse("education:photo", args=[p.pk])} for p in activity.photos.all()],
        "created_by": activity.created_by.username if activity.created_by else None,
        "created_at": activity.created_at,
    }  # fmt: skip


@router.get("/activities", summary="Political-education activities in your scope, newest first",
            auth=api_auth("education.view"), response={200: ActivityPage, **refusals(422)})  # fmt: skip
def list_activities(request: HttpRequest, params: Query[PageParams],
                    filters: Query[ActivityFilters]) -> dict[str, Any]:  # fmt: skip
    rows = selectors.activities_for(request.user).prefetch_related("photos")
    if filters.since and filters.until and filters.until < filters.since:
        raise invalid("until", _("The end of the period is before its start."))
    if filters.region:
        code = filters.region
        # Activities sit in a province or a kab/kota: their denormalised codes answer "inside" without a join.
        inside = Q(province_code=code) if "." not in code else Q(kabkota_code=code) | Q(region_id=code)
        rows = rows.filter(inside)
    if filters.since:
        rows = rows.filter(start_date__gte=filters.since)
    if filters.until:
        rows = rows.filter(start_date__lte=filters.until)
    if filters.target_group:
        rows = rows.filter(target_groups__code=filters.target_group)
    if filters.activity_type:
        rows = rows.filter(activity_type=filters.activity_type)
    return paginate(request, rows, params.page, params.page_size, activity_json)


@router.post("/activities", summary="Record a political-education activity in your scope",
             auth=api_auth("education.record"), response={201: ActivityOut, **refusals(400, 413, 422)})  # fmt: skip
def create_activity(request: HttpRequest, payload: ActivityIn) -> Answer:
    data = ActivityInput(**payload.model_dump())
    activity = services.create_activity(request.user, data, request=request)
    found = selectors.get_activity(request.user, activity.pk)
    return Answer(201, activity_json(found or activity))
