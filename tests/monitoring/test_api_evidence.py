"""POST /api/v1/rounds/{round_id}/submissions/{assignment_id}/evidence: a multipart evidence file for one question,
with the page's checks (type from the content, size limit, scope, open round, fillable questionnaire)."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.monitoring.test_services import PDF
from tests.personas import client_for
from waspada.monitoring import services
from waspada.monitoring.models import Answer, AnswerHistory, AnswerSource, Assignment, InstrumentVersion, Round


@pytest.fixture
def round_(db: None, national_admin: Any) -> Round:
    call_command("instruments", "load-default", stdout=StringIO())
    version = InstrumentVersion.objects.get(instrument__code="waspada_default", number=1)
    today = datetime.date(2026, 12, 1)
    return services.open_round(national_admin, version=version, title="Putaran", period_start=today,
                               period_end=today, deadline=timezone.now() + datetime.timedelta(days=7),
                               regions=["32.73", "35.78"])  # fmt: skip


def _url(round_: Round, code: str) -> str:
    assignment = Assignment.objects.get(round=round_, kabkota_code=code)
    return f"/api/v1/rounds/{round_.pk}/submissions/{assignment.pk}/evidence"


def _send(client: Any, url: str, content: bytes, name: str = "ba.pdf", **fields: str) -> Any:
    return client.post(url, {"indicator": "perusakan_fasilitas", "file": SimpleUploadedFile(name, content), **fields})


def test_an_office_attaches_evidence_once(round_: Round, kabkota_officer: Any) -> None:
    client = client_for(kabkota_officer)
    sent = _send(client, _url(round_, "32.73"), PDF, note="berita acara")
    assert sent.status_code == 200, sent.json()
    assert sent.json()["indicator"] == "perusakan_fasilitas" and sent.json()["has_evidence"] is True
    assert sent.json()["note"] == "berita acara"
    answer = Answer.objects.get(indicator__code="perusakan_fasilitas")
    assert answer.evidence.read() == PDF
    [history] = AnswerHistory.objects.filter(answer=answer)
    assert history.source == AnswerSource.API and history.evidence == answer.evidence.name
    again = _send(client, _url(round_, "32.73"), PDF, name="salinan.pdf")
    assert again.status_code == 200
    assert AnswerHistory.objects.filter(answer=answer).count() == 1  # the same file: nothing new
    listed = client.get(f"/api/v1/rounds/{round_.pk}/submissions").json()["results"][0]
    assert any(a["indicator"] == "perusakan_fasilitas" and a["has_evidence"] for a in listed["answers"])


def test_wrong_files_questions_and_scopes_are_refused(round_: Round, kabkota_officer: Any, settings: Any,
                                                      province_officer: Any) -> None:  # fmt: skip
    client = client_for(kabkota_officer)
    url = _url(round_, "32.73")
    not_pdf = _send(client, url, b"just text, not a PDF", name="ba.pdf")
    assert not_pdf.status_code == 422 and "perusakan_fasilitas" in not_pdf.json()["errors"][0]["field"]
    unknown = client.post(url, {"indicator": "tidak_ada", "file": SimpleUploadedFile("ba.pdf", PDF)})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "tidak_ada"
    settings.WASPADA_ATTACHMENT_MAX_BYTES = 20
    too_big = _send(client, url, PDF)
    assert too_big.status_code == 422 and "20" in too_big.json()["errors"][0]["message"]
    assert _send(client, _url(round_, "35.78"), PDF).status_code == 404  # another office's questionnaire
    assert _send(client_for(province_officer), url, PDF).status_code == 403  # reviews, does not fill in
    assert not Answer.objects.exists()


def test_a_closed_round_takes_no_evidence(round_: Round, kabkota_officer: Any, national_admin: Any) -> None:
    services.close_round(national_admin, round_)
    refused = _send(client_for(kabkota_officer), _url(round_, "32.73"), PDF)
    assert refused.status_code == 409 and not Answer.objects.exists()
