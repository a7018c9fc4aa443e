"""Every list an officer uses fits a 390 px phone (issue 14): nothing makes the page wider than the screen;
wide tables scroll inside themselves, incident lists reflow into one block per row. Screenshots go to
test-artifacts/ for a look."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.smalldata import sharing_test_connection, signed_in_page, small_world_server
from tests.personas import PASSWORD, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

OFFICER, ADMIN = "petugas-bandung-ponsel", "admin-ponsel"
LONG = "Bentrokan antarpendukung pasangan calon di depan Tempat Pemungutan Suara nomor dua belas Kelurahan Sukarasa"
PAGES = ["/", "/incidents/", "/incidents/queue/", "/incidents/?region=31.71", "/regions/search/?q=bandnug",
         "/incidents/987654/", "/accounts/me/", "/accounts/users/", "/audit/", "/incidents/exports/",
         "/incidents/import/"]  # fmt: skip


def _rows() -> None:
    from waspada.core.scope import Role
    from waspada.incidents.models import Incident

    make_account(OFFICER, Role.KABKOTA_OFFICER, "32.73")
    make_account(ADMIN, Role.NATIONAL_ADMIN, None)

    def one(code: str, sensitivity: str) -> Incident:
        return Incident(title=LONG, occurred_on=dt.date(2024, 2, 14), region_id=code, province_code=code[:2],
                        kabkota_code=code, place_code=code, owner_code=code, geo_precision="kabkota",
                        event_type_id="violence_clash", severity=4, sensitivity=sensitivity,
                        status="submitted")  # fmt: skip

    Incident.objects.bulk_create([one("32.73", "inter_agency"), one("32.73", "restricted"),
                                  one("32.04", "restricted")])  # fmt: skip


@pytest.fixture(scope="module")
def server(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    with small_world_server(django_db_blocker, tmp_path_factory, _rows) as live:
        yield live



@pytest.mark.parametrize("username", [OFFICER, ADMIN])
def test_pages_fit_a_390_px_phone(username: str, chromium: Any, server: Any, settings: Any) -> None:
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    too_wide = []
    with sharing_test_connection(server):
        context = chromium.new_context(base_url=server.url, locale="id-ID", viewport={"width": 390, "height": 844})
        try:
            page = signed_in_page(context, username, PASSWORD)
            for index, path in enumerate(PAGES):
                page.goto(path)
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 390:
                    too_wide.append(f"{path}: {width} px")
                page.screenshot(path=str(artifacts / f"phone-{username}-{index}.png"), full_page=True)
        finally:
            context.close()
    assert not too_wide, too_wide
