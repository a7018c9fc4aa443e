"""Which area a map or summary covers: the requested region checked against the user's scope.

A region outside the scope is refused (never someone else's numbers, not even zeros). A region wider than the
scope (a kab/kota officer asking for its province) is allowed, but the numbers cover the scope only, and the
page says so: `partial` is then true and `domain` is the scope region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from waspada.core.scope import code_within, scope_of
from waspada.incidents.errors import IncidentError
from waspada.regions.models import KABKOTA_LEVELS, Level, Region, RegionBoundary


class AreaRefused(IncidentError):
    """status 403 (outside the scope) or 422 (no such region); `field` names the parameter to fix, and the
    message is also the API's sentence."""

    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__({field: message}, detail=message)
        self.status, self.field, self.message = status, field, message


@dataclass(frozen=True)
class Area:
    code: str  # the requested region; "" = the whole country
    name: str
    level: str  # "national" or a region level
    domain: str  # what the numbers cover: the narrower of the request and the scope ("" = everything)
    partial: bool  # the scope covers only part of the requested area
    domain_name: str
    region: Region | None

    @property
    def child_field(self) -> str | None:
        """The incident field that splits this area into its parts (provinces, then kab/kota), if any."""
        depth = self.domain.count(".") + 1 if self.domain else 0
        return {0: "province_code", 1: "kabkota_code"}.get(depth)


def _region(code: str) -> Region | None:
    return Region.objects.select_related("parent__parent").filter(code=code).first()


def resolve(user: Any, code: str) -> Area:
    """The area for region `code` as `user` may see it ("" = the user's whole scope); raises AreaRefused."""
    code = (code or "").strip()
    scope_code = scope_of(user).region_code or ""
    if not code and scope_code:
        code = scope_code  # an office's own area is its default, not a country it sees a corner of
    region = _region(code) if code else None
    if code and region is None:
        raise AreaRefused(422, "region", _("No region has code %(code)s.") % {"code": code})
    domain = code
    if scope_code and not code_within(code, scope_code):
        if not code_within(scope_code, code):
            raise AreaRefused(403, "region", _("%(name)s (%(code)s) is outside your scope (%(scope)s): ask an "
                                               "office that covers it.") % {
                "name": region.name if region else code, "code": code, "scope": scope_code})  # fmt: skip
        domain = scope_code  # a wider area than the scope: the numbers cover the scope only
    domain_region = region if domain == code else _region(domain)
    name = region.name if region else _("Indonesia")
    return Area(code=code, name=name, level=region.level if region else "national", domain=domain,
                partial=domain != code, region=region,
                domain_name=domain_region.name if domain_region else name)  # fmt: skip


def bbox(code: str) -> list[float] | None:
    """[min_lng, min_lat, max_lng, max_lat] of a region's boundary; a village falls back to its kecamatan."""
    for candidate in (code, ".".join(code.split(".")[:3])):
        row = RegionBoundary.objects.filter(region_id=candidate).values_list("min_lng", "min_lat", "max_lng",
                                                                              "max_lat").first()  # fmt: skip
        if row:
            return [round(value, 4) for value in row]
    return None


def child_names(area: Area) -> dict[str, str]:
    """Names of the area's parts (provinces of the country, kab/kota of a province)."""
    if area.child_field == "province_code":
        rows = Region.objects.filter(level=Level.PROVINCE, is_active=True)
    elif area.child_field == "kabkota_code":
        rows = Region.objects.filter(level__in=KABKOTA_LEVELS, province_code=area.domain)
    else:
        return {}
    return dict(rows.values_list("code", "name"))
