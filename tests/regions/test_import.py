"""The import: counts, idempotency, all-or-nothing, layers, and the CLI's exit codes."""

from __future__ import annotations

import gzip
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.regions.dataset import sign
from waspada.regions.models import BoundaryLayer, Region, RegionBoundary, RegionImport
from waspada.regions.services import import_is_current, import_regions, region_stats

EXPECTED = {"province": 2, "kabkota": 3, "kecamatan": 4, "desa": 4,
            "boundaries": {"province": 2, "kabkota": 3, "kecamatan": 4}}  # fmt: skip


def test_import_counts_and_attributes(small_regions: tuple[Path, Path]) -> None:
    assert region_stats() == EXPECTED
    kota = Region.objects.get(code="32.73")
    assert (kota.name, kota.level, kota.parent_id, kota.province_code) == ("Kota Bandung", "kota", "32", "32")
    assert kota.population == 2591763 and kota.area_km2 == pytest.approx(166.593)
    assert kota.timezone == "Asia/Jakarta" and kota.decree == "Kepmendagri 300.2.2-2138/2025"
    assert Region.objects.get(code="31.71").is_administrative
    assert Region.objects.get(code="32.73.01.1001").kabkota_code == "32.73"
    assert Region.objects.filter(level="island").count() == 2
    assert RegionImport.objects.count() == 1


def test_import_is_idempotent(small_regions: tuple[Path, Path]) -> None:
    before = list(Region.objects.values_list("code", "name", "parent_id", "population").order_by("code"))
    etags = dict(BoundaryLayer.objects.values_list("key", "etag"))
    import_regions(*small_regions)
    assert list(Region.objects.values_list("code", "name", "parent_id", "population").order_by("code")) == before
    assert dict(BoundaryLayer.objects.values_list("key", "etag")) == etags
    assert region_stats() == EXPECTED


