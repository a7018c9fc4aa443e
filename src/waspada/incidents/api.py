"""/api/v1/incidents: list (filters, search, pages), create (Idempotency-Key), read, PATCH, transitions,
the review queue, the audited informant reveal and attachments. Thin: services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema
from ninja import Status as Answer
from ninja.files import UploadedFile

from waspada.accounts.api_auth import api_auth
from waspada.api.errors import not_found
from waspada.api.pagination import DEFAULT_PAGE_SIZE, paginate
from waspada.incidents import attachments, idempotency, selectors, services, workflow
from waspada.incidents.errors import Invalid
from waspada.incidents.filter_params import FilterParams
from waspada.incidents.models import Incident, Status
from waspada.incidents.serialize import detail_json, list_json

router = Router()


class ActorIn(Schema):
    actor_type: str
    side: str = "initiator"
    name: str = ""


class SourceIn(Schema):
    kind: str
    reliability: str = "F"
    name: str = ""
    url: str = ""
    anonymous: bool = False
    informant_name: str = ""
    informant_contact: str = ""


class IncidentIn(Schema):
    title: str
    narrative: str = ""
    occurred_on: str
    occurred_time: str | None = None
    time_precision: str = "day"
    region: str | None = None
    kecamatan: str | None = None
    desa: str | None = None
    lat: float | None = None
    lng: float | None = None
    geo_precision: str | None = None
    event_type: str
    event_subtype: str | None = None
    secondary_types: list[str] = []
    actors: list[ActorIn] = []
    dead: int | None = None
    injured: int | None = None
    people_involved: int | None = None
    damage: str = ""
    severity: int
    sensitivity: str = "inter_agency"
    sources: list[SourceIn] = []
    status: str = Status.SUBMITTED


class IncidentPatch(Schema):
    title: str | None = None
    narrative: str | None = None
    occurred_on: str | None = None
    occurred_time: str | None = None
    time_precision: str | None = None
    region: str | None = None
    kecamatan: str | None = None
    desa: str | None = None
    lat: float | None = None
    lng: float | None = None
    geo_precision: str | None = None
    event_type: str | None = None
    event_subtype: str | None = None
    secondary_types: list[str] | None = None
    actors: list[ActorIn] | None = None
    dead: int | None = None
    injured: int | None = None
    people_involved: int | None = None
    damage: str | None = None
    severity: int | None = None
    sensitivity: str | None = None
    add_sources: list[SourceIn] | None = None


class TransitionIn(Schema):
    to: str
    comment: str = ""
    duplicate_of: int | None = None


class ListParams(FilterParams):
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def _detail(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    return detail_json(request.user, incident, selectors.detail_related(incident))


def _get(request: HttpRequest, incident_id: int) -> Incident:
    incident = selectors.incident_for(request.user, incident_id)
    if incident is None:
        raise not_found(_("No incident %(id)s in your scope.") % {"id": incident_id})
    return incident


@router.get("", summary="Incidents in your scope (restricted items of other offices redacted)",
            auth=api_auth("incidents.view"))  # fmt: skip
def list_incidents(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    flt = selectors.IncidentFilter.parse(params.dict())
    if flt.errors:
        raise Invalid(flt.errors)
    rows = selectors.incidents_for(request.user, flt)
    return paginate(request, rows, params.page, params.page_size, lambda row: list_json(request.user, row))


@router.post("", summary="Report an incident (send an Idempotency-Key header when a phone may resend)",
             auth=api_auth("incidents.report"), response={201: dict})  # fmt: skip
def create_incident(request: HttpRequest, payload: IncidentIn, response: HttpResponse) -> Answer:
    body = payload.dict()
    data = {key: value for key, value in body.items() if key != "status"}
    if payload.status not in (Status.DRAFT, Status.SUBMITTED):
        raise Invalid({"status": _("A new incident is either draft or submitted.")})
    key = request.headers.get(idempotency.HEADER)
    incident, replayed = idempotency.once(
        request.user, key, body,
        lambda claim: services.create_incident(request.user, data, request,
                                               submit=payload.status == Status.SUBMITTED, on_write=claim),
    )  # fmt: skip
    if replayed:
        response["Idempotent-Replayed"] = "true"
        return Answer(201, _detail(request, _get(request, incident.pk)))
    return Answer(201, detail_json(request.user, incident, incident.created_related))  # type: ignore[attr-defined]


@router.get("/queue", summary="Your office's review queue: what needs its action now", auth=api_auth("incidents.view"))
def review_queue(request: HttpRequest, page: int = 1, page_size: int = DEFAULT_PAGE_SIZE) -> dict[str, Any]:
    rows = selectors.review_queue(request.user).prefetch_related("stage_links")
    return paginate(request, rows, page, page_size, lambda row: list_json(request.user, row))


@router.get("/{incident_id}", summary="One incident", auth=api_auth("incidents.view"))
def get_incident(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    return _detail(request, _get(request, incident_id))


@router.patch("/{incident_id}", summary="Change an incident (only the fields sent)", auth=api_auth("incidents.report"))
def patch_incident(request: HttpRequest, incident_id: int, payload: IncidentPatch) -> dict[str, Any]:
    incident = _get(request, incident_id)
    data = payload.dict(exclude_unset=True)
    incident = services.update_incident(request.user, incident, data, request)
    return _detail(request, _get(request, incident.pk))


@router.post("/{incident_id}/transitions", summary="Move an incident through the workflow",
             auth=api_auth("incidents.view"))  # fmt: skip
def post_transition(request: HttpRequest, incident_id: int, payload: TransitionIn) -> dict[str, Any]:
    incident = _get(request, incident_id)
    workflow.transition(request.user, incident, payload.to, payload.comment, duplicate_of=payload.duplicate_of,
                        request=request)  # fmt: skip
    return _detail(request, _get(request, incident_id))


@router.get("/{incident_id}/informants", summary="Informant identities (owning office and national roles; audited)",
            auth=api_auth("incidents.view"))  # fmt: skip
def get_informants(request: HttpRequest, incident_id: int) -> list[dict[str, Any]]:
    incident = _get(request, incident_id)
    return services.reveal_informants(request.user, incident, request)


@router.post("/{incident_id}/attachments", summary="Attach an image or a PDF", auth=api_auth("incidents.report"),
             response={201: dict})  # fmt: skip
def post_attachment(request: HttpRequest, incident_id: int, file: UploadedFile = File(...)) -> Answer:  # noqa: B008
    incident = _get(request, incident_id)
    attachment = attachments.add_attachment(request.user, incident, file, request)
    return Answer(
        201,
        {
            "id": attachment.pk,
            "name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
        },
    )
