"""The map page (what it hands to incident_map.js), the region card, and the region page's link block."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape
from typing import Any

from django.contrib.staticfiles import finders
from django.test import Client


def _map_div(html: str) -> dict[str, str]:
    tag = re.search(r'<div id="incident-map"[^>]*>', html)
    assert tag, "no map container"
    return {name: unescape(value) for name, value in re.findall(r'data-([\w-]+)="([^"]*)"', tag.group())}


def test_national_map_page(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    response = client_for("analyst").get("/incidents/map/?type=violence_clash&severity_min=2")
    assert response.status_code == 200
    html = response.content.decode()
    data = _map_div(html)
    layers = json.loads(data["layers"])
    assert [layer["pane"] for layer in layers] == ["kabkota", "provinces"]
    assert layers[0]["url"].startswith("/regions/layers/national-kabkota.geojson?v=") and layers[0]["interactive"]
    assert data["api"] == "/api/v1/incidents/map?type=violence_clash&severity_min=2"
    assert json.loads(data["rest"]) == {"type": "violence_clash", "severity_min": "2"}
    assert data["list"] == "/incidents/" and data["domain"] == "" and "bbox" not in data
    assert json.loads(data["colours"])["5"].startswith("#")
    # Only the JSON data block, never an inline script (CSP).
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == ['<script id="map-labels" type="application/json">']
    assert 'href="/incidents/?type=violence_clash&amp;severity_min=2"' in html  # the list with the same filters


def test_province_officer_gets_its_province_layer_and_zoom(world: dict[str, Any],
                                                           client_for: Callable[[str], Client]) -> None:  # fmt: skip
    data = _map_div(client_for("jabar").get("/incidents/map/").content.decode())
    layers = json.loads(data["layers"])
    assert len(layers) == 1 and layers[0]["url"].startswith("/regions/layers/province-32.geojson?v=")
    assert layers[0]["levels"] == ["kabupaten", "kota"]
    assert data["domain"] == "32" and json.loads(data["bbox"]) == [107.3, -7.3, 108.0, -6.6]
    zoomed = _map_div(client_for("analyst").get("/incidents/map/?region=32.73").content.decode())
    assert zoomed["domain"] == "32.73" and json.loads(zoomed["bbox"]) == [107.5, -7.0, 107.65, -6.85]
    assert json.loads(zoomed["rest"]) == {}


def test_map_page_refuses_another_scope_and_shows_bad_filters(world: dict[str, Any],
                                                              client_for: Callable[[str], Client]) -> None:  # fmt: skip
    refused = client_for("kabbandung").get("/incidents/map/?region=32.73")
    assert refused.status_code == 403 and "incident-map" not in refused.content.decode()
    bad = client_for("analyst").get("/incidents/map/?date_from=kemarin&type=money_politics")
    html = bad.content.decode()
    # The message in the shared error box, without the parameter's code name (issue 14).
    assert bad.status_code == 200 and "format YYYY-MM-DD" in html and 'class="notice error"' in html
    assert "date_from:" not in html
    assert _map_div(html)["api"] == "/api/v1/incidents/map"  # as the list: bad filters are not applied


def test_static_files_exist() -> None:
    for name in ("incidents/incident_map.js", "incidents/maps.css", "leaflet/leaflet.js"):
        assert finders.find(name), name


def test_region_card(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    html = client_for("jabar").get("/incidents/summary/card/?region=32.73").content.decode()
    assert re.search(r"\b2\b", html) and 'href="/incidents/summary/?region=32.73"' in html
    assert 'href="/incidents/map/?region=32.73"' in html
    outside = client_for("jabar").get("/incidents/summary/card/?region=31.71")
    assert outside.status_code == 200 and "31.71" in outside.content.decode()
    assert "/incidents/map/?region=31.71" not in outside.content.decode()


def test_region_page_links_to_summary_and_map(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    html = client_for("viewer").get("/regions/32.73/").content.decode()
    assert 'hx-get="/incidents/summary/card/?region=32.73"' in html
    assert 'href="/incidents/summary/?region=32.73"' in html and 'href="/incidents/map/?region=32.73"' in html


def test_a_kabkota_map_is_coloured_by_its_kecamatan_named_at_close_zoom(
        world: dict[str, Any], client_for: Callable[[str], Client]) -> None:  # fmt: skip
    html = client_for("bandung").get("/incidents/map/").content.decode()
    layers = json.loads(_map_div(html)["layers"])
    kecamatan, outlines = layers
    assert kecamatan["url"].startswith("/regions/layers/kabkota-32-73.geojson?v=") and kecamatan["interactive"]
    assert kecamatan["levels"] == ["kecamatan"] and kecamatan["counts"] == "kecamatan" and kecamatan["labels"] == 10
    assert outlines["url"].startswith("/regions/layers/province-32.geojson?v=") and not outlines["interactive"]
    assert json.loads(html.split('id="map-labels" type="application/json">')[1].split("</script>")[0])[
        "legend_kecamatan"] == "Insiden per kecamatan"  # fmt: skip
    assert "Angka per kecamatan" in html and "Nama kecamatan tampil saat peta diperbesar" in html


def test_the_map_page_offers_its_png_with_the_same_filters(world: dict[str, Any],
                                                           client_for: Callable[[str], Client]) -> None:  # fmt: skip
    html = client_for("analyst").get("/incidents/map/?type=violence_clash").content.decode()
    assert 'href="/incidents/map.png?type=violence_clash" download>Unduh PNG</a>' in html


def test_incident_map_js_draws_the_classes_in_the_colours_of_the_png() -> None:
    from waspada.incidents.maps.breaks import CLASS_COLOURS

    path = finders.find("incidents/incident_map.js")
    assert path
    with open(path, encoding="utf-8") as handle:
        script = handle.read()
    found = re.search(r"var CLASS_COLOURS = \[([^\]]*)\]", script)
    assert found and tuple(re.findall(r'"(#[0-9a-f]{6})"', found.group(1))) == CLASS_COLOURS
