"""/api/v1/incidents: list (filters, search, pages), create (Idempotency-Key), read, PATCH, transitions,
the review queue, the audited informant reveal and attachments. Thin: actions write (a refusal is answered by
the API's one error handler), selectors read; bodies become inputs in schemas.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema
from ninja import Status as Answer
from ninja.files import UploadedFile
from pydantic import Field

from waspada.core.api.auth import api_auth
from waspada.core.api.errors import not_found
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import PageParams, page_of, refusals
from waspada.incidents import idempotency, selectors
from waspada.incidents.actions import attach, create, reveal, transition, update
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.filter_params import FilterParams
from waspada.incidents.models import Incident, Status
from waspada.incidents.schemas import (
    AttachmentOut,
    IncidentIn,
    IncidentListItemOut,
    IncidentOut,
    IncidentPatch,
    InformantOut,
    StatusName,
    create_input,
    patch_input,
)
from waspada.incidents.serialize import detail_json, list_json

router = Router()


class TransitionIn(Schema):
    to: StatusName  # type: ignore[valid-type]
    comment: str = Field("", description="Required by some transitions (a rejection says why).")
    duplicate_of: int | None = Field(None, description="The incident this one duplicates (to: duplicate).")


class ListParams(FilterParams, PageParams):
    pass


IncidentPage = page_of(IncidentListItemOut, "Incident")
# Detail answers carry transitions' "from" (a Python keyword: an alias), hence by_alias on those routes.
DETAIL = {"response": {200: IncidentOut, **refusals(400, 404, 409, 413, 422)}, "by_alias": True}


def _detail(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    return detail_json(request.user, incident, selectors.detail_related(incident))


def _get(request: HttpRequest, incident_id: int) -> Incident:
    incident = selectors.incident_for(request.user, incident_id)
    if incident is None:
        raise not_found(_("No incident %(id)s in your scope.") % {"id": incident_id})
    return incident


@router.get("", summary="Incidents in your scope (restricted items of other offices redacted)",
            auth=api_auth("incidents.view"), response={200: IncidentPage, **refusals(422)})  # fmt: skip
def list_incidents(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    flt = selectors.IncidentFilter.parse(params.dict())
    if flt.errors:
        raise Invalid(flt.errors)
    refused = selectors.region_refusal(request.user, flt.region)
    if refused:  # as the map and the summary: 403 (outside) or 422 (unknown) naming the field, not an empty list
        status, message = refused
        raise (Denied if status == 403 else Invalid)({"region": message}, detail=message)
    rows = selectors.incidents_for(request.user, flt)
    return paginate(request, rows, params.page, params.page_size, lambda row: list_json(request.user, row))


@router.post("", summary="Report an incident (send an Idempotency-Key header when a phone may resend)",
             auth=api_auth("incidents.report"), response={201: IncidentOut, **refusals(400, 409, 413, 422)},
             by_alias=True)  # fmt: skip
def create_incident(request: HttpRequest, payload: IncidentIn, response: HttpResponse) -> Answer:
    body = payload.dict()  # the Idempotency-Key's body hash covers it whole, status included
    if payload.status not in (Status.DRAFT, Status.SUBMITTED):
        raise Invalid({"status": _("A new incident is either draft or submitted.")})
    writer, inp, submit = Writer.of(request.user, request), create_input(body), payload.status == Status.SUBMITTED
    key = request.headers.get(idempotency.HEADER)
    result = idempotency.once(request.user, key, body,
                              lambda claim: create.create_incident(writer, inp, submit=submit, claim=claim))
    if result.replayed:
        response["Idempotent-Replayed"] = "true"
        return Answer(201, _detail(request, _get(request, result.incident.pk)))
    return Answer(201, detail_json(request.user, result.incident, result.related))


@router.get("/queue", summary="Your office's review queue: what needs its action now", auth=api_auth("incidents.view"),
            response={200: IncidentPage, **refusals(422)})  # fmt: skip
def review_queue(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    rows = selectors.review_queue(request.user).prefetch_related("stage_links")
    return paginate(request, rows, params.page, params.page_size, lambda row: list_json(request.user, row))


@router.get("/{incident_id}", summary="One incident", auth=api_auth("incidents.view"),
            response={200: IncidentOut, **refusals(404, 422)}, by_alias=True)  # fmt: skip
def get_incident(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    return _detail(request, _get(request, incident_id))


@router.patch("/{incident_id}", summary="Change an incident (only the fields sent)", auth=api_auth("incidents.report"),
              **DETAIL)  # type: ignore[arg-type]  # fmt: skip
def patch_incident(request: HttpRequest, incident_id: int, payload: IncidentPatch) -> dict[str, Any]:
    incident = _get(request, incident_id)
    update.update_incident(Writer.of(request.user, request), incident, patch_input(payload))
    return _detail(request, _get(request, incident_id))


@router.post("/{incident_id}/transitions", summary="Move an incident through the workflow",
             auth=api_auth("incidents.view"), **DETAIL)  # type: ignore[arg-type]  # fmt: skip
def post_transition(request: HttpRequest, incident_id: int, payload: TransitionIn) -> dict[str, Any]:
    incident = _get(request, incident_id)
    transition.transition_incident(Writer.of(request.user, request), incident, payload.to, payload.comment,
                                   duplicate_of=payload.duplicate_of)  # fmt: skip
    return _detail(request, _get(request, incident_id))


@router.get("/{incident_id}/informants", summary="Informant identities (owning office and national roles; audited)",
            auth=api_auth("incidents.view"), response={200: list[InformantOut], **refusals(404, 422)})  # fmt: skip
def get_informants(request: HttpRequest, incident_id: int) -> list[dict[str, Any]]:
    incident = _get(request, incident_id)
    return reveal.reveal_informants(Writer.of(request.user, request), incident)


@router.post("/{incident_id}/attachments", summary="Attach an image or a PDF", auth=api_auth("incidents.report"),
             response={201: AttachmentOut, **refusals(404, 413, 422)})  # fmt: skip
def post_attachment(request: HttpRequest, incident_id: int, file: UploadedFile = File(...)) -> Answer:  # noqa: B008
    incident = _get(request, incident_id)
    attachment = attach.add_attachment(Writer.of(request.user, request), incident, file)
    return Answer(
        201,
        {
            "id": attachment.pk,
            "name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
        },
    )
