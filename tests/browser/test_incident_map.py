"""The incident map and summary in Chromium over the small regions dataset (no full import needed).

A module-scoped live server serves the small regions (Kota Bandung 32.73 and Kabupaten Bandung 32.04 in Jawa Barat,
Jakarta Pusat 31.71), the taxonomy and calendar, a national analyst and five incidents written with bulk_create
(committed, removed at the end): three in Kota Bandung (two with a point), one in Kabupaten Bandung with a point
and one of severity 1 without, none in Jakarta Pusat.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.smalldata import launched_chromium, sharing_test_connection, signed_in_page, small_world_server
from tests.personas import PASSWORD, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ANALYST = "analis-peta-kejadian"
READY = '#incident-map[data-ready="true"]'
SHAPES = ".leaflet-kabkota-pane path"
# Same palette as incident_map.js: breaks [1, 3] use its two darkest blues; zero is white.
DARK, DARKER, ZERO = "#3182bd", "#08519c", "#ffffff"

_CENTRES = (
    "(ps) => ps.map((p) => p.getBoundingClientRect()).map((b) => ({x: b.x + b.width / 2, y: b.y + b.height / 2}))"
)
_WEIGHT = """
() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .map((e) => ({url: e.name, transfer: e.transferSize, body: e.encodedBodySize, decoded: e.decodedBodySize}))
"""


def _incidents() -> list[Any]:
    from waspada.incidents.models import Incident

    def one(code: str, severity: int, lat: float | None, lng: float | None, day: dt.date, kind: str) -> Incident:
        return Incident(title=f"Uji peta {code} {severity}", occurred_on=day, region_id=code,
                        province_code=code[:2], kabkota_code=code, place_code=code, owner_code=code, lat=lat, lng=lng,
                        geo_precision="exact" if lat is not None else "kabkota", event_type_id=kind,
                        severity=severity, sensitivity="inter_agency", status="verified")  # fmt: skip

    day = dt.date
    rows = [one("32.73", 3, -6.92, 107.57, day(2024, 2, 14), "violence_clash"),
            one("32.73", 5, -6.9, 107.62, day(2024, 2, 14), "violence_clash"),
            one("32.73", 2, None, None, day(2023, 11, 20), "money_politics"),
            one("32.04", 4, -7.1, 107.75, day(2024, 1, 10), "hoax_hate_speech"),
            one("32.04", 1, None, None, day(2023, 9, 5), "money_politics")]  # fmt: skip
    rows[0].place_code = "32.73.01"  # placed in Sukasari: the kab/kota map colours it (kab/kota counts unchanged)
    return rows


def _stages(rows: list[Any]) -> list[Any]:
    from waspada.incidents.models import IncidentStage

    tags = {2: ["pemungutan_suara", "perencanaan"], 11: ["pemutakhiran_data_pemilih", "perencanaan"],
            1: ["kampanye", "perencanaan"], 9: ["pencalonan", "perencanaan"]}  # fmt: skip
    return [IncidentStage(incident_id=row.pk, tag_id=tag) for row in rows for tag in tags[row.occurred_on.month]]


def _module_rows() -> None:
    from waspada.core.scope import Role
    from waspada.incidents.models import Incident, IncidentStage

    make_account(ANALYST, Role.NATIONAL_ANALYST, None)
    IncidentStage.objects.bulk_create(_stages(Incident.objects.bulk_create(_incidents())))


@pytest.fixture(scope="module")
def map_server(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    with small_world_server(django_db_blocker, tmp_path_factory, _module_rows) as server:
        yield server


@pytest.fixture(scope="module")
def chromium(map_server: Any) -> Iterator[Any]:
    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def open_page(chromium: Any, map_server: Any, settings: Any) -> Iterator[Any]:
    """Signed-in pages in fresh contexts; on in-memory SQLite the server uses this test's connection."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        options.setdefault("viewport", {"width": 1280, "height": 800})
        context = chromium.new_context(base_url=map_server.url, locale="id-ID", **options)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return signed_in_page(context, ANALYST, PASSWORD)

    with sharing_test_connection(map_server):
        try:
            yield make
        finally:
            for context in contexts:
                context.close()


