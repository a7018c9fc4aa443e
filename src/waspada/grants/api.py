"""/api/v1/grants: the grant agreements in the user's scope, recording one, and its tranches' payments. Thin: the
services check and write (errors.py: 403, 409, 422 naming the field, answered by the API's one error handler), the
selectors read within the scope; an agreement outside it is the same 404 as a missing one."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Answer
from pydantic import Field

from waspada.core.api.auth import api_auth
from waspada.core.api.errors import not_found
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import PageParams, choice, page_of, refusals
from waspada.grants import selectors, services
from waspada.grants.models import Agreement, Recipient
from waspada.grants.present import agreement_json, tranche_json
from waspada.grants.schemas import AgreementIn, AgreementOut, Code, PaymentIn, RegionCode, TrancheOut

router = Router()

AgreementPage = page_of(AgreementOut)


class GrantFilters(PageParams):
    election: Code | None = Field(None, description="Election code, e.g. pilkada_2024.")
    region: RegionCode | None = Field(None, description="A region code: its agreements and those of its parts.")
    recipient: choice(Recipient.values) | None = None  # type: ignore[valid-type]


def _agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    agreement = selectors.get_agreement(request.user, agreement_id)
    if agreement is None:
        raise not_found(_("No grant agreement %(id)s in your scope.") % {"id": agreement_id})
    return agreement


def _json(agreement: Agreement) -> dict[str, Any]:
    return agreement_json(agreement, list(agreement.tranches.order_by("seq")), timezone.localdate())


@router.get("/grants", summary="Grant agreements (NPHD) in your scope, with tranches and compliance",
            auth=api_auth("grants.view"), response={200: AgreementPage, **refusals(422)})  # fmt: skip
def list_grants(request: HttpRequest, params: Query[GrantFilters]) -> dict[str, Any]:
    rows = selectors.agreements_for(request.user).order_by("election_id", "region_id", "recipient", "pk")
    if params.election:
        rows = rows.filter(election_id=params.election)
    if params.region:
        rows = rows.filter(Q(region_id=params.region) | Q(region__code__startswith=f"{params.region}."))
    if params.recipient:
        rows = rows.filter(recipient=params.recipient)
    page = paginate(request, rows, params.page, params.page_size, lambda a: a)
    grouped = selectors.tranches_by_agreement([a.pk for a in page["results"]])
    today = timezone.localdate()
    page["results"] = [agreement_json(a, grouped.get(a.pk, []), today) for a in page["results"]]
    return page


@router.post("/grants", summary="Record a grant agreement; its tranches are planned from the rules",
             auth=api_auth("grants.manage"), response={201: AgreementOut, **refusals(400, 409, 413, 422)})  # fmt: skip
def create_grant(request: HttpRequest, payload: AgreementIn) -> Answer:
    data = services.AgreementInput(**payload.dict())
    agreement = services.save_agreement(request.user, data)
    return Answer(201, _json(_agreement(request, agreement.pk)))


@router.get("/grants/{agreement_id}/tranches", summary="The tranches of one agreement with their compliance",
            auth=api_auth("grants.view"), response={200: list[TrancheOut], **refusals(404, 422)})  # fmt: skip
def list_tranches(request: HttpRequest, agreement_id: int) -> list[dict[str, Any]]:
    agreement = _agreement(request, agreement_id)
    today = timezone.localdate()
    return [tranche_json(t, today) for t in agreement.tranches.order_by("seq")]


@router.post("/grants/{agreement_id}/tranches", summary="Record what has been paid on one tranche",
             auth=api_auth("grants.manage"),
             response={200: TrancheOut, **refusals(400, 404, 409, 413, 422)})  # fmt: skip
def pay_tranche(request: HttpRequest, agreement_id: int, payload: PaymentIn) -> dict[str, Any]:
    agreement = _agreement(request, agreement_id)
    tranche = services.record_payment(request.user, agreement, services.PaymentInput(**payload.dict()))
    return tranche_json(tranche, timezone.localdate())
