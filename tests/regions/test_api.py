"""GET /api/v1/regions..., with the pagination and error shapes of docs/architecture.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("small_regions")


def test_requires_sign_in(small_regions: tuple[Path, Path]) -> None:
    response = Client().get("/api/v1/regions")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_list_by_level_and_parent(user_client: Client) -> None:
    body = user_client.get("/api/v1/regions?level=kabkota&parent=32").json()
    assert body["count"] == 2 and body["next"] is None and body["previous"] is None
    assert [r["code"] for r in body["results"]] == ["32.04", "32.73"]
    assert body["results"][1] == {"code": "32.73", "name": "Kota Bandung", "level": "kota", "parent": "32",
                                  "is_administrative": False}  # fmt: skip


def test_desa_level_groups_every_village_unit(user_client: Client) -> None:
    assert user_client.get("/api/v1/regions?level=desa").json()["count"] == 4


def test_pagination_links(user_client: Client) -> None:
    first = user_client.get("/api/v1/regions?level=kecamatan&page_size=3").json()
    assert first["count"] == 4 and len(first["results"]) == 3 and first["previous"] is None
    assert "page=2" in first["next"]
    second = user_client.get(first["next"]).json()
    assert [r["code"] for r in second["results"]] == ["32.73.02"] and second["next"] is None
    assert "page=1" in second["previous"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("level=regency", "level"), ("parent=99", "parent"), ("page=0", "page"), ("page_size=501", "page_size"),
     ("page=abc", "page")],
)  # fmt: skip
def test_bad_parameters_are_422_naming_the_field(user_client: Client, query: str, field: str) -> None:
    response = user_client.get(f"/api/v1/regions?{query}")
    assert response.status_code == 422
    body = response.json()
    assert field in body["detail"]
    assert body["errors"][0]["field"] == field and body["errors"][0]["message"]


def test_search_tolerates_typos_and_matches_codes(user_client: Client) -> None:
    body = user_client.get("/api/v1/regions?q=bandng").json()
    assert {"32.04", "32.73"} <= {r["code"] for r in body["results"]}
    assert [r["code"] for r in user_client.get("/api/v1/regions?q=32.73.0&level=kecamatan").json()["results"]] == [
        "32.73.01", "32.73.02"]  # fmt: skip


def test_detail(user_client: Client) -> None:
    body = user_client.get("/api/v1/regions/32.73.01").json()
    assert body["ancestors"] == [
        {"code": "32", "name": "Jawa Barat", "level": "province"},
        {"code": "32.73", "name": "Kota Bandung", "level": "kota"},
    ]
    assert body["bbox"] == pytest.approx([107.5, -7.0, 107.575, -6.925])
    assert body["children"] == 1 and body["timezone"] == "Asia/Jakarta"


def test_unknown_code_is_404_naming_it(user_client: Client) -> None:
    response = user_client.get("/api/v1/regions/32.99")
    assert response.status_code == 404
    assert "32.99" in response.json()["detail"]


def test_boundary_coarse_and_full(user_client: Client) -> None:
    coarse = user_client.get("/api/v1/regions/32.73/boundary").json()
    full = user_client.get("/api/v1/regions/32.73/boundary?detail=full").json()
    assert coarse["type"] == full["type"] == "Feature"
    assert coarse["properties"]["detail"] == "coarse" and full["properties"]["detail"] == "full"
    assert full["geometry"]["type"] == "Polygon"


def test_boundary_bad_detail_and_missing_boundary(user_client: Client) -> None:
    bad = user_client.get("/api/v1/regions/32.73/boundary?detail=medium")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "detail"
    missing = user_client.get("/api/v1/regions/32.73.01.1001/boundary")
    assert missing.status_code == 404 and "32.73.01.1001" in missing.json()["detail"]


def test_openapi_document_lists_region_routes(user_client: Client) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/regions", "/api/v1/regions/{code}", "/api/v1/regions/{code}/boundary"} <= set(paths)


def test_cached_detail_follows_a_new_import(user_client: Client, small_regions: tuple[Path, Path]) -> None:
    from tests.regions.dataset import sign
    from waspada.regions.services import import_regions

    assert user_client.get("/api/v1/regions/32.73").json()["name"] == "Kota Bandung"
    regencies = small_regions[0] / "regions/regencies.csv"
    regencies.write_text(regencies.read_text().replace("Kota Bandung", "Kota Bandung Raya"))
    sign(small_regions[0])
    import_regions(*small_regions)
    assert user_client.get("/api/v1/regions/32.73").json()["name"] == "Kota Bandung Raya"


def test_a_page_past_the_end_is_422_not_a_database_error(user_client: Client) -> None:
    for page in ("3", str(10**19)):
        response = user_client.get(f"/api/v1/regions?level=kecamatan&page_size=2&page={page}")
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "page"
    assert user_client.get("/api/v1/regions?level=kecamatan&page_size=2&page=2").status_code == 200
