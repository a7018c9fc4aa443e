"""The map and summary API's errors and transport: bad filters (422 naming each field), regions outside the scope
(403) or unknown (422), gzip, ETag/304, and a bounded number of queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

ROUTES = ("/api/v1/incidents/map", "/api/v1/incidents/summary")
BAD = [
    ("date_from=5%2F2%2F2024", "date_from", "YYYY-MM-DD"),
    ("date_to=kemarin", "date_to", "YYYY-MM-DD"),
    ("severity=7", "severity", "5"),
    ("severity_min=x", "severity_min", "5"),
    ("status=done", "status", "submitted"),
    ("sensitivity=secret", "sensitivity", "restricted"),
    ("handling_level=desa", "handling_level", "province"),
]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(("query", "field", "hint"), BAD)
def test_bad_filter_is_422_naming_the_field(people: dict[str, Any], client_for: Callable[[str], Client], route: str,
                                            query: str, field: str, hint: str) -> None:  # fmt: skip
    response = client_for("analyst").get(f"{route}?{query}")
    assert response.status_code == 422
    body = response.json()
    assert [error["field"] for error in body["errors"]] == [field]
    assert hint in body["errors"][0]["message"]
    assert field in body["detail"]


def test_every_bad_field_is_named_at_once(people: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    response = client_for("analyst").get("/api/v1/incidents/map?date_from=x&severity=9&status=nope")
    assert response.status_code == 422
    assert sorted(error["field"] for error in response.json()["errors"]) == ["date_from", "severity", "status"]


@pytest.mark.parametrize("route", ROUTES)
def test_region_outside_scope_is_refused(world: dict[str, Any], client_for: Callable[[str], Client],
                                         route: str) -> None:  # fmt: skip
    from tests.personas import create_foreign_regions

    create_foreign_regions()
    response = client_for("bandung").get(f"{route}?region=35.78")
    assert response.status_code == 403
    body = response.json()
    assert body["errors"] == [{"field": "region", "message": body["detail"]}]
    assert "Kota Surabaya" in body["detail"] and "32.73" in body["detail"]
    assert client_for("jabar").get(f"{route}?region=31.71").status_code == 403
    assert client_for("analyst").get(f"{route}?region=35.78").status_code == 200


@pytest.mark.parametrize("route", ROUTES)
def test_unknown_region_is_422(people: dict[str, Any], client_for: Callable[[str], Client], route: str) -> None:
    response = client_for("analyst").get(f"{route}?region=99.99")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "region"


@pytest.mark.parametrize("route", ROUTES)
def test_signed_in_only(people: dict[str, Any], route: str) -> None:
    assert Client().get(route).status_code == 401


def test_gzip_etag_and_not_modified(world: dict[str, Any], client_for: Callable[[str], Client],
                                    make_incident: Callable[..., Any]) -> None:  # fmt: skip
    client = client_for("analyst")
    plain = client.get("/api/v1/incidents/map")
    assert plain.status_code == 200 and not plain.has_header("Content-Encoding")
    assert plain["Cache-Control"] == "private, no-cache"
    assert "Cookie" in plain["Vary"] and "Authorization" in plain["Vary"]
    packed = client.get("/api/v1/incidents/map", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    import gzip
    import json

    assert json.loads(gzip.decompress(packed.content)) == plain.json()
    again = client.get("/api/v1/incidents/map", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304 and again.content == b""
    make_incident("bandung")  # new data, new body, new tag
    changed = client.get("/api/v1/incidents/map", HTTP_IF_NONE_MATCH=plain["ETag"])
    assert changed.status_code == 200 and changed.json()["total"] == plain.json()["total"] + 1


def test_query_count_does_not_grow_with_rows(world: dict[str, Any], client_for: Callable[[str], Client],
                                             make_incident: Callable[..., Any],
                                             django_assert_max_num_queries: Any) -> None:  # fmt: skip
    client = client_for("jabar")
    client.get("/api/v1/incidents/map")  # the session is read once and kept briefly
    with django_assert_max_num_queries(6):
        client.get("/api/v1/incidents/map?severity_min=1")
    for n in range(5):
        make_incident("bandung", title=f"Tambahan {n}", lat=-6.9, lng=107.6, geo_precision="exact")
    with django_assert_max_num_queries(6):
        data = client.get("/api/v1/incidents/map?severity_min=1").json()
    assert len(data["points"]) == 6