def test_a_reimport_written_in_many_batches_changes_nothing(
    db: None, dataset: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The official data (91,000 regions) is upserted and deactivated in batches. With batches of two rows the
    small set goes through every batch boundary too: a forced second import writes the same regions, boundaries
    and layer etags and deactivates nothing; a later one deactivates the dropped villages across batches.
    (tests/fulldata checks that the official files, once imported, are found current and left alone.)"""
    monkeypatch.setattr("waspada.core.db._BATCH", 2)
    monkeypatch.setattr("waspada.regions.services._BATCH", 2)
    assert import_regions(*dataset).counts == EXPECTED  # every batch of the first import written
    columns = ("code", "name", "parent_id", "population", "timezone", "is_active")
    regions = list(Region.objects.values_list(*columns).order_by("code"))
    boundaries = list(RegionBoundary.objects.values_list("region_id", "geometry", "coarse").order_by("region_id"))
    etags = dict(BoundaryLayer.objects.values_list("key", "etag"))
    again = import_regions(*dataset)
    assert again.counts == EXPECTED and again.deactivated == 0
    assert list(Region.objects.values_list(*columns).order_by("code")) == regions
    assert list(RegionBoundary.objects.values_list("region_id", "geometry", "coarse").order_by("region_id")) == (
        boundaries
    )
    assert dict(BoundaryLayer.objects.values_list("key", "etag")) == etags
    villages = dataset[0] / "regions/villages.csv"
    kept = "32.73.02.1001"
    villages.write_text("".join(line for line in villages.read_text().splitlines(keepends=True)
                                if line.startswith(("code,", kept))))  # fmt: skip
    sign(dataset[0])
    assert import_regions(*dataset).deactivated == 3  # two batches: two villages, then one
    assert set(
        Region.objects.filter(level__in=["desa", "kelurahan"], is_active=True).values_list("code", flat=True)
    ) == {kept}
    assert Region.objects.count() == len(regions)


def test_region_dropped_from_the_data_is_deactivated_not_deleted(small_regions: tuple[Path, Path]) -> None:
    villages = small_regions[0] / "regions/villages.csv"
    villages.write_text("".join(line for line in villages.read_text().splitlines(keepends=True)
                                if not line.startswith("32.73.02.1001")))  # fmt: skip
    sign(small_regions[0])
    result = import_regions(*small_regions)
    assert result.deactivated == 1
    assert not Region.objects.get(code="32.73.02.1001").is_active
    assert region_stats()["desa"] == 3


def test_failed_import_writes_nothing(db: None, dataset: tuple[Path, Path]) -> None:
    path = dataset[0] / "boundaries/kecamatan_kepmendagri2025.geojson"
    path.write_text(path.read_text().replace('"32.73.02"', '"32.73.09"'))
    sign(dataset[0])
    with pytest.raises(Exception, match="32.73.09"):
        import_regions(*dataset)
    assert Region.objects.count() == 0 and RegionBoundary.objects.count() == 0
    assert BoundaryLayer.objects.count() == 0 and RegionImport.objects.count() == 0


def test_layers_are_gzipped_geojson_with_every_region(small_regions: tuple[Path, Path]) -> None:
    layer = BoundaryLayer.objects.get(key="national-kabkota")
    document = json.loads(gzip.decompress(bytes(layer.content_gzip)))
    assert sorted(f["properties"]["code"] for f in document["features"]) == ["31.71", "32.04", "32.73"]
    assert layer.gzip_bytes == len(bytes(layer.content_gzip)) and layer.features == 3
    province = json.loads(gzip.decompress(bytes(BoundaryLayer.objects.get(key="province-32").content_gzip)))
    assert {f["properties"]["level"] for f in province["features"]} == {"kabupaten", "kota", "kecamatan"}
    assert set(BoundaryLayer.objects.values_list("key", flat=True)) == {
        "national-province", "national-kabkota", "province-31", "province-32", "kabkota-31-71", "kabkota-32-04",
        "kabkota-32-73"}  # fmt: skip


def test_each_kabkota_has_a_layer_of_its_own_kecamatan(small_regions: tuple[Path, Path]) -> None:
    layer = BoundaryLayer.objects.get(key="kabkota-32-73")
    document = json.loads(gzip.decompress(bytes(layer.content_gzip)))
    assert [(f["properties"]["code"], f["properties"]["level"]) for f in document["features"]] == [
        ("32.73.01", "kecamatan"), ("32.73.02", "kecamatan")]  # fmt: skip
    assert document["features"][1]["properties"]["name"] == "Coblong" and layer.features == 2


def test_an_import_from_before_the_kabkota_layers_is_not_current(small_regions: tuple[Path, Path]) -> None:
    data_dir, _domain = small_regions
    assert import_is_current(data_dir)
    run = RegionImport.objects.get()
    run.report = {key: value for key, value in run.report.items() if key != "layers_version"}
    run.save()
    assert not import_is_current(data_dir)  # `regions import --if-changed` then builds the missing layers


def test_simplification_report_measures_the_kota_inside_kabupaten_overlap(
    small_regions: tuple[Path, Path],
) -> None:
    report = RegionImport.objects.get().report
    # Kota Bandung's 0.15° square lies inside Kabupaten Bandung: about 0.0225 deg² ≈ 275 km² at 7° S.
    assert report["kabkota"]["source_overlap_km2"] == pytest.approx(275, rel=0.02)
    assert report["kabkota"]["source_gap_km2"] == 0


def test_cli_stats_json(small_regions: tuple[Path, Path]) -> None:
    out = StringIO()
    call_command("regions", "stats", "--json", stdout=out)
    assert json.loads(out.getvalue()) == EXPECTED


def test_cli_import_reports_counts_and_layers(db: None, dataset: tuple[Path, Path]) -> None:
    out = StringIO()
    call_command("regions", "import", "--data-dir", str(dataset[0]), "--domain-dir", str(dataset[1]),
                 "--no-progress", "--json", stdout=out)  # fmt: skip
    summary = json.loads(out.getvalue())
    assert summary["counts"] == EXPECTED
    assert set(summary["layers_gzip_bytes"]) == {"national-province", "national-kabkota"}
    assert "source_overlap_km2" in summary["simplification"]["kabkota"]


def test_cli_failure_names_the_file_and_exits_1(db: None, dataset: tuple[Path, Path]) -> None:
    (dataset[0] / "regions/provinces.csv").write_text("code,name\n")
    with pytest.raises(CommandError) as caught:
        call_command("regions", "import", "--data-dir", str(dataset[0]), "--domain-dir", str(dataset[1]),
                     "--no-progress")  # fmt: skip
    assert caught.value.returncode == 1
    assert "regions/provinces.csv" in str(caught.value) and "checksum mismatch" in str(caught.value)
    assert "nothing was written" in str(caught.value)


def test_cli_if_changed_skips_an_unchanged_dataset(small_regions: tuple[Path, Path]) -> None:
    args = ["regions", "import", "--data-dir", str(small_regions[0]), "--domain-dir", str(small_regions[1]),
            "--no-progress", "--if-changed"]  # fmt: skip
    out = StringIO()
    call_command(*args, stdout=out)
    assert "up to date" in out.getvalue() and RegionImport.objects.count() == 1
    villages = small_regions[0] / "regions/villages.csv"
    villages.write_text(villages.read_text() + "32.73.02.1002,32.73.02,Lebakgede\n")
    sign(small_regions[0])
    call_command(*args, stdout=StringIO())
    assert RegionImport.objects.count() == 2 and Region.objects.filter(code="32.73.02.1002").exists()


def test_import_records_one_audit_event(small_regions: tuple[Path, Path]) -> None:
    from waspada.core.audit.models import AuditEvent

    events = AuditEvent.objects.filter(action="regions.import")
    assert events.count() == 1
    batch = events.get().batch
    assert batch["counts"]["kecamatan"] == 4 and len(batch["checksum"]) == 64
