"""GET /api/v1/incidents/map: counts per kab/kota are the list's counts, for every role and filter set; points
only from incidents read in full and placed precisely; viewers' points blurred."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils.http import urlencode

from tests.incidents.maps.conftest import BANDUNG_POINT, JAKARTA_POINT, KAB_BANDUNG_POINT
from waspada.incidents.maps.aggregate import map_data
from waspada.incidents.selectors import IncidentFilter

ROLES = ("nadmin", "analyst", "jabar", "dki", "bandung", "kabbandung", "monitor", "viewer", "outsider", "external")
FILTERS: list[dict[str, str]] = [
    {}, {"type": "violence_clash"}, {"severity": "2"}, {"severity_min": "3"}, {"date_from": "2024-02-12"},
    {"stage": "pemungutan_suara"}, {"sensitivity": "restricted"}, {"region": "32"}, {"q": "TPS"},
    {"status": "submitted", "date_to": "2024-02-28"},
]  # fmt: skip


def _map(client: Client, **params: str) -> dict[str, Any]:
    response = client.get("/api/v1/incidents/map?" + urlencode(params))
    assert response.status_code == 200, response.content
    return response.json()


def _list_count(client: Client, **params: str) -> int:
    response = client.get("/api/v1/incidents?" + urlencode(params))
    assert response.status_code == 200, response.content
    return int(response.json()["count"])


@pytest.mark.parametrize("role", ROLES)
def test_counts_per_kabkota_equal_the_list(world: dict[str, Any], client_for: Callable[[str], Client],
                                           role: str) -> None:  # fmt: skip
    client = client_for(role)
    for params in FILTERS:
        response = client.get("/api/v1/incidents/map?" + urlencode(params))
        if response.status_code == 403:  # a region outside the scope: refused, by the list too (issue 14)
            assert params.get("region") and role in ("dki", "outsider")
            assert response.json()["errors"][0]["field"] == "region"
            listed = client.get("/api/v1/incidents?" + urlencode(params))
            assert listed.status_code == 403 and listed.json()["errors"][0]["field"] == "region"
            continue
        data = response.json()
        for code, count in data["kabkota"].items():
            assert count > 0
            assert _list_count(client, **{**params, "region": code}) == count, (role, params, code)
        assert data["total"] == _list_count(client, **params), (role, params)
        assert data["total"] == sum(data["kabkota"].values()) + data["unplaced"]


EXPECTED_COUNTS = {
    "analyst": ({"31.71": 1, "32.04": 2, "32.73": 2}, 1),
    "jabar": ({"32.04": 2, "32.73": 2}, 0),  # restricted items of 32.04 and 32.73 count, redacted
    "dki": ({"31.71": 1}, 0),
    "bandung": ({"32.73": 2}, 0),
    "monitor": ({"32.73": 2}, 0),
    "viewer": ({"32.73": 1}, 0),  # viewers never see restricted items, not even as a count
    "outsider": ({"31.71": 1}, 0),
}


@pytest.mark.parametrize("role", EXPECTED_COUNTS)
def test_exact_counts_and_unplaced(world: dict[str, Any], client_for: Callable[[str], Client], role: str) -> None:
    data = _map(client_for(role))
    counts, unplaced = EXPECTED_COUNTS[role]
    assert data["kabkota"] == counts
    assert data["unplaced"] == unplaced
    assert data["total"] == sum(counts.values()) + unplaced


def _points(data: dict[str, Any]) -> dict[int, tuple[float, float]]:
    return {p["id"]: (p["lat"], p["lng"]) for p in data["points"]}


def test_points_only_from_full_reads_placed_precisely(world: dict[str, Any],
                                                      client_for: Callable[[str], Client]) -> None:  # fmt: skip
    one, two, three, four, five, six = world["ids"]
    assert set(_points(_map(client_for("analyst")))) == {one, two, four, five}  # 3: kecamatan only; 6: no place
    # The province office lists the restricted items of its kab/kota (redacted): they count, but give no point.
    jabar = _map(client_for("jabar"))
    assert set(_points(jabar)) == {one} and jabar["kabkota"]["32.04"] == 2
    assert set(_points(_map(client_for("bandung")))) == {one, two}  # its own restricted item: a point
    assert set(_points(_map(client_for("kabbandung")))) == {four}
    assert set(_points(_map(client_for("monitor")))) == {one}  # a monitor reads restricted items it reported only
    first = next(p for p in _map(client_for("bandung"))["points"] if p["id"] == one)
    assert first == {"id": one, "lat": round(BANDUNG_POINT[0], 4), "lng": round(BANDUNG_POINT[1], 4), "severity": 3,
                     "event_type": "violence_clash"}  # fmt: skip
    assert _points(_map(client_for("kabbandung")))[four] == KAB_BANDUNG_POINT


def test_viewer_points_are_blurred(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    one, five = world["ids"][0], world["ids"][4]
    assert _points(_map(client_for("viewer"))) == {one: (-6.91, 107.61)}
    assert _points(_map(client_for("outsider"))) == {five: (round(JAKARTA_POINT[0], 2), round(JAKARTA_POINT[1], 2))}
    assert _points(_map(client_for("external"))) == {}  # external viewers read public items only


def test_newest_points_first_and_truncation_said(world: dict[str, Any], people: dict[str, Any]) -> None:
    data = map_data(people["analyst"], IncidentFilter(), cap=2)
    assert [p["id"] for p in data["points"]] == [world["ids"][4], world["ids"][3]]  # 2024-03-01, then #4 (02-14)
    assert data["points_truncated"] is True
    assert map_data(people["analyst"], IncidentFilter(), cap=3)["points_truncated"] is True
    assert map_data(people["analyst"], IncidentFilter(), cap=4)["points_truncated"] is False


def test_breaks_follow_the_counts(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    assert _map(client_for("analyst"))["breaks"] == [1, 2]
    assert _map(client_for("analyst"), type="hoax_hate_speech")["breaks"] == [1]
    assert _map(client_for("analyst"), type="dispute_result") == {"total": 0, "kabkota": {}, "unplaced": 0,
                                                                   "breaks": [], "points": [],
                                                                   "points_truncated": False, "level": "kabkota",
                                                                   "kecamatan": {}, "kecamatan_breaks": [],
                                                                   "kecamatan_unplaced": 0}  # fmt: skip


def test_region_filter_inside_scope(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    assert _map(client_for("jabar"), region="32.73")["kabkota"] == {"32.73": 2}
    # A region wider than the scope is allowed: the numbers are the scope's own.
    assert _map(client_for("bandung"), region="32")["kabkota"] == {"32.73": 2}
