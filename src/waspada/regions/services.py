"""`waspada regions import`: validate every file first, then write everything in one transaction."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from waspada.core.audit import record_batch
from waspada.core.db import upsert
from waspada.regions import adjacency
from waspada.regions import geometry as geo
from waspada.regions.models import (
    KABKOTA_LEVELS,
    VILLAGE_LEVELS,
    BoundaryLayer,
    Level,
    Neighbour,
    Region,
    RegionBoundary,
    RegionImport,
)
from waspada.regions.selectors import kabkota_layer_key
from waspada.regions.sources import (
    BOUNDARY_FILES,
    REGION_FILES,
    ReferenceDataError,
    RegionRecord,
    read_decree,
    read_population,
    read_regions,
    read_time_zones,
    verify_checksums,
)

_BATCH = 2000
# The set of prepared layers an import writes. Raise it when that set changes (the per-kab/kota kecamatan layers
# came with 2): `regions import --if-changed` then rebuilds them although the data files are the same.
LAYERS_VERSION = 2
_REGION_COLUMNS = [
    "code", "name", "level", "parent_id", "province_code", "kabkota_code", "is_administrative", "decree", "population",
    "population_male", "population_female", "area_km2", "timezone", "lat", "lng", "search_name", "attributes",
    "is_active",
]  # fmt: skip
_BOUNDARY_FIELDS = [
    "geometry", "coarse", "min_lng", "min_lat", "max_lng", "max_lat", "vertices", "coarse_vertices",
]  # fmt: skip


@dataclass
class ImportResult:
    counts: dict[str, Any]
    report: dict[str, Any]
    decree: str
    seconds: float
    deactivated: int
    layers: dict[str, int] = field(default_factory=dict)


class _Steps:
    """One progress bar over the import's steps; silent when disabled or off a terminal."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.bar = tqdm(total=total, disable=not enabled, unit="langkah", leave=False)

    def __call__(self, label: str) -> None:
        self.bar.set_description(label)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def import_regions(data_dir: Path, domain_dir: Path, *, show_progress: bool = False, actor: Any = None) -> ImportResult:
    started_at, clock = timezone.now(), time.perf_counter()
    step = _Steps(9, show_progress)
    try:
        step("checksums")
        checksums = verify_checksums(data_dir, [*REGION_FILES.values(), *BOUNDARY_FILES.values()])
        decree = read_decree(data_dir)
        zones = read_time_zones(domain_dir)
        step("regions")
        records = read_regions(data_dir)
        population = read_population(data_dir, records)
        _check_zones(records, zones)
        step("boundaries")
        boundaries = _read_all_boundaries(data_dir, records)
        step("simplify")
        layers, report = _prepare_web_geometry(boundaries, records)
        step("write regions")
        rows = _region_rows(records, population, zones, decree)
        with transaction.atomic():
            deactivated = _write_regions(rows)
            step("write boundaries")
            _write_boundaries(boundaries)
            step("write layers")
            _write_layers(layers)
            step("neighbours")
            neighbour_pairs = _write_neighbours(boundaries)
            counts = region_stats()
            run = RegionImport.objects.create(
                started_at=started_at,
                finished_at=timezone.now(),
                data_dir=str(data_dir),
                decree=decree,
                checksums=checksums,
                counts=counts,
                report=report,
            )
            record_batch(
                actor,
                "regions.import",
                object_type="regions.regionimport",
                job_id=str(run.pk),
                counts={**{k: v for k, v in counts.items() if isinstance(v, int)}, "deactivated": deactivated},
                checksum=hashlib.sha256(json.dumps(checksums, sort_keys=True).encode()).hexdigest(),
                details={"decree": decree, "neighbour_pairs": neighbour_pairs},
            )
        step("done")
    finally:
        step.close()
    seconds = time.perf_counter() - clock
    return ImportResult(
        counts, report, decree, seconds, deactivated, {layer.key: len(layer.content_gzip) for layer in layers}
    )


