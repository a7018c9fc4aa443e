"""The report form's kecamatan/desa typeahead: by name within the parent, typos tolerated, never outside."""

from __future__ import annotations

from typing import Any

from django.test import Client

from waspada.regions import lookup


def test_kecamatan_by_name_within_the_kabkota(small_regions: Any) -> None:
    assert [p.code for p in lookup.search("kecamatan", "32.73", "")] == ["32.73.02", "32.73.01"]  # by name
    assert [p.code for p in lookup.search("kecamatan", "32.73", "sukasari")] == ["32.73.01"]
    assert [p.code for p in lookup.search("kecamatan", "32.73", "Sukasri")] == ["32.73.01"]  # a typo
    assert [p.code for p in lookup.search("kecamatan", "32.73", "Kec. Coblong")] == ["32.73.02"]
    assert lookup.search("kecamatan", "32.73", "Cileunyi") == []  # in Kabupaten Bandung, not here
    assert lookup.search("kecamatan", "32.73.01", "") == []  # a kecamatan has no kecamatan


def test_desa_within_the_kecamatan(small_regions: Any) -> None:
    assert [p.code for p in lookup.search("desa", "32.73.01", "sukarsa")] == ["32.73.01.1001"]
    assert lookup.search("desa", "32.73.01", "Dago") == []  # Dago lies in Coblong
    assert lookup.best("desa", "32.73.02", "dgo") is not None
    assert lookup.within("desa", "32.73.02.1001", "32.73.02") is not None
    assert lookup.within("desa", "32.73.02.1001", "32.73.01") is None


def test_an_ambiguous_name_is_not_guessed(small_regions: Any) -> None:
    from waspada.regions.models import Region

    Region.objects.filter(code="32.73.02").update(name="Sukasari Hilir")  # now two start with "Sukasari"
    assert lookup.best("kecamatan", "32.73", "Sukasari") is not None  # the exact name still wins
    place, several = lookup.resolve("kecamatan", "32.73", "Sukasa")
    assert place is None and [p.code for p in several] == ["32.73.01", "32.73.02"]
    assert lookup.resolve("kecamatan", "32.73", "Gambir") == (None, [])  # in Jakarta


def test_lookup_route(small_regions: Any, user_client: Client) -> None:
    found = user_client.get("/regions/lookup/kecamatan/", {"parent": "32.73", "q": "cobong"})
    assert found.status_code == 200
    assert found.json()["results"] == [{"code": "32.73.02", "name": "Coblong", "level": "kecamatan"}]
    assert user_client.get("/regions/lookup/kecamatan/").status_code == 422
    assert user_client.get("/regions/lookup/province/", {"parent": "32"}).status_code == 404


def test_lookup_needs_sign_in(small_regions: Any) -> None:
    assert Client().get("/regions/lookup/kecamatan/", {"parent": "32.73"}).status_code == 302
