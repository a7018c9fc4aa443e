"""The landing map: kab/kota coloured by the incidents of the last 90 days the viewer may know of, and the base
layer of every map page: none unless WASPADA_TILE_URL is set."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from waspada.env import env_tile_url, url_origin
from waspada.web.views import RECENT_DAYS

OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _map_div(html: str) -> dict[str, str]:
    tag = re.search(r'<div id="map"[^>]*>', html)
    assert tag, "no map container"
    return {name: unescape(value) for name, value in re.findall(r'data-([\w-]+)="([^"]*)"', tag.group())}


def test_landing_map_colours_the_last_90_days(personas: dict[str, Any]) -> None:
    client = _client(personas["national_analyst"])
    html = client.get("/national/").content.decode()
    data = _map_div(html)
    since = timezone.localdate() - dt.timedelta(days=RECENT_DAYS)
    assert RECENT_DAYS == 90 and data["api"] == f"/api/v1/incidents/map?date_from={since.isoformat()}"
    assert data["click"] == "region" and data["show-points"] == "false" and data["domain"] == ""
    layers = json.loads(data["layers"])
    assert layers[0]["counts"] == "kabkota" and layers[0]["levels"] == ["kabupaten", "kota"]
    labels = json.loads(html.split('id="map-labels" type="application/json">')[1].split("</script>")[0])
    assert labels["legend"] == "Insiden 90 hari terakhir per kabupaten/kota"
    assert "incidents/incident_map.js" in html and 'id="map-legend"' in html
    answer = client.get(data["api"])  # what the page loads: the incident map's own answer, with its classes
    assert answer.status_code == 200 and set(answer.json()) >= {"kabkota", "breaks", "level"}


def test_an_office_sees_its_own_area_on_the_national_map(personas: dict[str, Any]) -> None:
    data = _map_div(_client(personas["province_officer"]).get("/national/").content.decode())
    assert data["domain"] == "32"  # the rest of the country is drawn as outside the scope


@override_settings(WASPADA_TILE_URL="", WASPADA_TILE_ATTRIBUTION="", WASPADA_TILE_ATTRIBUTION_URL="")
def test_no_base_layer_unless_configured(personas: dict[str, Any]) -> None:
    client = _client(personas["national_analyst"])
    for url in ("/national/", "/regions/32/", "/regions/32.73/", "/incidents/map/", "/incidents/map/?region=32.73"):
        html = client.get(url).content.decode()
        assert 'class="map' in html, url
        assert "data-tile-url" not in html and "data-tile-attribution" not in html, url


@override_settings(WASPADA_TILE_URL=OSM, WASPADA_TILE_ATTRIBUTION="© OpenStreetMap contributors",
                   WASPADA_TILE_ATTRIBUTION_URL="https://www.openstreetmap.org/copyright")  # fmt: skip
def test_a_configured_base_layer_reaches_every_map(personas: dict[str, Any]) -> None:
    client = _client(personas["national_analyst"])
    for url in ("/national/", "/regions/32.73/", "/incidents/map/?region=32.73"):
        html = client.get(url).content.decode()
        tag = re.search(r'<div id="(?:incident-)?map"[^>]*>', html)
        assert tag, url
        attrs = {name: unescape(value) for name, value in re.findall(r'data-([\w-]+)="([^"]*)"', tag.group())}
        assert attrs["tile-url"] == OSM, url
        assert attrs["tile-attribution"] == "© OpenStreetMap contributors"
        assert attrs["tile-attribution-url"] == "https://www.openstreetmap.org/copyright"


def test_tile_settings_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WASPADA_TILE_URL", raising=False)
    assert env_tile_url("WASPADA_TILE_URL") == ""
    monkeypatch.setenv("WASPADA_TILE_URL", OSM)
    assert env_tile_url("WASPADA_TILE_URL") == OSM
    for bad in ("tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tiles.example.org/{z}/{x}.png",
                "javascript:alert(1)//{z}/{x}/{y}"):  # fmt: skip
        monkeypatch.setenv("WASPADA_TILE_URL", bad)
        with pytest.raises(ValueError, match="WASPADA_TILE_URL"):
            env_tile_url("WASPADA_TILE_URL")
    assert url_origin(OSM) == "https://tile.openstreetmap.org"
    assert url_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
