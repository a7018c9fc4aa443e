"""Inside a kab/kota the map is coloured by kecamatan: counts from incidents read in full and placed in one; what
the kab/kota counts and no kecamatan does (placed only to the kab/kota, or redacted) is said apart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.utils.http import urlencode


def _map(client: Client, **params: str) -> dict[str, Any]:
    response = client.get("/api/v1/incidents/map?" + urlencode(params))
    assert response.status_code == 200, response.content
    return response.json()


def test_a_kabkota_map_counts_its_kecamatan(world: dict[str, Any], make_incident: Callable[..., Any],
                                            client_for: Callable[[str], Client]) -> None:  # fmt: skip
    make_incident("bandung", kecamatan="32.73.01")
    make_incident("bandung", desa="32.73.01.1001", sensitivity="restricted")  # own office: read in full
    make_incident("bandung", kecamatan="32.73.02")
    data = _map(client_for("bandung"))  # the officer's own kab/kota is the default area
    assert data["level"] == "kecamatan"
    assert data["kecamatan"] == {"32.73.01": 2, "32.73.02": 1}
    assert data["kecamatan_breaks"] == [1, 2]  # two districts, two counts: two classes
    assert data["kabkota"] == {"32.73": 5} and data["kecamatan_unplaced"] == 2  # the world's two, placed to 32.73
    # The same numbers for a national user looking at the kab/kota.
    assert _map(client_for("analyst"), region="32.73")["kecamatan"] == {"32.73.01": 2, "32.73.02": 1}


def test_redacted_incidents_never_give_their_kecamatan(world: dict[str, Any], make_incident: Callable[..., Any],
                                                       client_for: Callable[[str], Client]) -> None:  # fmt: skip
    make_incident("kabbandung", region="32.04", kecamatan="32.04.05", sensitivity="restricted")
    assert _map(client_for("kabbandung"), region="32.04")["kecamatan"] == {"32.04.05": 1}
    seen_by_province = _map(client_for("jabar"), region="32.04")
    assert seen_by_province["kecamatan"] == {}  # jabar sees only that it exists, in 32.04
    assert seen_by_province["kabkota"] == {"32.04": 3} and seen_by_province["kecamatan_unplaced"] == 3


def test_wider_maps_stay_by_kabkota(world: dict[str, Any], make_incident: Callable[..., Any],
                                    client_for: Callable[[str], Client]) -> None:  # fmt: skip
    make_incident("bandung", kecamatan="32.73.01")
    for client, params in ((client_for("analyst"), {}), (client_for("jabar"), {}), (client_for("analyst"),
                                                                                   {"region": "32"})):  # fmt: skip
        data = _map(client, **params)
        assert data["level"] == "kabkota" and data["kecamatan"] == {} and data["kecamatan_unplaced"] == 0
