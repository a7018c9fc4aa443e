"""Place names as ACLED and UCDP write them meet the official names (no database)."""

from __future__ import annotations

import pytest

from waspada.incidents.intake.datasets.names import keys, kind_of


@pytest.mark.parametrize(("outside", "official"), [
    ("West Java", "Jawa Barat"), ("Riau Islands", "Kepulauan Riau"), ("Bangka-Belitung", "Kepulauan Bangka Belitung"),
    ("Jakarta", "Daerah Khusus Ibukota Jakarta"), ("Special Region of Yogyakarta", "Daerah Istimewa Yogyakarta"),
    ("Southwest Papua", "Papua Barat Daya"), ("Highland Papua", "Papua Pegunungan"), ("Papua province", "Papua"),
])  # fmt: skip
def test_province_spellings(outside: str, official: str) -> None:
    assert keys(outside, province=True) & keys(official, province=True)


@pytest.mark.parametrize(("outside", "official"), [
    ("Central Jakarta", "Kota Administrasi Jakarta Pusat"), ("Jakarta Pusat", "Kota Administrasi Jakarta Pusat"),
    ("South Tangerang", "Kota Tangerang Selatan"), ("South Labuhanbatu", "Kabupaten Labuhan Batu Selatan"),
    ("Fak Fak", "Kabupaten Fakfak"), ("Jayawijaya regency", "Kabupaten Jayawijaya"), ("Central Lombok",
    "Kabupaten Lombok Tengah"),
])  # fmt: skip
def test_kabkota_spellings(outside: str, official: str) -> None:
    assert keys(outside) & keys(official)


def test_different_places_stay_apart() -> None:
    assert not keys("West Papua", province=True) & keys("Papua Barat Daya", province=True)
    assert not keys("Riau", province=True) & keys("Kepulauan Riau", province=True)


def test_the_kind_a_name_states() -> None:
    assert (kind_of("Kota Bandung"), kind_of("Bandung City"), kind_of("Bandung"), kind_of("Kab. Bandung")) == (
        "kota", "kota", "", "kabupaten")  # fmt: skip
