"""The demo step: plausible activities that pass every rule, dated in the recent past, some high-risk kab/kota
deliberately without any (so the coverage view has gaps to show), one audit event, replaced on a rerun."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest

from tests.education.conftest import TODAY, index_run
from waspada.core import demo_steps
from waspada.core.audit.models import AuditEvent
from waspada.education import demo
from waspada.education.coverage import coverage
from waspada.education.inputs import ActivityInput
from waspada.education.models import Activity
from waspada.education.validation import check

pytestmark = pytest.mark.django_db


def test_demo_activities_are_plausible_and_replaced_on_a_rerun(populated: dict[str, Any],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(demo, "LEFT_OUT", 0.0)
    summary = demo.create_demo_activities(today=TODAY)
    activities = list(Activity.objects.prefetch_related("target_groups"))
    assert summary["activities"] == len(activities) > 0 and not summary["high_risk_known"]
    assert {a.province_code for a in activities if not a.kabkota_code} == {"31", "32", "35"}  # every province
    admin = populated["national_admin"]
    for item in activities:
        assert item.is_demo and item.title.startswith("[DEMO] ")
        assert TODAY - dt.timedelta(days=demo.HISTORY_DAYS) < item.start_date <= TODAY
        data = ActivityInput(title=item.title, start_date=item.start_date, end_date=item.end_date,
                             region=item.region_id, organiser=item.organiser, activity_type=item.activity_type,
                             facilitation_form=item.facilitation_form, target_groups=item.group_codes,
                             participants_male=item.participants_male, participants_female=item.participants_female,
                             participants_total=item.participants_total, partners=item.partners,
                             budget_idr=item.budget_idr, materials=item.materials,
                             outcome_notes=item.outcome_notes)  # fmt: skip
        assert check(admin, data, TODAY) == ({}, item.region)
    again = demo.create_demo_activities(today=TODAY)
    assert again["replaced"] == len(activities) and Activity.objects.count() == again["activities"]
    assert AuditEvent.objects.filter(action="education.demo").count() == 2


def test_high_risk_kabkota_are_left_without_activity(populated: dict[str, Any],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(demo, "HIGH_RISK_LEFT_OUT", 1.0)
    index_run({"32.04": "tinggi", "32.73": "sedang"})
    summary = demo.create_demo_activities(today=TODAY)
    assert summary["high_risk_known"] and summary["left_out"] == 1
    assert not Activity.objects.filter(kabkota_code="32.04").exists()
    result = coverage(populated["national_admin"], weeks=52, today=TODAY)
    assert [row.code for row in result.gaps] == ["32.04"]


def test_the_step_is_registered_and_needs_regions(db: None) -> None:
    assert demo_steps.steps()["education.demo_activities"] == "waspada.education.demo.demo_step"
    err = StringIO()
    assert demo.demo_step(StringIO(), err) is False and "regions import" in err.getvalue()
