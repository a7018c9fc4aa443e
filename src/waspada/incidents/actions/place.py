"""Where an incident happened: its region codes checked against each other and the writer's scope, and a point
placed against the kab/kota boundaries (an unplaced point finds its region; a point outside the stated region
is flagged for review, never silently moved)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from waspada.core.scope import NATIONAL_ROLES, UserScope, code_within
from waspada.incidents import refcache
from waspada.incidents.models import Incident
from waspada.regions.models import KABKOTA_LEVELS, VILLAGE_LEVELS, Level, Region

# Indonesia's extent with a margin for the outer islands (Sabang to Merauke, Miangas to Rote).
INDONESIA_BOUNDS = {"lng": (94.0, 141.5), "lat": (-11.5, 6.5)}


def place(incident: Incident, wanted: dict[str, Any], scope: UserScope, errors: dict[str, str]) -> None:
    """Set region, kecamatan, desa and point from `wanted` (those five keys), or add to `errors`."""
    region, kecamatan, desa = _regions(wanted, errors)
    lat, lng = _point(wanted, errors)
    if errors:
        return
    incident.placed_from_point, incident.location_review, incident.location_note = False, False, ""
    if lat is not None and lng is not None:
        placement = _locate(lng, lat)
        if placement is not None and region is None:
            if placement.kabkota is None:
                errors["lat"] = _("The point (%(lat).4f, %(lng).4f) is outside every kab/kota boundary.") % {
                    "lat": lat, "lng": lng}  # fmt: skip
                return
            region = Region.objects.get(code=placement.kabkota)
            if kecamatan is None and placement.kecamatan:
                kecamatan = Region.objects.filter(code=placement.kecamatan).first()
            incident.placed_from_point = True
        elif placement is not None and region is not None:
            inside = region.code in (placement.candidates.get("kabkota") or [])
            if not inside:
                incident.location_review = True
                incident.location_note = (
                    _("The point lies in %(found)s, not in the stated region %(region)s.")
                    % {"found": placement.kabkota, "region": region.code}
                    if placement.kabkota else _("The point lies outside every kab/kota boundary.")
                )  # fmt: skip
    if region is None and scope.role is not None and scope.role not in NATIONAL_ROLES:
        if scope.region_code and scope.region_code.count(".") == 1:
            region = refcache.region(scope.region_code)  # a kab/kota office reports its own
        else:
            errors["region"] = _("Give the regency or city (kab/kota) where it happened.")
            return
    if region is not None and scope.region_code is not None and not code_within(region.code, scope.region_code):
        errors["region"] = _("%(code)s is outside your scope.") % {"code": region.code}
        return
    incident.region, incident.kecamatan, incident.desa = region, kecamatan, desa
    incident.lat, incident.lng = lat, lng


def _regions(wanted: dict[str, Any], errors: dict[str, str]) -> tuple[Region | None, Region | None, Region | None]:
    codes = {key: str(wanted.get(key) or "").strip() for key in ("region", "kecamatan", "desa")}
    found = refcache.regions([code for code in codes.values() if code])
    region, kecamatan, desa = (found.get(codes[key]) for key in ("region", "kecamatan", "desa"))
    for key, levels, what in (("region", KABKOTA_LEVELS, _("a regency or city (kab/kota)")),
                              ("kecamatan", (Level.KECAMATAN,), _("a kecamatan")),
                              ("desa", VILLAGE_LEVELS, _("a desa or kelurahan"))):  # fmt: skip
        code, obj = codes[key], found.get(codes[key])
        if code and obj is None:
            errors[key] = _("Unknown region code %(code)s.") % {"code": code}
        elif obj is not None and obj.level not in levels:
            errors[key] = _("%(code)s is a %(level)s, not %(what)s.") % {
                "code": code, "level": obj.get_level_display(), "what": what}  # fmt: skip
    if errors:
        return None, None, None
    if kecamatan and region and kecamatan.kabkota_code != region.code:
        errors["kecamatan"] = _("Kecamatan %(code)s is not in %(region)s.") % {"code": kecamatan.code,
                                                                             "region": region.code}  # fmt: skip
    if desa and kecamatan and not desa.code.startswith(kecamatan.code + "."):
        errors["desa"] = _("Desa %(code)s is not in kecamatan %(kec)s.") % {"code": desa.code, "kec": kecamatan.code}
    elif desa and region and desa.kabkota_code != region.code:
        errors["desa"] = _("Desa %(code)s is not in %(region)s.") % {"code": desa.code, "region": region.code}
    if kecamatan is None and desa is not None and desa.parent_id:
        kecamatan = refcache.region(desa.parent_id)
    if region is None and (kecamatan or desa):
        region = refcache.region((kecamatan or desa).kabkota_code)  # type: ignore[union-attr]
    return region, kecamatan, desa


def _locate(lng: float, lat: float) -> Any:
    from waspada.regions.locate import locate
    from waspada.regions.models import RegionBoundary

    if not RegionBoundary.objects.filter(region__level__in=KABKOTA_LEVELS).exists():
        return None  # no boundaries imported: nothing to place against
    return locate(lng, lat)


def _point(wanted: dict[str, Any], errors: dict[str, str]) -> tuple[float | None, float | None]:
    lat, lng = wanted.get("lat"), wanted.get("lng")
    if lat in (None, "") and lng in (None, ""):
        return None, None
    if lat in (None, "") or lng in (None, ""):
        errors["lat" if lat in (None, "") else "lng"] = _("Give both latitude and longitude, or neither.")
        return None, None
    try:
        lat_f, lng_f = float(lat), float(lng)  # type: ignore[arg-type]  # checked for None above
    except (TypeError, ValueError):
        errors["lat"] = _("Latitude and longitude must be decimal degrees.")
        return None, None
    for field, value in (("lat", lat_f), ("lng", lng_f)):
        low, high = INDONESIA_BOUNDS[field]
        if not low <= value <= high:
            errors[field] = _("The point (%(lat).4f, %(lng).4f) is outside Indonesia.") % {"lat": lat_f, "lng": lng_f}
            return None, None
    return lat_f, lng_f
