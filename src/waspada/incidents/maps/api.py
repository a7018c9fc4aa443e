"""/api/v1/incidents/map and /api/v1/incidents/summary: the list's filters in, counts out (scope and sensitivity as
the list). Mounted before the main incidents router so "map" and "summary" are never read as incident ids."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Query, Router

from waspada.core.api.auth import api_auth
from waspada.core.api.schemas import Out, refusals
from waspada.incidents.errors import Invalid
from waspada.incidents.filter_params import FilterParams
from waspada.incidents.maps import area, memo
from waspada.incidents.maps.respond import json_response, send
from waspada.incidents.selectors import IncidentFilter

router = Router()


class PointOut(Out):
    id: int
    lat: float
    lng: float
    severity: int
    event_type: str


class MapOut(Out):
    total: int
    kabkota: dict[str, int]
    unplaced: int
    breaks: list[int]
    points: list[PointOut]
    points_truncated: bool
    level: str
    kecamatan: dict[str, int]
    kecamatan_breaks: list[int]
    kecamatan_unplaced: int


class MonthlyOut(Out):
    months: list[str]
    by_type: dict[str, list[int]]
    by_stage: dict[str, list[int]]


class SummaryOut(Out):
    region: str | None
    covers: str | None
    total: int
    redacted: int
    by_type: dict[str, int]
    by_severity: dict[str, int]
    by_status: dict[str, int]
    by_stage: dict[str, int]
    by_area: dict[str, int]
    monthly: MonthlyOut


def checked(request: HttpRequest, params: FilterParams) -> tuple[IncidentFilter, area.Area]:
    """The filter and the area, or the API's 422 (bad filter, naming each field) / 403 (region outside scope)."""
    flt = IncidentFilter.parse(params.dict())
    if flt.errors:
        raise Invalid(flt.errors)
    return flt, area.resolve(request.user, flt.region)  # AreaRefused names the region


@router.get("/map", summary="Incident counts per kab/kota (choropleth) and points, with the list's filters",
            auth=api_auth("incidents.view"), response={200: MapOut, 304: None, **refusals(422)},
            url_name="incident_map")  # fmt: skip
def incident_map(request: HttpRequest, params: Query[FilterParams]) -> HttpResponseBase:
    """Counts include restricted items of other offices (in their kab/kota only); points only come from incidents
    you read in full, placed exactly or near a named place, newest first, at most 5,000 (`points_truncated`
    says when more exist). `breaks` are the choropleth's class upper bounds over the non-zero counts. Inside a
    kab/kota (`level` "kecamatan") the colours are per kecamatan: `kecamatan` counts the incidents you read in
    full placed in each (with `kecamatan_breaks`), `kecamatan_unplaced` those counted in the kab/kota but in no
    kecamatan (placed only to the kab/kota, or restricted items of other offices)."""
    flt, _area = checked(request, params)
    return send(request, memo.map_answer(request.user, flt))


@router.get("/summary", summary="Incident counts by type, severity, status, stage, area and month",
            auth=api_auth("incidents.view"), response={200: SummaryOut, 304: None, **refusals(422)},
            url_name="incident_summary")  # fmt: skip
def incident_summary(request: HttpRequest, params: Query[FilterParams]) -> HttpResponseBase:
    """`region` picks the area (default: your scope); a region outside your scope is 403. Restricted items of
    other offices count in total, by_type, by_stage, by_area and monthly, never by severity or status: they
    are counted once in `redacted` instead (by_severity + redacted = total). `monthly.by_stage` counts every
    incident once per month: one in overlapping stages under its tags joined by "+" ("kampanye+masa_tenang")."""
    flt, scope_area = checked(request, params)
    return json_response(request, memo.summary_answer(request.user, flt, scope_area))