def import_is_current(data_dir: Path) -> bool:
    """True when the last import read exactly these files (same checksums) and nothing was lost since."""
    last = RegionImport.objects.order_by("-started_at").first()
    if last is None:
        return False
    try:
        checksums = verify_checksums(data_dir, [*REGION_FILES.values(), *BOUNDARY_FILES.values()])
    except ReferenceDataError:
        return False
    same_layers = (last.report or {}).get("layers_version") == LAYERS_VERSION
    # An import made before neighbours were computed (migration regions 0002) is redone to fill them in.
    has_neighbours = (
        Neighbour.objects.exists() or not RegionBoundary.objects.filter(region__level__in=KABKOTA_LEVELS).exists()
    )
    return checksums == last.checksums and region_stats() == last.counts and same_layers and has_neighbours


def _check_zones(records: dict[str, RegionRecord], zones: dict[str, str]) -> None:
    for code, record in records.items():
        if record.level == Level.PROVINCE and code not in zones:
            raise ReferenceDataError("regions.yaml", f"province {code} ({record.name}) has no time zone")


def _read_all_boundaries(data_dir: Path, records: dict[str, RegionRecord]) -> dict[str, list[geo.Boundary]]:
    by_kind: dict[str, list[geo.Boundary]] = {}
    for kind, levels in (
        ("province", (Level.PROVINCE,)),
        ("kabkota", KABKOTA_LEVELS),
        ("kecamatan", (Level.KECAMATAN,)),
    ):
        known = {code for code, record in records.items() if record.level in levels}
        by_kind[kind] = list(geo.read_boundaries(data_dir, kind, known).values())
    return by_kind


def _prepare_web_geometry(
    boundaries: dict[str, list[geo.Boundary]], records: dict[str, RegionRecord]
) -> tuple[list[geo.Layer], dict[str, Any]]:
    """Coarse national layers, a detailed layer per province and one per kab/kota (its kecamatan, what a map
    of a kab/kota draws and names at close zoom), and each region's own web outline."""
    report: dict[str, Any] = {"layers_version": LAYERS_VERSION}
    layers: list[geo.Layer] = []
    coarse_grid, detail_grid = 10.0**-geo.COARSE_DIGITS, 10.0**-geo.DETAIL_DIGITS
    for kind in ("province", "kabkota"):
        items = boundaries[kind]
        simplified = geo.simplify_coverage(items, geo.COARSE_TOLERANCE, coarse_grid)
        report[kind] = geo.simplification_report([item.source for item in items], simplified)
        texts = geo.geojson_texts(simplified, geo.COARSE_DIGITS)
        features = [
            geo.feature_text(_properties(records[item.code]), text) for item, text in zip(items, texts, strict=True)
        ]
        layers.append(geo.build_layer(f"national-{kind}", features))
    per_province: dict[str, list[str]] = {item.code: [] for item in boundaries["province"]}
    per_kabkota: dict[str, list[str]] = {item.code: [] for item in boundaries["kabkota"]}
    for kind in ("province", "kabkota", "kecamatan"):
        items = boundaries[kind]
        simplified = geo.simplify_coverage(items, geo.DETAIL_TOLERANCE, detail_grid)
        texts = geo.geojson_texts(simplified, geo.DETAIL_DIGITS)
        for item, geometry, text in zip(items, simplified, texts, strict=True):
            item.web_geometry, item.web = geometry, text
            if kind != "province":
                feature = geo.feature_text(_properties(records[item.code]), text)
                per_province[item.code[:2]].append(feature)
                if kind == "kecamatan" and item.code[:5] in per_kabkota:
                    per_kabkota[item.code[:5]].append(feature)
    layers.extend(geo.build_layer(f"province-{code}", features) for code, features in sorted(per_province.items()))
    layers.extend(geo.build_layer(kabkota_layer_key(code), features)
                  for code, features in sorted(per_kabkota.items()) if features)  # fmt: skip
    return layers, report


def _properties(record: RegionRecord) -> dict[str, str]:
    return {"code": record.code, "name": record.name, "level": record.level}


