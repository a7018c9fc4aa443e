"""Every broken reference file is refused with the file and the problem named."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.regions.dataset import sign, square
from waspada.regions.services import import_regions
from waspada.regions.sources import ReferenceDataError, parse_dms, read_regions, verify_checksums


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _refused(dataset: tuple[Path, Path], file_part: str, message_part: str) -> None:
    with pytest.raises(ReferenceDataError) as caught:
        import_regions(*dataset)
    assert file_part in caught.value.file
    assert message_part in caught.value.message


def test_wrong_checksum_is_refused(db: None, dataset: tuple[Path, Path]) -> None:
    _edit(dataset[0] / "regions/regencies.csv", "Kota Bandung", "Kota Bandoeng")
    _refused(dataset, "regions/regencies.csv", "checksum mismatch")


def test_truncated_file_fails_its_checksum(db: None, dataset: tuple[Path, Path]) -> None:
    path = dataset[0] / "regions/villages.csv"
    path.write_bytes(path.read_bytes()[:60])
    _refused(dataset, "regions/villages.csv", "checksum mismatch")


def test_truncated_file_with_matching_checksum_is_still_refused(db: None, dataset: tuple[Path, Path]) -> None:
    path = dataset[0] / "boundaries/kabkota_kepmendagri2025.geojson"
    path.write_bytes(path.read_bytes()[:200])
    sign(dataset[0])
    _refused(dataset, "kabkota_kepmendagri2025.geojson", "not a GeoJSON FeatureCollection")


def test_truncated_csv_row_is_refused(db: None, dataset: tuple[Path, Path]) -> None:
    path = dataset[0] / "regions/districts.csv"
    path.write_text(path.read_text(encoding="utf-8").rsplit(",", 1)[0] + "\n", encoding="utf-8")
    sign(dataset[0])
    _refused(dataset, "regions/districts.csv", "wrong number of columns")


def test_missing_file_is_named(db: None, dataset: tuple[Path, Path]) -> None:
    (dataset[0] / "regions/districts.csv").unlink()
    _refused(dataset, "regions/districts.csv", "file missing")


def test_gzipped_files_are_read_and_checked_as_stored(db: None, dataset: tuple[Path, Path]) -> None:
    plain = import_regions(*dataset).counts
    for relative in ("regions/villages.csv", "boundaries/kecamatan_kepmendagri2025.geojson"):
        path = dataset[0] / relative
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), mtime=0))
        path.unlink()
    sign(dataset[0])
    assert "./regions/villages.csv.gz" in (dataset[0] / "SHA256SUMS").read_text(encoding="utf-8")
    assert import_regions(*dataset).counts == plain
    checksums = verify_checksums(dataset[0], ["regions/villages.csv", "regions/provinces.csv"])
    assert set(checksums) == {"regions/villages.csv.gz", "regions/provinces.csv"}


def test_damaged_gzip_file_is_refused(db: None, dataset: tuple[Path, Path]) -> None:
    path = dataset[0] / "regions/districts.csv"
    path.with_name("districts.csv.gz").write_bytes(gzip.compress(path.read_bytes(), mtime=0)[:40])
    path.unlink()
    sign(dataset[0])
    _refused(dataset, "regions/districts.csv", "cannot read")


def test_missing_file_names_both_forms(db: None, dataset: tuple[Path, Path]) -> None:
    (dataset[0] / "regions/districts.csv").unlink()
    with pytest.raises(ReferenceDataError, match=r"districts\.csv\.gz"):
        import_regions(*dataset)


def test_missing_checksum_list(db: None, dataset: tuple[Path, Path]) -> None:
    (dataset[0] / "SHA256SUMS").unlink()
    _refused(dataset, "SHA256SUMS", "checksum list missing")


def test_duplicate_code_is_refused(db: None, dataset: tuple[Path, Path]) -> None:
    path = dataset[0] / "regions/districts.csv"
    path.write_text(path.read_text(encoding="utf-8") + "32.73.01,32.73,Sukasari Lagi\n", encoding="utf-8")
    sign(dataset[0])
    _refused(dataset, "regions/districts.csv", "duplicate code 32.73.01")


def test_orphan_parent_is_refused(db: None, dataset: tuple[Path, Path]) -> None:
    path = dataset[0] / "regions/villages.csv"
    path.write_text(path.read_text(encoding="utf-8") + "32.79.01.1001,32.79.01,Entah\n", encoding="utf-8")
    sign(dataset[0])
    _refused(dataset, "regions/villages.csv", "unknown parent '32.79.01'")


def test_code_that_does_not_extend_its_parent_is_refused(db: None, dataset: tuple[Path, Path]) -> None:
    path = dataset[0] / "regions/districts.csv"
    path.write_text(path.read_text(encoding="utf-8") + "32.04.09,32.73,Salah Induk\n", encoding="utf-8")
    sign(dataset[0])
    _refused(dataset, "regions/districts.csv", "does not start with its parent")


def test_malformed_code_is_refused(db: None, dataset: tuple[Path, Path]) -> None:
    _edit(dataset[0] / "regions/regencies.csv", "32.73,32,", "32.7x,32,")
    sign(dataset[0])
    _refused(dataset, "regions/regencies.csv", "does not have the kabkota format")


def test_kota_code_with_kabupaten_name_is_refused(db: None, dataset: tuple[Path, Path]) -> None:
    _edit(dataset[0] / "regions/regencies.csv", "Kota Bandung", "Kabupaten Bandung Kota")
    sign(dataset[0])
    _refused(dataset, "regions/regencies.csv", "should be named 'Kota")


def test_bad_geometry_is_refused(db: None, dataset: tuple[Path, Path]) -> None:
    path = dataset[0] / "boundaries/kecamatan_kepmendagri2025.geojson"
    document = json.loads(path.read_text(encoding="utf-8"))
    # A bow-tie ring crosses itself: not a valid polygon.
    document["features"][0]["geometry"]["coordinates"] = [
        [[106.7, -6.2], [106.8, -6.1], [106.8, -6.2], [106.7, -6.1], [106.7, -6.2]]
    ]
    path.write_text(json.dumps(document), encoding="utf-8")
    sign(dataset[0])
    _refused(dataset, "kecamatan_kepmendagri2025.geojson", "bad geometry for 31.71.01")


def test_boundary_of_unknown_region_is_refused(db: None, dataset: tuple[Path, Path]) -> None:
    _edit(dataset[0] / "boundaries/kabkota_kepmendagri2025.geojson", '"code": "32.04"', '"code": "32.05"')
    sign(dataset[0])
    _refused(dataset, "kabkota_kepmendagri2025.geojson", "32.05 is not a known kabkota region")


def test_geometry_outside_indonesia_is_refused(db: None, dataset: tuple[Path, Path]) -> None:
    path = dataset[0] / "boundaries/provinsi_kepmendagri2025.geojson"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["features"][1]["geometry"] = square(7.3, -7.3, 0.7)  # lat/lng swapped or a digit lost
    path.write_text(json.dumps(document), encoding="utf-8")
    sign(dataset[0])
    _refused(dataset, "provinsi_kepmendagri2025.geojson", "outside Indonesia")


def test_province_without_time_zone_is_refused(db: None, dataset: tuple[Path, Path]) -> None:
    _edit(dataset[1] / "regions.yaml", "code: '31'", "code: '39'")
    _refused(dataset, "regions.yaml", "province 31")


def test_non_utf8_file_is_refused(dataset: tuple[Path, Path]) -> None:
    path = dataset[0] / "regions/provinces.csv"
    path.write_bytes(path.read_bytes().replace(b"Jawa", b"J\xe4wa"))
    sign(dataset[0])
    with pytest.raises(ReferenceDataError, match="not valid UTF-8"):
        read_regions(dataset[0])


def test_checksums_are_returned_for_every_file(dataset: tuple[Path, Path]) -> None:
    sums = verify_checksums(dataset[0], ["regions/provinces.csv"])
    assert list(sums) == ["regions/provinces.csv"] and len(sums["regions/provinces.csv"]) == 64


def test_levels_and_flags_come_from_codes(dataset: tuple[Path, Path]) -> None:
    records = read_regions(dataset[0])
    assert records["32.73"].level == "kota" and records["32.04"].level == "kabupaten"
    assert records["31.71"].is_administrative and not records["32.73"].is_administrative
    assert records["32.73.01.1001"].level == "kelurahan" and records["32.04.05.2001"].level == "desa"
    island = records["32.00.40001"]
    assert island.parent == "32" and island.kabkota_code == ""


def test_dms_coordinates() -> None:
    lat, lng = parse_dms("""03°19'03.44" N 097°07'41.73" E""", 2)
    assert lat == pytest.approx(3.317622, abs=1e-6) and lng == pytest.approx(97.128258, abs=1e-6)
    lat, _ = parse_dms("""07°00'00.00" S 107°30'00.00" E""", 3)
    assert lat == pytest.approx(-7.0)
    with pytest.raises(ReferenceDataError, match="unreadable coordinate"):
        parse_dms("somewhere", 4)
