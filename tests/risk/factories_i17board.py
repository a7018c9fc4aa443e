"""Small factories for the situation board's and the reference comparison's tests: index runs and scores
written directly (the computation is built elsewhere), and regions the small test dataset lacks."""

from __future__ import annotations

import datetime as dt

from waspada.regions.models import Level as RegionLevel
from waspada.regions.models import Region
from waspada.risk.models import Category, IndexMethod, IndexRun, Level, RegionScore, RunStatus


def region(code: str, name: str, population: int | None = None) -> Region:
    """A province (no dot) or a kota under its province, created when missing."""
    province = code.split(".")[0]
    level = RegionLevel.PROVINCE if "." not in code else RegionLevel.KOTA
    parent = None if level == RegionLevel.PROVINCE else region(province, f"Provinsi {province}")
    found, _ = Region.objects.get_or_create(code=code, defaults={
        "name": name, "level": level, "parent": parent, "province_code": province,
        "kabkota_code": code if parent else "", "decree": "test", "timezone": "Asia/Jayapura",
        "search_name": name.lower(), "population": population,
    })  # fmt: skip
    return found


def run(as_of: dt.date = dt.date(2026, 12, 1), previous: IndexRun | None = None) -> IndexRun:
    method, _ = IndexMethod.objects.get_or_create(version=1, defaults={"name": "test", "params": {}})
    return IndexRun.objects.create(method=method, as_of=as_of, previous=previous, status=RunStatus.DONE)


def category_of(composite: float) -> str:
    return Category.TINGGI if composite >= 60 else Category.SEDANG if composite >= 30 else Category.RENDAH


def score(index_run: IndexRun, code: str, composite: float, change: float | None = None) -> RegionScore:
    """One region's score; rank is left to `rank_all` once a run's scores are in."""
    place = Region.objects.get(code=code)
    level = Level.PROVINCE if place.level == RegionLevel.PROVINCE else Level.KABKOTA
    return RegionScore.objects.create(
        run=index_run, region=place, level=level, province_code=place.province_code,
        kabkota_code=place.kabkota_code or "", composite=composite, category=category_of(composite),
        coverage=1.0, change=change,
    )  # fmt: skip


def rank_all(index_run: IndexRun) -> None:
    for level in Level.values:
        rows = RegionScore.objects.filter(run=index_run, level=level).order_by("-composite", "region_id")
        for position, row in enumerate(rows, start=1):
            RegionScore.objects.filter(pk=row.pk).update(rank=position)
