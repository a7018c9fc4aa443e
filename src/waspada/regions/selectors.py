"""Reads of region reference data (readable by every signed-in user, so no scope filter here)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from rapidfuzz import fuzz, process, utils

from waspada.regions.models import LEVEL_GROUPS, BoundaryLayer, Neighbour, Region, RegionImport

_CODE_QUERY = re.compile(r"^\d{2}(\.\d{0,2}){0,3}\.?\d*$")
# Higher levels first when scores tie: a search for "Bandung" should offer the kota before a desa.
_LEVEL_RANK = {"province": 0, "kota": 1, "kabupaten": 1, "kecamatan": 2, "kelurahan": 3, "desa": 3,
               "desa_adat": 3, "island": 4}  # fmt: skip
_PREFIXES = re.compile(r"^(kabupaten administrasi|kota administrasi|kabupaten|kab\.?|kota|kec\.?|kecamatan|desa|"
                       r"kelurahan|kel\.?|provinsi|prov\.?)\s+")  # fmt: skip


def active_regions() -> QuerySet[Region]:
    return Region.objects.filter(is_active=True)


def regions_in_levels(level_group: str | None) -> QuerySet[Region]:
    regions = active_regions()
    if level_group:
        regions = regions.filter(level__in=LEVEL_GROUPS[level_group])
    return regions


@dataclass(frozen=True)
class _Choice:
    code: str
    level: str


_PREFIX_LEVELS = {"kabupaten": {"kabupaten"}, "kab": {"kabupaten"}, "kota": {"kota"}, "kec": {"kecamatan"},
                  "kecamatan": {"kecamatan"}, "desa": {"desa", "desa_adat"}, "kelurahan": {"kelurahan"},
                  "kel": {"kelurahan"}, "provinsi": {"province"}, "prov": {"province"}}  # fmt: skip


def _preferred_levels(query: str) -> set[str]:
    """The level a typed prefix asks for: "Kota Bandung" should rank the kota above the kabupaten."""
    match = _PREFIXES.match(query.casefold().strip())
    if not match:
        return set()
    word = match.group(1).split()[0].rstrip(".")
    return _PREFIX_LEVELS.get(word, set())


def _key(name: str) -> str:
    """Search key: case-folded and without the administrative prefix the user may or may not type."""
    return _PREFIXES.sub("", name.casefold().strip())


@lru_cache(maxsize=2)
def _choices(version: tuple[int, str] | None) -> tuple[list[str], list[_Choice]]:
    rows = active_regions().values_list("code", "name", "level")
    return [_key(name) for _, name, _ in rows], [_Choice(code, level) for code, _, level in rows]


# Imports are rare and every region read asks for the version: remember it briefly per process. An import in
# this process clears it at once (signal below); other processes see a new import within this many seconds.
VERSION_MEMO_SECONDS = 5.0
_version_memo: dict[str, tuple[float, tuple[int, str] | None]] = {}


def latest_import_version() -> tuple[int, str] | None:
    """Identifies the region data in the database: caches of derived structures are keyed by it.

    The timestamp is part of it because a rolled-back import can hand its id to the next one.
    """
    memo = _version_memo.get("latest")
    if memo is not None and time.monotonic() - memo[0] < VERSION_MEMO_SECONDS:
        return memo[1]
    row = RegionImport.objects.order_by("-started_at").values_list("id", "started_at").first()
    version = (row[0], row[1].isoformat()) if row else None
    _version_memo["latest"] = (time.monotonic(), version)
    return version


@receiver([post_save, post_delete], sender=RegionImport)
def forget_import_version(**_: object) -> None:
    _version_memo.clear()


def search_codes(query: str, level_group: str | None = None, limit: int = 20) -> list[str]:
    """Region codes matching a name (typos tolerated) or a code prefix, best first."""
    query = query.strip()
    if not query:
        return []
    if _CODE_QUERY.match(query):
        return list(
            regions_in_levels(level_group).filter(code__startswith=query).values_list("code", flat=True)[:limit]
        )
    levels = set(LEVEL_GROUPS[level_group]) if level_group else None
    keys, choices = _choices(latest_import_version())
    wanted = _key(query)
    preferred = _preferred_levels(query)
    matches = process.extract(
        wanted, keys, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit * 20, score_cutoff=80
    )
    ranked = []
    for key, _score, index in matches:
        choice = choices[index]
        if levels is not None and choice.level not in levels:
            continue
        similarity = fuzz.ratio(wanted, key)  # whole-name likeness: WRatio's partial match scores "ban" 90
        cue = 0 if not preferred or choice.level in preferred else 1
        ranked.append((_tier(key, wanted, choice.level, similarity), cue, -round(similarity),
                       _LEVEL_RANK.get(choice.level, 5), choice.code))  # fmt: skip
    ranked.sort()
    return [item[-1] for item in ranked[:limit]]


_HIGH_LEVELS = {"province", "kabupaten", "kota"}
_CLOSE = 80  # fuzz.ratio of a typo of a name: "bandnug" / "bandung" is 86


def _tier(key: str, wanted: str, level: str, similarity: float) -> int:
    """The rank of a match (issue 14): the exact name, then province and kab/kota names starting with what was
    typed, then kecamatan ones, then close misspellings of province and kab/kota names and of kecamatan, then
    villages starting with it, then the rest. A typo of a city never puts a village first."""
    if key == wanted:
        return 0
    prefix = key.startswith(wanted)
    if level in _HIGH_LEVELS:
        return 1 if prefix else 3 if similarity >= _CLOSE else 6
    if level == "kecamatan":
        return 2 if prefix else 4 if similarity >= _CLOSE else 6
    return 5 if prefix else 6


@lru_cache(maxsize=2)
def _kabkota_names(version: tuple[int, str] | None) -> dict[str, str]:
    return dict(regions_in_levels("kabkota").values_list("code", "name"))


def kabkota_name(code: str | None) -> str:
    """The name of a kab/kota by its code ("" when unknown), from a per-process table of the 514 names."""
    return _kabkota_names(latest_import_version()).get(code or "", "")


def search_regions(query: str, level_group: str | None = None, limit: int = 20) -> list[Region]:
    codes = search_codes(query, level_group, limit)
    by_code = active_regions().select_related("parent", "parent__parent").in_bulk(codes)
    return [by_code[code] for code in codes if code in by_code]


def get_region(code: str, *, with_geometry: bool = False) -> Region | None:
    regions = Region.objects.select_related("parent__parent__parent", "boundary").filter(code=code)
    if not with_geometry:
        # Polygons can weigh hundreds of kilobytes; most callers only need the bounding box.
        regions = regions.defer("boundary__geometry", "boundary__coarse")
    return regions.first()


def get_layer(key: str) -> BoundaryLayer | None:
    return BoundaryLayer.objects.filter(key=key).first()


def layer_versions() -> dict[str, str]:
    """ETags of every layer, so pages can link layers with a version and let browsers cache them for good."""
    return dict(BoundaryLayer.objects.values_list("key", "etag"))


def layer_url(key: str, versions: dict[str, str]) -> str:
    """The URL of a boundary layer with its version (from layer_versions()), cached by browsers for good."""
    return f"{reverse('regions:layer', args=[key])}?v={versions.get(key, '')}"


def kabkota_layer_key(code: str) -> str:
    """The key of a kab/kota's kecamatan layer ("kabkota-32-73": a slug, as the layer route takes)."""
    return "kabkota-" + code.replace(".", "-")


@lru_cache(maxsize=4)
def _province_zones(version: tuple[int, str] | None) -> dict[str, str]:
    return dict(active_regions().filter(level="province").values_list("code", "timezone"))


def zone_of(region_code: str | None) -> str | None:
    """IANA zone of the province a region code lies in (WIB/WITA/WIT), None when unknown."""
    if not region_code:
        return None
    return _province_zones(latest_import_version()).get(region_code[:2])


def neighbours_of(code: str) -> list[str]:
    """Codes of the regions bordering this one (same level), nearest first; computed at import (adjacency.py)."""
    rows = Neighbour.objects.filter(region_id=code).order_by("gap_km", "neighbour_id")
    return list(rows.values_list("neighbour_id", flat=True))


def neighbour_map(level_group: str = "kabkota") -> dict[str, list[str]]:
    """Every region of a level group with its neighbours' codes, in one query (for signals over all regions)."""
    result: dict[str, list[str]] = {}
    rows = Neighbour.objects.filter(region__level__in=LEVEL_GROUPS[level_group]).order_by("region_id", "gap_km")
    for code, neighbour in rows.values_list("region_id", "neighbour_id"):
        result.setdefault(code, []).append(neighbour)
    return result
