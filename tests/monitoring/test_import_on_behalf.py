"""A round manager (national desk, or a province for its kab/kota) imports a KoBo / ODK export on behalf of the
covered offices: within scope, audited as such, marked in the answers' history; an out-of-scope row is refused by
its row number and nothing is saved."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.monitoring.test_api import _complete
from tests.monitoring.test_xlsform import _kobo_csv, _round
from waspada.core.audit.models import AuditEvent
from waspada.monitoring import services
from waspada.monitoring.errors import Conflict, Denied, Invalid
from waspada.monitoring.models import Answer, AnswerHistory, AnswerSource, Assignment, InstrumentVersion
from waspada.monitoring.submissions_import import REGION_COLUMN, import_submissions


@pytest.fixture
def version(db: None) -> InstrumentVersion:
    call_command("instruments", "load-default", stdout=StringIO())
    return InstrumentVersion.objects.get(instrument__code="waspada_default", number=1)


def test_the_national_desk_imports_for_several_offices(version: InstrumentVersion, national_admin: Any) -> None:
    round_ = _round(national_admin, version)
    regions = ["32.73", "35.78"]
    rows = [{REGION_COLUMN: code, "intimidasi": str(n + 2), "kekerasan_sara": "no"} for n, code in enumerate(regions)]
    result = import_submissions(national_admin, round_, _kobo_csv(version, rows), "kobo.csv")
    assert result == {"rows": 2, "answers": 4, "on_behalf": True}
    for n, code in enumerate(regions):
        assignment = Assignment.objects.get(round=round_, kabkota_code=code)
        assert assignment.status == "draft"
        answer = Answer.objects.get(assignment=assignment, indicator__code="intimidasi")
        assert answer.value == n + 2
        [history] = AnswerHistory.objects.filter(answer=answer)
        assert (history.source, history.on_behalf, history.changed_by) == (AnswerSource.IMPORT, True, national_admin)
    events = AuditEvent.objects.filter(action="monitoring.answers_save_on_behalf")
    assert events.count() == 2 and set(events.values_list("actor_id", flat=True)) == {national_admin.pk}
    assert not AuditEvent.objects.filter(action="monitoring.answers_save").exists()


def test_a_province_imports_only_for_its_own_kabkota(version: InstrumentVersion, national_admin: Any,
                                                     province_officer: Any) -> None:  # fmt: skip
    round_ = _round(national_admin, version)
    rows = [{REGION_COLUMN: "32.73", "intimidasi": "3"}, {REGION_COLUMN: "35.78", "intimidasi": "2"},
            {REGION_COLUMN: "32.73x", "intimidasi": "2"}]  # fmt: skip
    with pytest.raises(Invalid) as refused:
        import_submissions(province_officer, round_, _kobo_csv(version, rows), "kobo.csv")
    assert set(refused.value.errors) == {"row[3]", "row[4]"}
    assert "35.78" in refused.value.errors["row[3]"] and "di luar cakupan" in refused.value.errors["row[3]"]
    assert not Answer.objects.exists() and not AnswerHistory.objects.exists()  # all or nothing

    result = import_submissions(province_officer, round_, _kobo_csv(version, rows[:1]), "kobo.csv")
    assert result["on_behalf"] is True and result["rows"] == 1
    assert AuditEvent.objects.filter(action="monitoring.answers_save_on_behalf", actor=province_officer).count() == 1


def test_the_command_imports_on_behalf_and_a_viewer_is_refused(
    version: InstrumentVersion, national_admin: Any, personas: dict[str, Any], tmp_path: Path
) -> None:
    round_ = _round(national_admin, version)
    path = tmp_path / "kobo.csv"
    path.write_bytes(_kobo_csv(version, [{REGION_COLUMN: "35.78", "intimidasi": "4"}]))
    out = StringIO()
    call_command("instruments", "import-submissions", "--round", str(round_.pk), str(path), "--user",
                 national_admin.username, stdout=out)  # fmt: skip
    assert "on behalf of the offices" in out.getvalue()
    with pytest.raises(Denied):
        import_submissions(personas["viewer"], round_, path.read_bytes(), "kobo.csv")
    with pytest.raises(CommandError) as refused:
        call_command("instruments", "import-submissions", "--round", str(round_.pk), str(path), "--user",
                     personas["national_analyst"].username, stdout=StringIO())  # fmt: skip
    assert refused.value.returncode == 1


def test_a_submitted_questionnaire_is_not_overwritten_by_an_import(
    version: InstrumentVersion, national_admin: Any, kabkota_officer: Any
) -> None:
    round_ = _round(national_admin, version)
    assignment = Assignment.objects.get(round=round_, kabkota_code="32.73")
    answers = _complete(version)
    notes = {i.code: "notulen" for i in version.indicators.filter(evidence_required=True) if i.code in answers}
    services.save_answers(kabkota_officer, assignment, answers, notes=notes)
    services.submit(kabkota_officer, assignment)
    rows = [{REGION_COLUMN: "32.73", "intimidasi": "5"}]
    with pytest.raises(Conflict) as refused:
        import_submissions(national_admin, round_, _kobo_csv(version, rows), "kobo.csv")
    assert "row[2].status" in refused.value.errors
