"""The history of every answer: each save writes one row saying who and from where (page, API, import, demo);
the demo writes the row a real save would have; the answer's history page shows them within scope."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from tests.personas import client_for
from waspada.monitoring import demo, services
from waspada.monitoring.models import Answer, AnswerHistory, AnswerSource, Assignment, InstrumentVersion, Round


@pytest.fixture
def round_(db: None, national_admin: Any) -> Round:
    call_command("instruments", "load-default", stdout=StringIO())
    version = InstrumentVersion.objects.get(instrument__code="waspada_default", number=1)
    today = datetime.date(2026, 12, 1)
    return services.open_round(national_admin, version=version, title="Putaran", period_start=today,
                               period_end=today, deadline=timezone.now() + datetime.timedelta(days=7),
                               regions=["32.73", "35.78"])  # fmt: skip


def test_the_history_page_lists_every_change_with_its_source(
    round_: Round, kabkota_officer: Any, national_admin: Any, personas: dict[str, Any]
) -> None:
    assignment = Assignment.objects.get(round=round_, kabkota_code="32.73")
    services.save_answers(kabkota_officer, assignment, {"kekerasan_sara": True})
    services.save_answers(national_admin, assignment, {"kekerasan_sara": False}, source=AnswerSource.IMPORT,
                          on_behalf=True)  # fmt: skip
    answer = Answer.objects.get(assignment=assignment, indicator__code="kekerasan_sara")
    assert list(answer.history.values_list("source", "on_behalf")) == [("page", False), ("import", True)]
    client = client_for(kabkota_officer)
    with translation.override("id"):
        page = client.get(f"/monitoring/answers/{answer.pk}/history/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ya" in text and "Tidak" in text and national_admin.username in text
    assert "atas nama kantor" in text and "Impor KoBo/ODK" in text
    assert f"/monitoring/answers/{answer.pk}/history/" in client.get(f"/monitoring/assignments/{assignment.pk}/")\
        .content.decode()  # fmt: skip
    other = Assignment.objects.get(round=round_, kabkota_code="35.78")
    services.save_answers(national_admin, other, {"intimidasi": 2}, on_behalf=True)
    foreign = Answer.objects.get(assignment=other)
    assert client.get(f"/monitoring/answers/{foreign.pk}/history/").status_code == 404
    assert client_for(personas["viewer"]).get(f"/monitoring/answers/{answer.pk}/history/").status_code == 403


def test_demo_answers_have_their_history_row(small_regions: Any, national_admin: Any) -> None:
    summary = demo.create_demo_rounds()
    assert summary["history"] == summary["answers"] == AnswerHistory.objects.count()
    assert set(AnswerHistory.objects.values_list("source", flat=True)) == {AnswerSource.DEMO}
    sample = Answer.objects.select_related("assignment").order_by("pk").first()
    assert sample is not None
    [row] = AnswerHistory.objects.filter(answer=sample)
    assert (row.value, row.note, row.changed_at, row.changed_by) == (sample.value, sample.note, sample.updated_at,
                                                                      None)  # fmt: skip
    page = client_for(national_admin).get(f"/monitoring/answers/{sample.pk}/history/")
    assert page.status_code == 200 and "Data demo" in page.content.decode()
    demo.create_demo_rounds()  # the rerun replaces answers and history alike
    assert AnswerHistory.objects.count() == Answer.objects.count()
