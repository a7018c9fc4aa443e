"""The top search ranks regions as an officer expects: exact names, then province and kab/kota names that start
with the words typed, then kecamatan, then fuzzy and village matches; a typo of a city never puts a village
first (issue 14: "bandnug" ranked a Bali village above Kota Bandung)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from waspada.regions import selectors
from waspada.regions.models import Level, Region

HIGH = {Level.PROVINCE, Level.KABUPATEN, Level.KOTA}


@pytest.fixture
def bali(small_regions: Any) -> None:
    """Villages whose names are close to Bandung, far from Jawa Barat (the small dataset has none)."""

    def add(code: str, name: str, level: str, parent: Region | None) -> Region:
        parts = code.split(".")
        return Region.objects.create(code=code, name=name, level=level, parent=parent, province_code=parts[0],
                                     kabkota_code=".".join(parts[:2]) if len(parts) > 1 else "", decree="test",
                                     timezone="Asia/Makassar", search_name=name.casefold())  # fmt: skip

    province = add("51", "Bali", Level.PROVINCE, None)
    regency = add("51.08", "Kabupaten Buleleng", Level.KABUPATEN, province)
    district = add("51.08.01", "Bandungan", Level.KECAMATAN, regency)
    add("51.08.01.2001", "Bandung", Level.DESA, district)
    add("51.08.01.2002", "Banjar Bandung Kaja", Level.DESA, district)
    add("51.08.01.2003", "Bandungrejo", Level.DESA, district)
    karangasem = add("51.07", "Kabupaten Karangasem", Level.KABUPATEN, province)
    kubu = add("51.07.08", "Kubu", Level.KECAMATAN, karangasem)
    add("51.07.08.2001", "Ban", Level.DESA, kubu)  # the official data's village that WRatio put first (90)
    selectors._choices.cache_clear()


def _levels(codes: list[str]) -> list[str]:
    by_code = Region.objects.in_bulk(codes)
    return [by_code[code].level for code in codes]


def test_a_typo_of_bandung_puts_both_bandungs_above_every_village(bali: None) -> None:
    codes = selectors.search_codes("bandnug")
    assert set(codes[:2]) == {"32.73", "32.04"}, codes
    levels = _levels(codes)
    first_village = min(i for i, level in enumerate(levels) if level in (Level.DESA, Level.KELURAHAN))
    assert all(level not in HIGH for level in levels[first_village:])


def test_exact_names_first_then_kabkota_prefixes_then_kecamatan_then_villages(bali: None) -> None:
    codes = selectors.search_codes("Bandung")
    assert set(codes[:2]) == {"32.73", "32.04"}  # exact: Kota and Kabupaten Bandung (the village too, after them)
    assert codes.index("51.08.01.2001") == 2  # the exact village name, before mere prefixes
    assert codes.index("51.08.01") < codes.index("51.08.01.2003")  # kecamatan prefix before a village prefix
    assert codes.index("51.08.01.2003") < codes.index("51.08.01.2002")  # a prefix before a fuzzy match


def test_typed_level_still_wins_within_the_exact_names(bali: None) -> None:
    assert selectors.search_codes("Kota Bandung")[0] == "32.73"
    assert selectors.search_codes("Kabupaten Bandung")[0] == "32.04"


def test_a_kecamatan_prefix_ranks_above_a_fuzzy_village(small_regions: Any) -> None:
    codes = selectors.search_codes("Sukas")
    assert codes[0] == "32.73.01"  # Sukasari (kecamatan) before Sukarasa (desa)


def test_the_top_box_says_it_searches_regions(user_client: Client, small_regions: Any) -> None:
    body = user_client.get("/regions/search/?q=bandnug").content.decode()
    assert 'placeholder="Cari wilayah' in body
    results = body[body.index('id="search-results"') :]
    assert "Kota Bandung" in results and "Kabupaten Bandung" in results
