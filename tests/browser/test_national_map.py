"""The national map in Chromium over the full reference data: every kab/kota drawn, names on hover, click-through."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import FullData, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("fulldata"), pytest.mark.django_db]

MAP_READY = '#map[data-ready="true"]'
KABKOTA_PATHS = ".leaflet-kabkota-pane path"
PROVINCE_PATHS = ".leaflet-provinces-pane path"

# map.js sets data-ready right after fitBounds, whose zoom animation starts on the next frame and runs ~250 ms;
# until it ends the old SVG is only scaled, so shapes look clipped and strokes thick. Wait for it to settle.
_MAP_SETTLED = """
() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(function check() {
  if (document.querySelector('#map .leaflet-zoom-anim')) setTimeout(check, 50); else resolve(true);
})))
"""

# A point inside a kab/kota shape that is really on top there (not under another shape or a control).
_FIND_HOVER_POINT = """
() => {
  const paths = [...document.querySelectorAll('.leaflet-kabkota-pane path')];
  const boxes = paths.map((p) => [p, p.getBoundingClientRect()]).filter(([, b]) => b.width > 0 && b.height > 0);
  boxes.sort((a, b) => b[1].width * b[1].height - a[1].width * a[1].height);
  for (const [path, box] of boxes) {
    for (let i = 1; i < 8; i++) {
      for (let j = 1; j < 8; j++) {
        const x = box.left + (box.width * i) / 8, y = box.top + (box.height * j) / 8;
        if (document.elementFromPoint(x, y) === path) return {x, y};
      }
    }
  }
  return null;
}
"""

# Bytes of the page and everything it loaded, as transferred (compressed bodies; transferSize adds headers).
_PAGE_WEIGHT = """
() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return entries.map((e) => ({
    url: e.name, type: e.initiatorType || 'navigation', transfer: e.transferSize,
    encoded: e.encodedBodySize, decoded: e.decodedBodySize,
  }));
}
"""


def _wait_for_map(page: Any) -> None:
    page.wait_for_selector(MAP_READY, state="attached", timeout=60_000)
    page.evaluate(_MAP_SETTLED)
    # The pointer is still where the login button was, perhaps over a shape: park it on the top bar and let that
    # tooltip go (Leaflet removes a closed tooltip after a 200 ms fade).
    page.mouse.move(2, 2)
    page.wait_for_function("() => document.querySelectorAll('.leaflet-tooltip').length === 0")


def _open_national_map(new_page: Callable[..., Any], server: FullData, **context_options: Any) -> Any:
    page = new_page(**context_options)
    sign_in(page, server)
    assert page.url == f"{server.url}/"  # home is the situation board; the national map has its own page
    page.goto("/national/")
    _wait_for_map(page)
    return page


def test_national_map_draws_every_kabkota_and_province(
    new_page: Callable[..., Any], fulldata_server: FullData, artifacts: Path
) -> None:
    page = _open_national_map(new_page, fulldata_server)

    assert fulldata_server.counts["kabkota"] == 514 and fulldata_server.counts["province"] == 38
    assert page.locator(KABKOTA_PATHS).count() == 514
    assert page.get_attribute("#map", "data-countkabkota") == "514"
    assert page.locator(PROVINCE_PATHS).count() == 38
    assert page.get_attribute("#map", "data-error") is None
    # No base layer unless WASPADA_TILE_URL is set (the suite never sets it): nothing loaded from outside.
    assert page.get_attribute("#map", "data-tiles") == "false" and page.locator(".leaflet-tile").count() == 0
    assert page.locator(".leaflet-control-attribution").count() == 0
    page.screenshot(path=str(artifacts / "national-map-1280x800.png"))
    page.screenshot(path=str(artifacts / "national-map-1280x800-full.png"), full_page=True)

    entries = page.evaluate(_PAGE_WEIGHT)
    weight = {
        "transfer_bytes": sum(e["transfer"] for e in entries),
        "body_bytes": sum(e["encoded"] for e in entries),
        "decoded_bytes": sum(e["decoded"] for e in entries),
        "requests": len(entries),
        "resources": [
            {"url": re.sub(r"^https?://[^/]+", "", e["url"]), "body_bytes": e["encoded"], "decoded": e["decoded"]}
            for e in entries
        ],
    }
    print("national map first-load page weight:", json.dumps(weight, indent=1))
    (artifacts / "national-map-page-weight.json").write_text(json.dumps(weight, indent=1) + "\n", encoding="utf-8")
    assert weight["body_bytes"] > 0


def test_hover_names_a_kabkota_and_click_opens_it(new_page: Callable[..., Any], fulldata_server: FullData) -> None:
    page = _open_national_map(new_page, fulldata_server)
    point = page.evaluate(_FIND_HOVER_POINT)
    assert point is not None, "no kab/kota shape is reachable by the pointer"

    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.count() == 1
    name, count = tooltip.inner_text().strip().splitlines()  # the landing map: name, then recent incidents
    assert name and "undefined" not in name and "insiden" in count

    with page.expect_navigation():
        page.mouse.click(point["x"], point["y"])
    assert re.fullmatch(rf"{re.escape(fulldata_server.url)}/regions/\d{{2}}\.\d{{2}}/", page.url)
    assert page.locator("h1").inner_text().startswith(name)


def test_national_map_on_a_phone(new_page: Callable[..., Any], fulldata_server: FullData, artifacts: Path) -> None:
    phone = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
    page = _open_national_map(new_page, fulldata_server, **phone)

    assert page.locator(KABKOTA_PATHS).count() == 514
    box = page.locator("#map").bounding_box()
    assert box is not None and box["width"] <= 390 and box["height"] >= 300
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, "the page scrolls sideways on a phone"
    page.screenshot(path=str(artifacts / "national-map-390x844.png"))


def test_province_page_maps_its_kabkota(
    new_page: Callable[..., Any], fulldata_server: FullData, artifacts: Path
) -> None:
    from waspada.regions.models import KABKOTA_LEVELS, Region

    expected = Region.objects.filter(province_code="32", level__in=KABKOTA_LEVELS, is_active=True).count()
    page = new_page()
    sign_in(page, fulldata_server)
    page.goto("/regions/32/")
    _wait_for_map(page)

    assert page.locator("h1").inner_text().startswith("Jawa Barat")
    assert expected == 27
    assert page.locator(".leaflet-children-pane path").count() == expected
    assert page.get_attribute("#map", "data-countchildren") == str(expected)
    page.screenshot(path=str(artifacts / "region-32-1280x800.png"), full_page=True)