def _ready(page: Any) -> None:
    page.wait_for_selector(READY, state="attached")
    page.mouse.move(2, 2)
    page.wait_for_function("() => document.querySelectorAll('.leaflet-tooltip:not(.area-label)').length === 0")


def _fills(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(SHAPES, "(paths) => paths.map((p) => p.getAttribute('fill'))"))


def _hover_each(page: Any) -> dict[str, dict[str, float]]:
    """Tooltip text -> a point on that shape where it is really on top."""
    found: dict[str, dict[str, float]] = {}
    boxes = page.eval_on_selector_all(SHAPES, _CENTRES)
    for index, box in enumerate(boxes):
        on_top = page.evaluate(f"() => document.elementFromPoint({box['x']}, {box['y']}) === "
                               f"document.querySelectorAll('{SHAPES}')[{index}]")  # fmt: skip
        if not on_top:
            continue
        page.mouse.move(box["x"], box["y"])
        tip = page.locator(".leaflet-tooltip")
        tip.wait_for(state="visible")
        found[tip.inner_text().strip()] = {"x": box["x"], "y": box["y"]}
        page.mouse.move(2, 2)
        page.wait_for_function("() => document.querySelectorAll('.leaflet-tooltip:not(.area-label)').length === 0")
    return found


def test_choropleth_points_and_click_through(open_page: Any, artifacts: Path) -> None:
    page = open_page()
    page.goto("/incidents/map/?severity_min=2")
    _ready(page)
    container = page.locator("#incident-map")
    assert container.get_attribute("data-error") is None
    assert container.get_attribute("data-shapes") == "3"
    assert container.get_attribute("data-coloured") == "2"  # Kota and Kabupaten Bandung; Jakarta Pusat has none
    assert container.get_attribute("data-points") == "3"  # the incident without a point counts, draws no dot
    assert sorted(_fills(page)) == sorted([DARK, DARKER, ZERO])
    assert page.locator(".leaflet-points-pane canvas").count() == 1
    legend = page.locator("#map-legend").inner_text()
    assert "1" in legend and "2–3" in legend
    assert "4" in page.locator("#map-status").inner_text()  # 4 incidents match severity >= 2
    page.screenshot(path=str(artifacts / "incident-map-1280x800.png"))

    tips = _hover_each(page)  # "name\ncount incidents" (words in the user's language)
    bandung = next(name for name in tips if name.startswith("Kota Bandung\n"))
    assert bandung.splitlines()[1].startswith("3 ")
    assert next(name for name in tips if name.startswith("Kabupaten Bandung\n")).splitlines()[1].startswith("1 ")
    jakarta = next(name for name in tips if name.startswith("Kota Administrasi Jakarta Pusat\n"))
    assert not re.search(r"\d", jakarta.splitlines()[1])  # "no incidents", not "0 incidents"
    with page.expect_navigation():
        page.mouse.click(tips[bandung]["x"], tips[bandung]["y"])
    assert re.search(r"/incidents/\?severity_min=2&region=32\.73$", page.url), page.url
    assert page.locator("table.incidents tbody tr").count() == 3


