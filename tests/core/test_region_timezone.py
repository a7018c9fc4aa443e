"""System times follow the zone of the user's region: WIT for a Papua office, WIB for the national desk."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from waspada.core.middleware import RegionTimezoneMiddleware
from waspada.regions.models import Level, Region


def _zone_seen_by(user: object) -> str:
    seen: dict[str, str] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["zone"] = timezone.get_current_timezone_name()
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = user  # type: ignore[assignment]
    RegionTimezoneMiddleware(view)(request)
    return seen["zone"]


@pytest.mark.django_db
def test_times_follow_the_users_region() -> None:
    Region.objects.create(code="91", name="Papua", level=Level.PROVINCE, province_code="91", decree="t",
                          timezone="Asia/Jayapura", search_name="papua")  # fmt: skip
    papua_officer = SimpleNamespace(is_authenticated=True, scope_region_id="91.71")
    national = SimpleNamespace(is_authenticated=True, scope_region_id=None)
    assert _zone_seen_by(papua_officer) == "Asia/Jayapura"
    assert _zone_seen_by(national) == "Asia/Jakarta"
    assert _zone_seen_by(SimpleNamespace(is_authenticated=False)) == "Asia/Jakarta"