def _region_rows(
    records: dict[str, RegionRecord], population: dict[str, Any], zones: dict[str, str], decree: str
) -> list[tuple[Any, ...]]:
    """Rows in _REGION_COLUMNS order, parents before children (the file order guarantees it)."""
    rows = []
    for code, record in records.items():
        people = population.get(code)
        rows.append((
            code, record.name, record.level, record.parent, record.province_code, record.kabkota_code,
            record.is_administrative, decree,
            people.total if people else None, people.male if people else None, people.female if people else None,
            people.area_km2 if people else None,
            zones[record.province_code], record.lat, record.lng, record.name.casefold(),
            json.dumps(record.attributes), True,
        ))  # fmt: skip
    return rows


def _batches(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]


def _write_regions(rows: list[tuple[Any, ...]]) -> int:
    """Upsert by code (idempotent); regions no longer in the data are deactivated, never deleted."""
    upsert(Region, _REGION_COLUMNS, "code", rows)
    current = {row[0] for row in rows}
    stale = [
        code for code in Region.objects.filter(is_active=True).values_list("code", flat=True) if code not in current
    ]
    for batch in _batches(stale):
        Region.objects.filter(code__in=batch).update(is_active=False)
    return len(stale)


def _write_boundaries(boundaries: dict[str, list[geo.Boundary]]) -> None:
    rows = []
    for items in boundaries.values():
        texts = geo.geojson_texts([item.source for item in items], 5)
        for item, text in zip(items, texts, strict=True):
            min_lng, min_lat, max_lng, max_lat = item.source.bounds
            rows.append(
                (
                    item.code,
                    text,
                    item.web,
                    min_lng,
                    min_lat,
                    max_lng,
                    max_lat,
                    int(shapely.get_num_coordinates(item.source)),
                    int(shapely.get_num_coordinates(item.web_geometry)),
                )
            )
    upsert(RegionBoundary, ["region_id", *_BOUNDARY_FIELDS], "region_id", rows)


def _write_layers(layers: list[geo.Layer]) -> None:
    BoundaryLayer.objects.exclude(key__in=[layer.key for layer in layers]).delete()
    for layer in layers:
        BoundaryLayer.objects.update_or_create(
            key=layer.key,
            defaults={
                "content_gzip": layer.content_gzip,
                "etag": layer.etag,
                "raw_bytes": layer.raw_bytes,
                "gzip_bytes": len(layer.content_gzip),
                "features": layer.features,
            },
        )


def _write_neighbours(boundaries: dict[str, list[geo.Boundary]]) -> int:
    """Replace the neighbour table: provinces with provinces, kab/kota with kab/kota. Returns the pairs stored."""
    Neighbour.objects.all().delete()
    rows: list[Neighbour] = []
    for kind in ("province", "kabkota"):
        items = boundaries.get(kind, [])
        pairs = adjacency.neighbours([item.code for item in items], [item.source for item in items])
        rows.extend(Neighbour(region_id=p.code, neighbour_id=p.neighbour, gap_km=p.gap_km) for p in pairs)
    Neighbour.objects.bulk_create(rows, batch_size=1000)
    return len(rows) // 2


def region_stats() -> dict[str, Any]:
    """The counts `waspada regions stats --json` prints, straight from the database."""
    active = Region.objects.filter(is_active=True)
    with_boundary = active.filter(boundary__isnull=False)
    return {
        "province": active.filter(level=Level.PROVINCE).count(),
        "kabkota": active.filter(level__in=KABKOTA_LEVELS).count(),
        "kecamatan": active.filter(level=Level.KECAMATAN).count(),
        "desa": active.filter(level__in=VILLAGE_LEVELS).count(),
        "boundaries": {
            "province": with_boundary.filter(level=Level.PROVINCE).count(),
            "kabkota": with_boundary.filter(level__in=KABKOTA_LEVELS).count(),
            "kecamatan": with_boundary.filter(level=Level.KECAMATAN).count(),
        },
    }
