"""The round list and the questionnaire page: fill in, save, submit, return and approve through the form."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.personas import client_for
from waspada.monitoring import services
from waspada.monitoring.models import Answer, AssignmentStatus, InstrumentVersion


@pytest.fixture
def assignment(db: None, province_officer: Any) -> Any:
    call_command("instruments", "load-default", stdout=StringIO())
    version = InstrumentVersion.objects.get()
    today = datetime.date(2026, 12, 1)
    round_ = services.open_round(province_officer, version=version, title="Putaran uji", period_start=today,
                                 period_end=today, deadline=timezone.now() + datetime.timedelta(days=3))  # fmt: skip
    return round_.assignments.get(kabkota_code="32.73")


def test_the_office_fills_in_and_the_province_reviews(assignment: Any, kabkota_officer: Any,
                                                      province_officer: Any) -> None:  # fmt: skip
    office, province = client_for(kabkota_officer), client_for(province_officer)
    listing = office.get(reverse("monitoring:rounds"))
    assert listing.status_code == 200 and "Putaran uji" in listing.content.decode()
    url = reverse("monitoring:assignment", args=[assignment.pk])
    page = office.get(url).content.decode()
    assert "Dimensi 1 › Subdimensi 1.1 › Indikator 1.1.1" in page and "Simpan draf" in page
    bad = office.post(url, {"action": "save", "q_intimidasi": "9", "q_kekerasan_sara": "1", "shown_intimidasi": "1",
                            "shown_kekerasan_sara": "1"})  # fmt: skip
    assert bad.status_code == 422 and "Indikator 1.1.3: isi dengan nilai 1 sampai 5" in bad.content.decode()
    assert not Answer.objects.exists()
    office.post(url, {"action": "save", "q_intimidasi": "3", "q_kekerasan_sara": "0", "shown_intimidasi": "1",
                      "shown_kekerasan_sara": "1"})  # fmt: skip
    assert Answer.objects.get(indicator__code="intimidasi").value == 3
    incomplete = office.post(url, {"action": "submit"})
    assert incomplete.status_code == 422 and "jawaban wajib diisi" in incomplete.content.decode()
    assert services.missing_answers(assignment)  # still a draft
    assert province.get(url).status_code == 200 and "Setujui" not in province.get(url).content.decode()


def test_others_cannot_reach_the_questionnaire(assignment: Any, viewer: Any, make_user: Any) -> None:
    from waspada.core.scope import Role

    url = reverse("monitoring:assignment", args=[assignment.pk])
    assert client_for(viewer).get(url).status_code == 403
    stranger = make_user("surabaya", role=Role.KABKOTA_OFFICER, scope_region_id="35.78")
    from django.test import Client

    client = Client()
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert assignment.status == AssignmentStatus.NOT_STARTED


def test_the_province_returns_with_a_comment_and_approves_the_resubmission(
    assignment: Any, kabkota_officer: Any, province_officer: Any
) -> None:
    from tests.monitoring.test_services import _complete, _evidence_notes

    version = assignment.round.version
    answers = _complete(version)
    services.save_answers(kabkota_officer, assignment, answers, notes=_evidence_notes(version, answers))
    services.submit(kabkota_officer, assignment)
    office, province = client_for(kabkota_officer), client_for(province_officer)
    url = reverse("monitoring:assignment", args=[assignment.pk])
    assert "Setujui" in province.get(url).content.decode()
    empty = province.post(url, {"action": "return"})
    assert empty.status_code == 422 and "Sebutkan sedikitnya satu pertanyaan" in empty.content.decode()
    province.post(url, {"action": "return", "comment_intimidasi": "Lampirkan kronologi."})
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.RETURNED
    assert "Lampirkan kronologi." in office.get(url).content.decode()
    form = {f"q_{code}": ("1" if value is True else "0" if value is False else value)
            for code, value in answers.items()}  # fmt: skip
    form = {key: value for key, value in form.items() if not isinstance(value, list)}
    page = office.get(url).content.decode()
    assert 'name="shown_intimidasi"' in page and '<option value="2" selected>' in page
    office.post(url, {**form, "q_intimidasi": "4", "shown_intimidasi": "1", "action": "submit"})
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED
    assert Answer.objects.get(assignment=assignment, indicator__code="intimidasi").value == 4
    province.post(url, {"action": "approve"})
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.APPROVED


def test_the_questionnaire_page_shows_no_codes_and_no_english(assignment: Any, kabkota_officer: Any) -> None:
    from tests.test_page_language import SNAKE, visible_text

    services.save_answers(kabkota_officer, assignment, {"netralitas_asn": True, "netralitas_asn_pelaku": ["asn"]})
    html = client_for(kabkota_officer).get(reverse("monitoring:assignment", args=[assignment.pk])).content.decode()
    texts = visible_text(html)
    assert [t for t in texts if SNAKE.search(t) and t != kabkota_officer.username] == []  # the header names the user
    assert "Apakah ada laporan ASN, kepala desa atau perangkat desa yang ikut berkampanye" in html
    assert "Were civil servants" not in html


def test_evidence_is_served_only_within_scope(assignment: Any, kabkota_officer: Any, make_user: Any) -> None:
    from django.core.files.base import ContentFile
    from django.test import Client

    from tests.monitoring.test_services import PDF
    from waspada.core.scope import Role

    services.save_answers(kabkota_officer, assignment, {"perusakan_fasilitas": True},
                          evidence={"perusakan_fasilitas": ContentFile(PDF, name="ba.pdf")})  # fmt: skip
    answer = Answer.objects.get()
    url = reverse("monitoring:evidence", args=[answer.pk])
    page = client_for(kabkota_officer).get(reverse("monitoring:assignment", args=[assignment.pk]))
    assert url in page.content.decode()
    response = client_for(kabkota_officer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    stranger = Client()
    stranger.force_login(make_user("surabaya", role=Role.KABKOTA_OFFICER, scope_region_id="35.78"))
    assert stranger.get(url).status_code == 404


def test_the_menu_leads_to_monitoring_for_those_who_may_see_it(db: None, kabkota_officer: Any, viewer: Any) -> None:
    link = f'href="{reverse("monitoring:rounds")}"'
    assert link in client_for(kabkota_officer).get(reverse("incidents:list")).content.decode()
    assert link not in client_for(viewer).get(reverse("home")).content.decode()  # viewers see no rounds


def _expected_progress(assignment: Any, values: dict[str, Any]) -> tuple[int, int]:
    from waspada.monitoring.instruments import version_spec
    from waspada.monitoring.scoring import all_indicators, relevant_codes

    indicators = all_indicators(version_spec(assignment.round.version))
    relevant = relevant_codes(indicators, values)
    required = [ind["code"] for ind in indicators if ind["required"] and ind["code"] in relevant]
    return sum(1 for code in required if code in values), len(required)


def test_the_autosave_answers_in_json_and_a_repeated_save_writes_nothing(assignment: Any,
                                                                       kabkota_officer: Any) -> None:  # fmt: skip
    from waspada.core.audit.models import AuditEvent
    from waspada.monitoring.models import AnswerHistory

    office = client_for(kabkota_officer)
    url = reverse("monitoring:assignment", args=[assignment.pk])
    answered, required = _expected_progress(assignment, {})
    page = office.get(url).content.decode()
    assert answered == 0 and required > 1
    assert f"0 dari {required} pertanyaan wajib terjawab" in page
    assert f'<progress max="{required}" value="0">' in page
    assert 'data-offline-draft="waspada-questionnaire-' in page and "monitoring/questionnaire.js" in page
    fetch = {"HTTP_X_REQUESTED_WITH": "fetch", "HTTP_ACCEPT": "application/json"}
    form = {"action": "save", "q_intimidasi": "3", "shown_intimidasi": "1"}
    first = office.post(url, form, **fetch)
    assert first.status_code == 200 and first.json() == {"ok": True, "status": "draft", "evidence": {}}
    histories, events = AnswerHistory.objects.count(), AuditEvent.objects.count()
    assert histories == 1
    again = office.post(url, form, **fetch)  # the phone resends after a lost reply
    assert again.status_code == 200 and again.json()["ok"] is True
    assert AnswerHistory.objects.count() == histories and AuditEvent.objects.count() == events
    assert Answer.objects.filter(assignment=assignment).count() == 1
    done, required = _expected_progress(assignment, {"intimidasi": 3})
    assert f"{done} dari {required} pertanyaan wajib terjawab" in office.get(url).content.decode()
    bad = office.post(url, {**form, "q_intimidasi": "9"}, **fetch)
    assert bad.status_code == 422 and "intimidasi" in bad.json()["errors"]
    assert Answer.objects.get(assignment=assignment).value == 3
