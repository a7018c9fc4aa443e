"""Regions for the calendar tests (real Kemendagri codes and names) and the real domain files imported.

DKI Jakarta 31 with its six administrative units, DI Yogyakarta 34 with its four kabupaten and Kota
Yogyakarta, Jawa Barat 32 with Kabupaten and Kota Bandung, Papua 91 with Kota Jayapura (WIT),
Kalimantan Barat 61 with Kabupaten Sambas and Kota Pontianak (WIB, Asia/Pontianak) and Sulawesi
Selatan 73 with Kota Makassar (WITA). A few kecamatan and a kelurahan test inheritance downwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from waspada.elections.services import ImportResult, import_elections
from waspada.regions.models import Region

PROVINCES = {
    "31": ("Daerah Khusus Ibukota Jakarta", "Asia/Jakarta"),
    "32": ("Jawa Barat", "Asia/Jakarta"),
    "34": ("Daerah Istimewa Yogyakarta", "Asia/Jakarta"),
    "61": ("Kalimantan Barat", "Asia/Pontianak"),
    "73": ("Sulawesi Selatan", "Asia/Makassar"),
    "91": ("Papua", "Asia/Jayapura"),
}
KABKOTA = {
    "31.01": "Kabupaten Administrasi Kepulauan Seribu",
    "31.71": "Kota Administrasi Jakarta Pusat",
    "31.72": "Kota Administrasi Jakarta Utara",
    "31.73": "Kota Administrasi Jakarta Barat",
    "31.74": "Kota Administrasi Jakarta Selatan",
    "31.75": "Kota Administrasi Jakarta Timur",
    "32.04": "Kabupaten Bandung",
    "32.73": "Kota Bandung",
    "34.01": "Kabupaten Kulon Progo",
    "34.02": "Kabupaten Bantul",
    "34.03": "Kabupaten Gunungkidul",
    "34.04": "Kabupaten Sleman",
    "34.71": "Kota Yogyakarta",
    "61.01": "Kabupaten Sambas",
    "61.71": "Kota Pontianak",
    "73.71": "Kota Makassar",
    "91.71": "Kota Jayapura",
}
KECAMATAN = {"31.71.01": "Gambir", "32.73.01": "Sukasari", "34.71.01": "Mantrijeron"}
KELURAHAN = {"31.71.01.1001": "Gambir"}


def _region(code: str, name: str, level: str, parent: str | None) -> Region:
    province = code[:2]
    return Region(
        code=code,
        name=name,
        level=level,
        parent_id=parent,
        province_code=province,
        kabkota_code=code[:5] if len(code) > 2 else "",
        is_administrative=" Administrasi " in f" {name} ",
        decree="Kepmendagri 300.2.2-2138/2025",
        timezone=PROVINCES[province][1],
        search_name=name.casefold(),
    )


def create_regions() -> None:
    rows = [_region(code, name, "province", None) for code, (name, _zone) in PROVINCES.items()]
    rows += [_region(c, n, "kota" if int(c[3:5]) >= 71 else "kabupaten", c[:2]) for c, n in KABKOTA.items()]
    rows += [_region(c, n, "kecamatan", c[:5]) for c, n in KECAMATAN.items()]
    rows += [_region(c, n, "kelurahan", c[:8]) for c, n in KELURAHAN.items()]
    Region.objects.bulk_create(rows)


@pytest.fixture
def calendar_regions(db: None) -> None:
    create_regions()


@pytest.fixture
def full_domain_dir() -> Path:
    """The whole domain folder: the 2024 elections and the provisional next cycle (elections_2029.yaml)."""
    return Path(settings.DOMAIN_DIR)


@pytest.fixture
def domain_dir(tmp_path_factory: pytest.TempPathFactory, full_domain_dir: Path) -> Path:
    """The 2024 calendar alone (taxonomy, regions and elections_2024.yaml): the 2024 tests count its elections,
    stages and contests, which a later cycle in the folder would add to."""
    folder = tmp_path_factory.mktemp("domain2024")
    for name in ("taxonomy.yaml", "regions.yaml", "elections_2024.yaml"):
        (folder / name).symlink_to(full_domain_dir / name)
    return folder


@pytest.fixture
def calendar(calendar_regions: None, domain_dir: Path) -> ImportResult:
    """The real elections_2024.yaml and taxonomy.yaml imported over the fixture regions (no later cycle)."""
    return import_elections(domain_dir)


@pytest.fixture
def region() -> object:
    def get(code: str) -> Region:
        return Region.objects.get(code=code)

    return get
