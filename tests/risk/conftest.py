"""Index fixtures (i17-core): the small regions with round populations, the real taxonomy, a small instrument whose
scores are easy to compute by hand, and helpers writing approved questionnaires and incidents straight to the
tables (the computation reads tables; the monitoring and incident workflows have their own tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from waspada.core.scope import Role
from waspada.incidents.models import Incident
from waspada.incidents.taxonomy import import_taxonomy
from waspada.monitoring.instruments import load_instrument
from waspada.monitoring.models import Answer, Assignment, AssignmentStatus, InstrumentVersion, Round, RoundStatus
from waspada.regions.models import Region

# Populations chosen so the hand computations stay readable (docs/index.md, worked example).
POPULATIONS = {"31": 1_000_000, "31.71": 1_000_000, "32": 1_000_000, "32.04": 800_000, "32.73": 200_000}

YES_NO = {"yes": 100, "no": 0}
INSTRUMENT: dict[str, Any] = {
    "code": "uji_indeks", "name_id": "Instrumen uji indeks", "name_en": "Index test instrument",
    "dimensions": [
        {"code": "dim_a", "name_id": "Dimensi A", "name_en": "Dimension A", "weight": 2, "subdimensions": [
            {"code": "sub_a1", "name_id": "Sub A1", "name_en": "Sub A1", "indicators": [
                {"code": "a1", "answer_type": "yes_no", "text_id": "Ada kekerasan?", "text_en": "Any violence?",
                 "scoring": YES_NO, "weight": 2},
                {"code": "a2", "answer_type": "scale", "text_id": "Seberapa sering intimidasi?",
                 "text_en": "How often intimidation?", "scoring": {"min": 1, "max": 5}},
            ]},
            {"code": "sub_a2", "name_id": "Sub A2", "name_en": "Sub A2", "indicators": [
                {"code": "a3", "answer_type": "number", "text_id": "Berapa laporan?", "text_en": "How many reports?",
                 "scoring": {"min": 0, "max": 100, "bands": [{"upto": 0, "score": 0}, {"upto": 3, "score": 50}],
                             "above": 100}},
            ]},
        ]},
        {"code": "dim_b", "name_id": "Dimensi B", "name_en": "Dimension B", "subdimensions": [
            {"code": "sub_b1", "name_id": "Sub B1", "name_en": "Sub B1", "indicators": [
                {"code": "b1", "answer_type": "single_choice", "text_id": "Tingkat ketegangan?",
                 "text_en": "Level of tension?",
                 "choices": [{"code": c, "label_id": c, "label_en": c} for c in ("rendah", "sedang", "tinggi")],
                 "scoring": {"scores": {"rendah": 0, "sedang": 50, "tinggi": 100}}},
                {"code": "b2", "answer_type": "yes_no", "text_id": "Ada hoaks?", "text_en": "Any hoaxes?",
                 "scoring": YES_NO},
            ]},
        ]},
    ],
}  # fmt: skip


@pytest.fixture
def index_world(small_regions: Any) -> None:
    import_taxonomy(Path(settings.DOMAIN_DIR))
    for code, population in POPULATIONS.items():
        Region.objects.filter(code=code).update(population=population)


@pytest.fixture
def instrument(index_world: None) -> InstrumentVersion:
    version, _created = load_instrument(INSTRUMENT)
    return version


@pytest.fixture
def make_round(instrument: InstrumentVersion) -> Callable[..., Round]:
    def make(title: str, period_end: dt.date) -> Round:
        zone = timezone.get_current_timezone()
        return Round.objects.create(
            version=instrument, title=title, period_start=period_end - dt.timedelta(days=29), period_end=period_end,
            deadline=dt.datetime.combine(period_end, dt.time(23, 0), tzinfo=zone), status=RoundStatus.CLOSED)

    return make


@pytest.fixture
def approve_answers(instrument: InstrumentVersion) -> Callable[..., Assignment]:
    """An approved questionnaire of `region` in `round_`, approved at noon of `approved_on`."""

    def make(round_: Round, region: str, answers: dict[str, Any], approved_on: dt.date,
             status: str = AssignmentStatus.APPROVED) -> Assignment:
        zone = timezone.get_current_timezone()
        when = dt.datetime.combine(approved_on, dt.time(12, 0), tzinfo=zone)
        assignment = Assignment.objects.create(round=round_, region_id=region, province_code=region[:2],
                                               kabkota_code=region, status=status, reviewed_at=when, updated_at=when)
        indicators = {i.code: i for i in instrument.indicators.all()}
        Answer.objects.bulk_create([Answer(assignment=assignment, indicator=indicators[code], value=value)
                                    for code, value in answers.items()])
        return assignment

    return make


@pytest.fixture
def make_incident(index_world: None) -> Callable[..., Incident]:
    def make(region: str, occurred_on: dt.date, event_type: str, severity: int, status: str = "verified",
             is_demo: bool = False) -> Incident:
        return Incident.objects.create(
            title=f"{event_type} {occurred_on}", occurred_on=occurred_on, region_id=region, province_code=region[:2],
            kabkota_code=region, place_code=region, owner_code=region, event_type_id=event_type, severity=severity,
            status=status, is_demo=is_demo, sensitivity="inter_agency")

    return make


@pytest.fixture
def risk_users(index_world: None) -> dict[str, Any]:
    users = get_user_model()
    return {name: users.objects.create_user(username=name, password=None, role=role, scope_region_id=region)
            for name, (role, region) in {
                "admin": (Role.NATIONAL_ADMIN, None), "analyst": (Role.NATIONAL_ANALYST, None),
                "jabar": (Role.PROVINCE_OFFICER, "32"), "dki": (Role.PROVINCE_OFFICER, "31"),
                "bandung": (Role.KABKOTA_OFFICER, "32.73")}.items()}  # fmt: skip
