"""/api/v1/alerts/register: the risk and action register in the caller's scope. Thin: alerts/register.py checks
and writes (422 naming the field, 403 for a region outside the caller's area); an entry outside the scope is the
same 404 as a missing one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Answer

from waspada.alerts import register
from waspada.alerts.models import RiskEntry
from waspada.alerts.register_choices import band_of
from waspada.alerts.register_schemas import (
    RiskEntryDetailOut,
    RiskEntryFilter,
    RiskEntryIn,
    RiskEntryOut,
    RiskEntryPatch,
)
from waspada.core.api.auth import api_auth
from waspada.core.api.errors import not_found
from waspada.core.api.pagination import paginate
from waspada.core.api.schemas import page_of, refusals

router = Router()
RiskEntryPage = page_of(RiskEntryOut)
WRITE = refusals(400, 404, 413, 422)


def entry_json(entry: RiskEntry) -> dict[str, Any]:
    return {"id": entry.pk, "region": entry.region_id, "region_name": entry.region.name,
            "province_code": entry.province_code, "risk": entry.risk, "category": entry.category_id,
            "likelihood": entry.likelihood, "impact": entry.impact, "rating": entry.rating,
            "band": band_of(entry.rating), "owner": entry.owner_id, "owner_name": entry.owner.get_username(),
            "mitigation_kind": entry.mitigation_kind, "mitigation": entry.mitigation, "status": entry.status,
            "due_on": entry.due_on, "outcome": entry.outcome, "alert": entry.alert_id,
            "created_at": entry.created_at, "updated_at": entry.updated_at, "closed_on": entry.closed_on}  # fmt: skip


def _detail(entry: RiskEntry) -> dict[str, Any]:
    changes = [{"at": c.changed_at, "by": c.changed_by.get_username(), "changes": c.changes}
               for c in register.history(entry)]  # fmt: skip
    return {**entry_json(entry), "history": changes}


def _get(request: HttpRequest, entry_id: int) -> RiskEntry:
    entry = register.get_entry(request.user, entry_id)
    if entry is None:
        raise not_found(_("No register entry %(id)s in your area.") % {"id": entry_id})
    return entry


@router.get("/alerts/register", summary="The risk and action register in your area, highest rating first",
            auth=api_auth("alerts.view"), response={200: RiskEntryPage, **refusals(422)})  # fmt: skip
def list_entries(request: HttpRequest, filters: Query[RiskEntryFilter]) -> dict[str, Any]:
    rows = register.filtered(request.user, register.Filters(
        status=filters.status or "", kind=filters.mitigation_kind or "", band=filters.band or "",
        region=filters.region, owner=filters.owner))  # fmt: skip
    return paginate(request, rows, filters.page, filters.page_size, entry_json)


@router.post("/alerts/register", summary="Add a risk to a region's register",
             auth=api_auth("alerts.respond"), response={201: RiskEntryDetailOut, **WRITE})  # fmt: skip
def create_entry(request: HttpRequest, payload: RiskEntryIn) -> Answer[dict[str, Any]]:
    entry = register.create(request.user, payload.dict())
    return Answer(201, _detail(_get(request, entry.pk)))


@router.get("/alerts/register/{entry_id}", summary="One register entry with its change history",
            auth=api_auth("alerts.view"), response={200: RiskEntryDetailOut, **refusals(404, 422)})  # fmt: skip
def get_entry(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    return _detail(_get(request, entry_id))


@router.patch("/alerts/register/{entry_id}", summary="Change a register entry (only the fields sent)",
              auth=api_auth("alerts.respond"), response={200: RiskEntryDetailOut, **WRITE})  # fmt: skip
def update_entry(request: HttpRequest, entry_id: int, payload: RiskEntryPatch) -> dict[str, Any]:
    entry = _get(request, entry_id)
    register.update(request.user, entry, payload.dict(exclude_unset=True))
    return _detail(_get(request, entry_id))
