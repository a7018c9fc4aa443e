"""Instrument versions, rounds and the fill / submit / return / resubmit flow through the services."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone, translation

from waspada.core.audit.models import AuditEvent
from waspada.core.scope import restrict
from waspada.monitoring import services
from waspada.monitoring.errors import Conflict, Denied, Invalid
from waspada.monitoring.instruments import edit_indicator, new_version, publish_version, update_indicator
from waspada.monitoring.models import (
    Answer,
    AnswerHistory,
    Assignment,
    AssignmentStatus,
    Indicator,
    InstrumentVersion,
    ReviewComment,
    Round,
)


@pytest.fixture
def version(db: None) -> InstrumentVersion:
    call_command("instruments", "load-default", stdout=StringIO())
    return InstrumentVersion.objects.get(instrument__code="waspada_default", number=1)


def _open(user: Any, version: InstrumentVersion, regions: list[str] | None = None) -> Round:
    today = datetime.date(2026, 12, 1)
    return services.open_round(user, version=version, title="Putaran Desember", period_start=today,
                               period_end=today + datetime.timedelta(days=30),
                               deadline=timezone.now() + datetime.timedelta(days=14), regions=regions)  # fmt: skip


def _complete(version: InstrumentVersion) -> dict[str, Any]:
    """A valid answer to every question, "no" to every yes/no (so the conditional follow-ups stay hidden)."""
    values: dict[str, Any] = {}
    for ind in version.indicators.all():
        values[ind.code] = {
            "yes_no": False,
            "scale": 2,
            "number": 1,
            "text": "catatan",
            "date": "2026-12-20",
            "single_choice": (ind.choices or [{}])[0].get("code"),
            "multiple_choice": [(ind.choices or [{}])[0].get("code")],
        }[ind.answer_type]
    return {code: value for code, value in values.items()
            if not version.indicators.get(code=code).condition}  # fmt: skip


def _evidence_notes(version: InstrumentVersion, answers: dict[str, Any]) -> dict[str, str]:
    return {i.code: "notulen rapat" for i in version.indicators.filter(evidence_required=True) if i.code in answers}


def test_load_default_is_idempotent_and_publishes_version_1(version: InstrumentVersion) -> None:
    out = StringIO()
    call_command("instruments", "load-default", "--json", stdout=out)
    assert '"created": false' in out.getvalue() and '"indicators": 47' in out.getvalue()
    assert version.is_published and version.dimensions.count() == 4
    assert InstrumentVersion.objects.count() == 1 and Indicator.objects.count() == 47


def test_a_published_version_never_changes_and_edits_make_a_new_version(
    version: InstrumentVersion, national_admin: Any, province_officer: Any
) -> None:
    indicator = version.indicators.get(code="intimidasi")
    with pytest.raises(Conflict):
        update_indicator(national_admin, indicator, text_en="Changed")
    with pytest.raises(Denied):
        new_version(province_officer, version)
    draft = new_version(national_admin, version)
    assert draft.number == 2 and not draft.is_published and draft.indicators.count() == 47
    update_indicator(national_admin, draft.indicators.get(code="intimidasi"), weight=3)
    publish_version(national_admin, draft)
    assert version.indicators.get(code="intimidasi").weight == 1  # version 1 as it was
    assert draft.indicators.get(code="intimidasi").weight == 3
    bad = new_version(national_admin, draft)
    update_indicator(national_admin, bad.indicators.get(code="intimidasi"), weight=0)
    with translation.override("id"), pytest.raises(Invalid) as caught:
        publish_version(national_admin, bad)
    assert list(caught.value.errors.values()) == [
        "Dimensi 1 › Subdimensi 1.1 › Indikator 1.1.3: bobot harus lebih dari 0"
    ]
    bad.refresh_from_db()
    assert not bad.is_published


def test_open_round_covers_the_openers_scope_only(
    version: InstrumentVersion, national_admin: Any, province_officer: Any, kabkota_officer: Any
) -> None:
    national = _open(national_admin, version)
    assert sorted(national.assignments.values_list("kabkota_code", flat=True)) == ["31.71", "32.04", "32.73", "35.78"]
    provincial = _open(province_officer, version)
    assert sorted(provincial.assignments.values_list("kabkota_code", flat=True)) == ["32.04", "32.73"]
    assert provincial.scope_region_id == "32"
    with pytest.raises(Invalid) as caught:
        _open(province_officer, version, regions=["32.73", "35.78", "99.99"])
    assert set(caught.value.errors) == {"regions[35.78]", "regions[99.99]"}
    with pytest.raises(Denied):
        _open(kabkota_officer, version)
    assert Round.objects.count() == 2
    assert AuditEvent.objects.filter(action="monitoring.round_open").count() == 2


def test_assignments_are_scoped(
    version: InstrumentVersion, national_admin: Any, province_officer: Any, kabkota_officer: Any
) -> None:
    _open(national_admin, version)
    assert restrict(Assignment.objects.all(), national_admin).count() == 4
    assert sorted(restrict(Assignment.objects.all(), province_officer).values_list("kabkota_code", flat=True)) == [
        "32.04",
        "32.73",
    ]
    assert list(restrict(Assignment.objects.all(), kabkota_officer).values_list("kabkota_code", flat=True)) == ["32.73"]


def test_fill_submit_return_resubmit_approve(
    version: InstrumentVersion, national_admin: Any, province_officer: Any, kabkota_officer: Any
) -> None:
    round_ = _open(province_officer, version)
    assignment = round_.assignments.get(kabkota_code="32.73")
    answers = _complete(version)
    services.save_answers(kabkota_officer, assignment, {"kekerasan_sara": True})
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DRAFT
    with translation.override("id"), pytest.raises(Invalid) as caught:
        services.submit(kabkota_officer, assignment)
    errors = caught.value.errors
    assert errors["kekerasan_sara_jumlah"] == "Dimensi 1 › Subdimensi 1.1 › Indikator 1.1.2: jawaban wajib diisi"
    assert "intimidasi" in errors and "kelompok_rentan" not in errors  # optional question not demanded
    answers |= {"kekerasan_sara": False}
    services.save_answers(kabkota_officer, assignment, answers)
    with pytest.raises(Invalid) as caught:
        services.submit(kabkota_officer, assignment)
    assert set(caught.value.errors) == {i.code for i in version.indicators.filter(evidence_required=True)
                                        if i.code in answers}  # fmt: skip
    services.save_answers(kabkota_officer, assignment, {}, notes=_evidence_notes(version, answers),
                          evidence={"dukungan_sekretariat": ContentFile(b"%PDF-1.4", name="sk.pdf")})  # fmt: skip
    services.submit(kabkota_officer, assignment)
    with pytest.raises(Conflict):
        services.save_answers(kabkota_officer, assignment, {"intimidasi": 5})
    with pytest.raises(Denied):
        services.approve(kabkota_officer, assignment)
    services.return_assignment(province_officer, assignment, {"intimidasi": "Sertakan kejadian 3 Desember."})
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.RETURNED
    assert ReviewComment.objects.get(assignment=assignment).indicator.code == "intimidasi"
    services.save_answers(kabkota_officer, assignment, {"intimidasi": 4})
    services.submit(kabkota_officer, assignment)
    assert ReviewComment.objects.get(assignment=assignment).resolved
    services.approve(national_admin, assignment)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.APPROVED and assignment.reviewed_by == national_admin
    history = AnswerHistory.objects.filter(answer__assignment=assignment, answer__indicator__code="intimidasi")
    assert list(history.values_list("value", flat=True)) == [2, 4]
    actions = list(
        AuditEvent.objects.filter(action__startswith="monitoring.").order_by("seq").values_list("action", flat=True)
    )
    assert actions[-4:] == ["monitoring.return", "monitoring.answers_save", "monitoring.resubmit",
                            "monitoring.approve"]  # fmt: skip
    score = services.assignment_score(assignment)
    assert score.score is not None and 0 <= score.score <= 100 and len(score.children) == 4


def test_bad_answers_are_refused_by_question_and_nothing_is_half_saved(
    version: InstrumentVersion, province_officer: Any, kabkota_officer: Any
) -> None:
    assignment = _open(province_officer, version).assignments.get(kabkota_code="32.73")
    bad = {"intimidasi": 3, "perusakan_fasilitas": "ya", "tps_sulit_dijangkau": -1, "fkub_aktif": "kadang",
           "tidak_ada": 1}  # fmt: skip
    with translation.override("id"), pytest.raises(Invalid) as caught:
        services.save_answers(kabkota_officer, assignment, bad)
    assert set(caught.value.errors) == {"perusakan_fasilitas", "tps_sulit_dijangkau", "fkub_aktif", "tidak_ada"}
    assert caught.value.errors["perusakan_fasilitas"] == (
        "Dimensi 1 › Subdimensi 1.1 › Indikator 1.1.4: jawab ya atau tidak"
    )
    assert not Answer.objects.exists() and not AnswerHistory.objects.exists()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.NOT_STARTED


def test_closed_rounds_and_regions_out_of_scope_are_refused(
    version: InstrumentVersion, national_admin: Any, province_officer: Any, kabkota_officer: Any
) -> None:
    round_ = _open(national_admin, version)
    with pytest.raises(Denied):
        services.save_answers(kabkota_officer, round_.assignments.get(kabkota_code="32.04"), {"intimidasi": 2})
    with pytest.raises(Denied):
        services.close_round(province_officer, round_)
    services.close_round(national_admin, round_)
    with pytest.raises(Conflict):
        services.save_answers(kabkota_officer, round_.assignments.get(kabkota_code="32.73"), {"intimidasi": 2})
    assert not Answer.objects.exists()


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_evidence_is_sniffed_and_stored_by_content_hash(
    version: InstrumentVersion, province_officer: Any, field_monitor: Any
) -> None:
    assignment = _open(province_officer, version).assignments.get(kabkota_code="32.73")
    with translation.override("id"), pytest.raises(Invalid) as caught:
        services.save_answers(field_monitor, assignment, {"perusakan_fasilitas": True},
                              evidence={"perusakan_fasilitas": ContentFile(b"just text", name="foto.jpg")})  # fmt: skip
    assert caught.value.errors["perusakan_fasilitas"].startswith(
        "Dimensi 1 › Subdimensi 1.1 › Indikator 1.1.4: foto.jpg bukan gambar atau PDF"
    )
    assert not Answer.objects.exists()
    services.save_answers(field_monitor, assignment, {"perusakan_fasilitas": True},
                          evidence={"perusakan_fasilitas": ContentFile(PDF, name="berita-acara.pdf")})  # fmt: skip
    answer = Answer.objects.get()
    assert answer.evidence.name.endswith(".pdf") and "berita-acara" not in answer.evidence.name
    assert answer.evidence.read() == PDF and answer.updated_by == field_monitor


def test_rounds_and_assignments_read_through_the_scope(
    version: InstrumentVersion, national_admin: Any, province_officer: Any, kabkota_officer: Any, viewer: Any
) -> None:
    from waspada.monitoring import selectors

    national = _open(national_admin, version, regions=["31", "32.73"])
    provincial = _open(province_officer, version, regions=["32.04"])
    assert {r.pk: r.covered for r in selectors.rounds_for(national_admin)} == {national.pk: 2, provincial.pk: 1}
    assert {r.pk: r.covered for r in selectors.rounds_for(province_officer)} == {national.pk: 1, provincial.pk: 1}
    assert {r.pk for r in selectors.rounds_for(kabkota_officer)} == {national.pk}
    other = national.assignments.get(kabkota_code="31.71")
    assert selectors.get_assignment(kabkota_officer, other.pk) is None
    assert selectors.get_assignment(province_officer, national.assignments.get(kabkota_code="32.73").pk)
    assert not selectors.rounds_for(viewer).exists() and not selectors.assignments_for(viewer).exists()


def test_load_default_names_each_problem_and_writes_nothing(tmp_path: Any, db: None) -> None:
    import yaml
    from django.conf import settings
    from django.core.management.base import CommandError

    from waspada.monitoring.models import Instrument

    data = yaml.safe_load((settings.DOMAIN_DIR / "instrument_default.yaml").read_text(encoding="utf-8"))
    data["dimensions"][1]["subdimensions"][0]["indicators"][2]["weight"] = -1
    (tmp_path / "instrument_default.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("instruments", "load-default", "--domain-dir", str(tmp_path), stdout=StringIO())
    assert caught.value.returncode == 1
    assert "Dimension 2 › Sub-dimension 2.1 › Indicator 2.1.3: the weight must be more than 0" in str(caught.value)
    assert not Instrument.objects.exists()


def test_editing_a_published_question_edits_a_new_draft_version(
    version: InstrumentVersion, national_admin: Any
) -> None:
    edited = edit_indicator(national_admin, version.indicators.get(code="politik_uang"), text_en="Vote buying?")
    again = edit_indicator(national_admin, version.indicators.get(code="intimidasi"), weight=2)
    assert edited.version.number == again.version.number == 2 and not edited.version.is_published
    assert version.indicators.get(code="politik_uang").text_en != "Vote buying?"
    assert InstrumentVersion.objects.count() == 2
