"""Region pages, search, and boundary layers with ETag caching."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from django.test import Client

from waspada.regions.models import BoundaryLayer

pytestmark = pytest.mark.usefixtures("small_regions")


def test_pages_require_sign_in() -> None:
    for url in ("/", "/regions/32/", "/regions/search/?q=x", "/regions/layers/national-kabkota.geojson"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_region_page_breadcrumb_and_children(user_client: Client) -> None:
    html = user_client.get("/regions/32.73.01/").content.decode()
    assert html.index(">Jawa Barat<") < html.index(">Kota Bandung<") < html.index('aria-current="page">Sukasari<')
    assert "/regions/32.73.01.1001/" in html  # its kelurahan


def test_province_page_maps_its_kabkota(user_client: Client) -> None:
    response = user_client.get("/regions/32/")
    layers = json.loads(response.context["layers_json"])
    assert layers[0]["levels"] == ["kabupaten", "kota"] and "province-32.geojson?v=" in layers[0]["url"]
    assert [c.code for c in response.context["children"]] == ["32.04", "32.73"]


def test_unknown_region_page_is_404(user_client: Client) -> None:
    assert user_client.get("/regions/99.99/").status_code == 404


def test_search_page_tolerates_typos(user_client: Client) -> None:
    response = user_client.get("/regions/search/?q=Kota Bandng")
    assert [r.code for r in response.context["results"]][0] == "32.73"
    assert "Sukasari" not in [r.name for r in response.context["results"]]


def test_layer_is_gzip_with_etag_and_long_cache(user_client: Client) -> None:
    layer = BoundaryLayer.objects.get(key="national-kabkota")
    url = f"/regions/layers/national-kabkota.geojson?v={layer.etag}"
    response = user_client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip" and response["ETag"] == f'"{layer.etag}"'
    assert "immutable" in response["Cache-Control"]
    assert json.loads(gzip.decompress(response.content))["type"] == "FeatureCollection"
    assert user_client.get(url, HTTP_IF_NONE_MATCH=f'"{layer.etag}"').status_code == 304


def test_layer_without_version_revalidates_and_plain_clients_get_plain_json(user_client: Client) -> None:
    response = user_client.get("/regions/layers/national-province.geojson")
    assert response["Cache-Control"] == "private, no-cache" and "Content-Encoding" not in response
    assert len(json.loads(response.content)["features"]) == 2


def test_unknown_layer_is_404(user_client: Client) -> None:
    assert user_client.get("/regions/layers/province-99.geojson").status_code == 404


def test_national_page_shows_national_map(user_client: Client, small_regions: tuple[Path, Path]) -> None:
    response = user_client.get("/national/")
    assert response.context["layers_ready"] is True
    assert b'id="map"' in response.content


def test_kabkota_page_draws_its_own_kecamatan_layer_named_at_close_zoom(user_client: Client) -> None:
    layers = json.loads(user_client.get("/regions/32.73/").context["layers_json"])
    assert len(layers) == 1 and "/regions/layers/kabkota-32-73.geojson?v=" in layers[0]["url"]
    assert layers[0]["levels"] == ["kecamatan"] and layers[0]["prefix"] == "32.73" and layers[0]["labels"] == 10
    village = json.loads(user_client.get("/regions/32.73.01.1001/").context["layers_json"])
    assert "kabkota-32-73" in village[0]["url"] and village[0]["prefix"] == "32.73.01"  # desa: its kecamatan


def test_kabkota_layer_is_served(user_client: Client) -> None:
    response = user_client.get("/regions/layers/kabkota-32-73.geojson", HTTP_ACCEPT_ENCODING="identity")
    codes = [f["properties"]["code"] for f in json.loads(response.content)["features"]]
    assert response.status_code == 200 and codes == ["32.73.01", "32.73.02"]
