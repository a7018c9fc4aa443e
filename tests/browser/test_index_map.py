"""The index map in Chromium (issue 17 item 4): the kab/kota coloured by category from the page's score table
over the cached boundary layer, the layer switch recolouring without a reload, a click through to the breakdown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.smalldata import sharing_test_connection, signed_in_page, small_world_server
from tests.personas import PASSWORD, create_foreign_regions, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ANALYST = "indeks-nasional"
TINGGI, SEDANG, RENDAH = "#d7301f", "#fdae61", "#1a9850"


@pytest.fixture(scope="module")
def server(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    from django.conf import settings

    from tests.risk import factories_views
    from waspada.core.scope import Role
    from waspada.monitoring.instruments import load_default

    def setup() -> None:
        make_account(ANALYST, Role.NATIONAL_ANALYST, None)
        load_default(settings.DOMAIN_DIR)
        create_foreign_regions()  # Kota Surabaya: scored, but outside the small boundary layer
        factories_views.two_runs()

    with small_world_server(django_db_blocker, tmp_path_factory, setup) as live:
        try:
            yield live
        finally:
            with django_db_blocker.unblock():
                _delete_index_rows()


def _delete_index_rows() -> None:
    from waspada.monitoring import models as monitoring
    from waspada.regions.models import Region
    from waspada.risk.models import IndexMethod, IndexRun, RegionScore

    for model in (RegionScore, IndexRun, IndexMethod, monitoring.Indicator, monitoring.SubDimension,
                  monitoring.Dimension, monitoring.InstrumentVersion, monitoring.Instrument):  # fmt: skip
        model.objects.all().delete()
    Region.objects.filter(code="35.78").delete()
    Region.objects.filter(code="35").delete()


def _fills(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#index-map .leaflet-kabkota-pane path", "ps => ps.map(p => p.getAttribute('fill'))"
    )


def test_the_index_map_colours_switches_layers_and_opens_a_breakdown(chromium: Any, server: Any,
                                                                     artifacts: Path) -> None:  # fmt: skip
    with sharing_test_connection(server):
        context = chromium.new_context(base_url=server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
        page = signed_in_page(context, ANALYST, PASSWORD)
        page.goto("/index/")
        page.wait_for_selector("#index-map[data-ready=true]")
        fills = _fills(page)
        # Jakarta Pusat rendah, Kabupaten Bandung sedang, Kota Bandung tinggi (Surabaya is not in the small layer).
        assert sorted(fills) == sorted([RENDAH, SEDANG, TINGGI])
        assert "Tinggi" in page.inner_text("#index-legend")
        page.screenshot(path=str(artifacts / "index-map.png"), full_page=True)

        page.select_option("#index-layer", "partisipasi")  # the composite minus 20: nobody is tinggi
        page.wait_for_selector("#index-map[data-layer=partisipasi]")
        assert TINGGI not in _fills(page) and SEDANG in _fills(page)
        assert "layer=partisipasi" in page.get_attribute("a[href*='map.png']", "href")

        page.select_option("#index-layer", "composite")
        page.wait_for_selector("#index-map[data-layer=composite]")
        with page.expect_navigation():
            page.locator(f'#index-map path[fill="{TINGGI}"]').click()
        assert "/index/regions/32.73/" in page.url
        assert "Kota Bandung" in page.inner_text("h1") and page.locator("#index-history circle").count() == 2
        page.screenshot(path=str(artifacts / "index-region.png"), full_page=True)
        context.close()
