"""The map of alert levels and a region's risk timeline in Chromium (issue 18, Views): the kab/kota coloured by
the level of its live alert over the boundary layer, a click through to the region's timeline, and the timeline's
chart drawn with its level strip, bars and markers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.smalldata import sharing_test_connection, signed_in_page, small_world_server
from tests.personas import PASSWORD, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ANALYST = "peringatan-nasional"
AWAS, NORMAL = "#b3261e", "#9fcf9f"


@pytest.fixture(scope="module")
def server(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    from django.utils import timezone

    from waspada.alerts.models import Alert, AlertAction
    from waspada.core.scope import Role
    from waspada.regions.models import Region

    def setup() -> None:
        analyst = make_account(ANALYST, Role.NATIONAL_ANALYST, None)
        today = timezone.localdate()
        alert = Alert.objects.create(
            region=Region.objects.get(code="32.73"), province_code="32", kabkota_code="32.73", level=3, peak_level=3,
            opened_on=today - dt.timedelta(days=10), last_seen_on=today,
            history=[{"date": str(today - dt.timedelta(days=10)), "level": 1, "rules": ["surprise"]},
                     {"date": str(today - dt.timedelta(days=4)), "level": 3, "rules": ["severe_incident"]}],
        )  # fmt: skip
        AlertAction.objects.create(alert=alert, description="Rapat Forkopimda", owner=analyst, created_by=analyst,
                                   due_on=today - dt.timedelta(days=2))  # fmt: skip

    with small_world_server(django_db_blocker, tmp_path_factory, setup) as live:
        try:
            yield live
        finally:
            with django_db_blocker.unblock():
                Alert.objects.all().delete()


def test_the_level_map_colours_and_opens_the_timeline(chromium: Any, server: Any, artifacts: Path) -> None:
    with sharing_test_connection(server):
        context = chromium.new_context(base_url=server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
        page = signed_in_page(context, ANALYST, PASSWORD)
        page.goto("/alerts/map/")
        page.wait_for_selector("#level-map[data-ready=true]")
        fills = page.eval_on_selector_all("#level-map .leaflet-kabkota-pane path",
                                          "ps => ps.map(p => p.getAttribute('fill'))")  # fmt: skip
        assert fills.count(AWAS) == 1 and fills.count(NORMAL) == len(fills) - 1 and len(fills) >= 3
        assert "Awas" in page.inner_text("#level-legend") and "Kota Bandung" in page.inner_text("#level-table")
        page.screenshot(path=str(artifacts / "alert-level-map.png"), full_page=True)

        red = page.locator(f"#level-map .leaflet-kabkota-pane path[fill='{AWAS}']")
        red.click()
        page.wait_for_url("**/alerts/regions/32.73/")
        chart = page.locator("#ew-timeline")
        assert chart.is_visible() and chart.bounding_box()["width"] > 600
        assert page.locator(f"#ew-timeline rect[fill='{AWAS}']").count() == 1  # the Awas days in the level strip
        assert page.locator("#ew-timeline path.mark-due").count() == 1
        assert "Rapat Forkopimda" in page.inner_text("#ew-events")
        page.screenshot(path=str(artifacts / "alert-timeline.png"), full_page=True)
        context.close()
