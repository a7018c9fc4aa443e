"""The questionnaire's autosave with an evidence file (questionnaire.js sends one as soon as it is chosen): the
JSON answer names the stored file's address; a resend stores nothing twice; an expired session is a redirect to
the sign-in page, which the script tells apart from a lost connection."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.monitoring.test_services import PDF
from tests.personas import client_for
from waspada.monitoring import services
from waspada.monitoring.models import Answer, AnswerHistory, InstrumentVersion

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch", "HTTP_ACCEPT": "application/json"}


@pytest.fixture
def assignment(db: None, province_officer: Any) -> Any:
    call_command("instruments", "load-default", stdout=StringIO())
    today = datetime.date(2026, 12, 1)
    round_ = services.open_round(province_officer, version=InstrumentVersion.objects.get(), title="Putaran",
                                 period_start=today, period_end=today,
                                 deadline=timezone.now() + datetime.timedelta(days=3))  # fmt: skip
    return round_.assignments.get(kabkota_code="32.73")


def test_a_chosen_file_is_saved_by_the_autosave_once(assignment: Any, kabkota_officer: Any) -> None:
    client = client_for(kabkota_officer)
    url = reverse("monitoring:assignment", args=[assignment.pk])
    page = client.get(url).content.decode()
    assert 'data-max-bytes="10485760"' in page and "data-file-waiting=" in page and "data-expired=" in page
    assert 'data-login-url="/login/?next=' in page
    for name in ("ba.pdf", "ba-lagi.pdf"):  # the second is a resend of the same content
        sent = client.post(url, {"action": "save", "evidence_perusakan_fasilitas": SimpleUploadedFile(name, PDF)},
                           **FETCH)  # fmt: skip
        assert sent.status_code == 200, sent.content
        answer = Answer.objects.get(assignment=assignment)
        assert sent.json() == {
            "ok": True,
            "status": "draft",
            "evidence": {"perusakan_fasilitas": f"/monitoring/answers/{answer.pk}/evidence/"},
        }
    assert AnswerHistory.objects.filter(answer=answer).count() == 1
    assert answer.value is None  # the file alone: no answer was touched
    refused = client.post(url, {"action": "save", "evidence_perusakan_fasilitas": SimpleUploadedFile("x.pdf", b"no")},
                          **FETCH)  # fmt: skip
    assert refused.status_code == 422 and "perusakan_fasilitas" in refused.json()["errors"]


def test_an_expired_session_answers_the_autosave_with_the_sign_in_page(assignment: Any) -> None:
    url = reverse("monitoring:assignment", args=[assignment.pk])
    answer = Client().post(url, {"action": "save", "q_intimidasi": "3", "shown_intimidasi": "1"}, **FETCH)
    assert answer.status_code == 302 and answer["Location"].startswith("/login/")
    assert "application/json" not in answer.get("Content-Type", "")
    assert not Answer.objects.exists()
