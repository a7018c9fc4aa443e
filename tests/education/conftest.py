"""Shared set-up of the education tests: photos in a scratch folder, populations on the small dataset's regions,
a valid activity body, and a computed vulnerability index when a test asks for one."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from waspada.education.inputs import ActivityInput
from waspada.regions.models import Region
from waspada.risk.models import IndexMethod, IndexRun, RegionScore, RunStatus

TODAY = dt.date(2026, 11, 20)
POPULATION = {"32": 50_000_000, "32.04": 3_700_000, "32.73": 2_500_000, "35": 41_000_000, "35.78": 3_000_000}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in English (the catalogue's source language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def populated(personas: dict[str, Any]) -> dict[str, Any]:
    for code, population in POPULATION.items():
        Region.objects.filter(code=code).update(population=population)
    return personas


def activity(**overrides: Any) -> ActivityInput:
    values: dict[str, Any] = {
        "title": "Sosialisasi pemilih pemula SMA", "start_date": dt.date(2026, 11, 10), "region": "32.73",
        "organiser": "Badan Kesbangpol Kota Bandung", "activity_type": "law_socialisation",
        "facilitation_form": "coordination", "target_groups": ["first_time_voters", "students"],
        "participants_male": 40, "participants_female": 60, "partners": "KPU Kota Bandung", "budget_idr": 15_000_000,
    }  # fmt: skip
    values.update(overrides)
    return ActivityInput(**values)


def png(name: str = "foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def index_run(categories: dict[str, str], as_of: dt.date = TODAY, level: str = "kabkota") -> IndexRun:
    """A finished computation giving each region code its category (as the risk app would store it)."""
    method, _created = IndexMethod.objects.get_or_create(version=1, defaults={"name": "uji", "params": {}})
    run = IndexRun.objects.create(method=method, as_of=as_of, status=RunStatus.DONE)
    for code, category in categories.items():
        RegionScore.objects.create(run=run, region_id=code, level=level, province_code=code[:2], composite=70.0,
                                   kabkota_code=code if "." in code else "", category=category)  # fmt: skip
    return run
