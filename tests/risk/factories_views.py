"""A small factory of index computations for the index pages' tests (tests/risk/test_views*.py, test_exports*):
runs and scores written directly, so the pages are tested without the computation (built elsewhere)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from waspada.regions.models import KABKOTA_LEVELS, Region
from waspada.risk.models import IndexMethod, IndexRun, RegionScore, RunStatus

DIMS = ("konteks_sosial_politik", "penyelenggaraan_pemilu", "kontestasi", "partisipasi")
# Lower bounds of sedang and tinggi the factory's method states (the pages read them from params).
THRESHOLDS = {"province": {"sedang": 30.0, "tinggi": 60.0}, "kabkota": {"sedang": 30.0, "tinggi": 60.0}}


def category(value: float | None) -> str:
    if value is None:
        return ""
    return "tinggi" if value >= 60 else "sedang" if value >= 30 else "rendah"


def method(params: dict[str, Any] | None = None) -> IndexMethod:
    found = IndexMethod.objects.filter(version=1).first()
    return found or IndexMethod.objects.create(version=1, name="uji", params=params or {"categories": THRESHOLDS},
                                               is_active=True)  # fmt: skip


def run(as_of: dt.date, previous: IndexRun | None = None, **extra: Any) -> IndexRun:
    return IndexRun.objects.create(method=method(), as_of=as_of, previous=previous, status=RunStatus.DONE, **extra)


def score(run_: IndexRun, code: str, composite: float | None, *, dims: tuple[float | None, ...] | None = None,
          change: float | None = None, rank: int | None = None, **extra: Any) -> RegionScore:  # fmt: skip
    region = Region.objects.get(code=code)
    level = "province" if region.level == "province" else "kabkota"
    values = dims if dims is not None else tuple(None if composite is None else composite for _ in DIMS)
    return RegionScore.objects.create(
        run=run_, region=region, level=level, province_code=code[:2], kabkota_code=code if "." in code else "",
        composite=composite, category=category(composite), coverage=extra.pop("coverage", 0.75), rank=rank,
        dimensions={d: v for d, v in zip(DIMS, values, strict=True)},
        subdimensions=extra.pop("subdimensions", {"keamanan": composite}),
        change=change, **extra,
    )  # fmt: skip


# Two computations over every region of the small dataset (+ Jawa Timur and Kota Surabaya, foreign to the
# regional personas): the kab/kota's composite in each, with Kota Bandung rising from sedang to tinggi.
FIRST = {"31.71": 20.0, "32.04": 45.0, "32.73": 50.0, "35.78": 70.0, "31": 25.0, "32": 48.0, "35": 66.0}
SECOND = {"31.71": 22.0, "32.04": 40.0, "32.73": 64.5, "35.78": 71.0, "31": 26.0, "32": 55.0, "35": 67.0}


def two_runs() -> tuple[IndexRun, IndexRun]:
    first = run(dt.date(2026, 10, 1))
    second = run(dt.date(2026, 11, 1), previous=first)
    for run_, values, before in ((first, FIRST, None), (second, SECOND, FIRST)):
        for level_codes in (_kabkota(values), _provinces(values)):
            ranked = sorted(level_codes, key=lambda c: -values[c])
            for n, code in enumerate(ranked, start=1):
                change = round(values[code] - before[code], 2) if before else None
                score(run_, code, values[code], rank=n, change=change, dims=_dims(values[code]),
                      contributions=[{"code": "keamanan_1", "label_id": "Bentrok antarpendukung",
                                      "label_en": "Clashes between supporters", "kind": "answer", "value": True,
                                      "score": 100.0, "weight": 0.05, "points": 5.0}],
                      reasons=[{"kind": "answer", "code": "keamanan_1", "before": False, "after": True,
                                "effect": change, "text_id": "Jawaban bentrok berubah menjadi ya",
                                "text_en": "The clashes answer changed to yes"}] if before else [])  # fmt: skip
        run_.regions_scored = len(values)
        run_.save(update_fields=["regions_scored"])
    return first, second


def _dims(value: float) -> tuple[float, ...]:
    """Dimensions spread around the composite: the first one high, the last one low."""
    return (min(100.0, value + 20), value, value, max(0.0, value - 20))


def _kabkota(values: dict[str, float]) -> list[str]:
    codes = set(Region.objects.filter(level__in=KABKOTA_LEVELS).values_list("code", flat=True))
    return [c for c in values if c in codes]


def _provinces(values: dict[str, float]) -> list[str]:
    return [c for c in values if "." not in c]