def test_a_kabkota_map_colours_and_names_its_kecamatan(open_page: Any, artifacts: Path) -> None:
    page = open_page()
    page.goto("/incidents/map/?region=32.73")
    _ready(page)
    kecamatan = ".leaflet-kecamatan-pane path"
    fills = page.eval_on_selector_all(kecamatan, "(paths) => paths.map((p) => p.getAttribute('fill'))")
    assert sorted(fills) == sorted([DARKER, ZERO])  # Sukasari 1 (one class: the darkest), Coblong 0
    assert page.locator(".leaflet-kabkota-pane path").count() >= 1  # the province's kab/kota outlined around
    assert page.locator(".leaflet-tooltip.area-label").count() == 2  # named at this zoom
    assert sorted(page.locator(".leaflet-tooltip.area-label").all_inner_texts()) == ["Coblong", "Sukasari"]
    assert page.locator("#map-legend strong").inner_text() == "Insiden per kecamatan"
    assert "2 insiden tidak ditampilkan per kecamatan" in page.locator("#map-status").inner_text()
    page.screenshot(path=str(artifacts / "incident-map-kabkota-1280x800.png"))
    for _ in range(6):  # out to a province's zoom, one step at a time (each step animates)
        if page.get_attribute("#incident-map", "data-labels") == "0":
            break
        page.locator(".leaflet-control-zoom-out").click()
        page.wait_for_timeout(400)
    assert page.get_attribute("#incident-map", "data-labels") == "0"
    # Further out: no names (Leaflet fades a removed tooltip out for 200 ms first).
    page.wait_for_function("() => document.querySelectorAll('.leaflet-tooltip.area-label').length === 0")


def test_map_on_a_phone(open_page: Any, artifacts: Path) -> None:
    phone = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
    page = open_page(**phone)
    page.goto("/incidents/map/?region=32")
    _ready(page)
    assert page.evaluate("() => document.querySelector('.filter-box').open") is False  # the map first on a phone
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert page.locator("#incident-map").get_attribute("data-domain") == "32"
    page.screenshot(path=str(artifacts / "incident-map-390x844.png"), full_page=True)


def test_summary_page(open_page: Any, artifacts: Path) -> None:
    page = open_page()
    page.goto("/incidents/summary/?region=32")
    assert page.locator("svg.pygal-chart").count() == 6
    assert page.locator("main script").count() == 0
    assert page.locator(".totals .big").inner_text().startswith("5")
    box = page.locator("svg.pygal-chart").first.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    page.screenshot(path=str(artifacts / "incident-summary-1280x800.png"), full_page=True)
    phone = open_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.goto("/incidents/summary/?region=32")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(artifacts / "incident-summary-390x844.png"), full_page=True)


def _weight(page: Any) -> dict[str, Any]:
    entries = page.evaluate(_WEIGHT)
    return {"requests": len(entries), "transfer_bytes": sum(e["transfer"] for e in entries),
            "body_bytes": sum(e["body"] for e in entries), "decoded_bytes": sum(e["decoded"] for e in entries),
            "resources": [{"url": re.sub(r"^https?://[^/]+", "", e["url"]), "transfer": e["transfer"],
                           "body": e["body"]} for e in entries]}  # fmt: skip


def test_page_weight_first_and_second_load(open_page: Any, artifacts: Path) -> None:
    """Bytes and requests of a first visit (empty cache) and of a second one; small dataset, so the boundary
    layers are tiny here: docs figures come from bench/_map_weight.py over the full data."""
    figures = {}
    for name, url, ready in (("map", "/incidents/map/", READY), ("summary", "/incidents/summary/", "main")):
        page = open_page()
        page.goto(url)
        page.wait_for_selector(ready, state="attached")
        page.wait_for_load_state("networkidle")
        first = _weight(page)
        page.goto("/")  # away and back: a second visit, as a user would make it
        page.goto(url)
        page.wait_for_selector(ready, state="attached")
        page.wait_for_load_state("networkidle")
        second = _weight(page)
        figures[name] = {"first": first, "second": second}
        # Gzipped pages carry 0-100 random bytes against BREACH (Django's gzip_page), so two loads of the same
        # page differ by up to 100 bytes: a page with nothing cacheable (the summary) failed one run in three.
        assert first["requests"] >= 1 and second["transfer_bytes"] <= first["transfer_bytes"] + 100
    (artifacts / "incident-pages-weight-small.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
