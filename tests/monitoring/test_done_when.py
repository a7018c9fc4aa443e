"""Issue 16's "done when", end to end through the routes people use: a national user opens a round (API, with its
election and stage), kab/kota users submit (API from one office, the phone page from another), the province
approves one and returns the other with a comment, the office resubmits, and the board shows exactly that; the
exported XLSForm converts in pyxform and a KoBo-shaped export of it imports back (the national desk, on behalf)."""

from __future__ import annotations

import csv
import datetime
import io
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from tests.monitoring.test_api import _complete
from tests.personas import client_for, make_account
from waspada.core.scope import Role
from waspada.elections.models import Stage
from waspada.elections.services import import_elections
from waspada.monitoring import board, services, xlsform
from waspada.monitoring.models import Answer, Assignment, InstrumentVersion, Round
from waspada.monitoring.submissions_import import import_submissions


@pytest.fixture
def version(db: None) -> InstrumentVersion:
    call_command("instruments", "load-default", stdout=StringIO())
    import_elections(Path(settings.DOMAIN_DIR))
    return InstrumentVersion.objects.get(instrument__code="waspada_default", number=1)


def _notes(version: InstrumentVersion, answers: dict[str, Any]) -> dict[str, str]:
    return {i.code: "notulen rapat" for i in version.indicators.filter(evidence_required=True) if i.code in answers}


def _page_form(version: InstrumentVersion, answers: dict[str, Any]) -> dict[str, Any]:
    """The questionnaire page's form fields for these answers (as a phone's browser posts them)."""
    form: dict[str, Any] = {"action": "submit"}
    for ind in version.indicators.all():
        form[f"shown_{ind.code}"] = "1"
        value = answers.get(ind.code)
        if value is None:
            continue
        form[f"q_{ind.code}"] = {True: "1", False: "0"}.get(value, value) if isinstance(value, bool) else value
    for code, note in _notes(version, answers).items():
        form[f"note_{code}"] = note
    return form


def test_a_round_from_opening_to_the_board(version: InstrumentVersion, national_admin: Any, province_officer: Any,
                                           kabkota_officer: Any) -> None:  # fmt: skip
    stage = Stage.objects.filter(election_id="pilkada_2024").order_by("position").first()
    assert stage is not None
    body = {"instrument": "waspada_default", "version": 1, "title": "Putaran nasional", "period_start": "2026-12-01",
            "period_end": "2026-12-31", "deadline": (timezone.now() + datetime.timedelta(days=10)).isoformat(),
            "election": "pilkada_2024", "stage": stage.code}  # fmt: skip
    opened = client_for(national_admin).post("/api/v1/rounds", json.dumps(body), content_type="application/json")
    assert opened.status_code == 201, opened.json()
    round_ = Round.objects.get(pk=opened.json()["id"])
    covered = round_.assignments.count()
    assert covered == opened.json()["assignments"] > 2

    # Kota Bandung through the API, another kab/kota of Jawa Barat through the page (a phone's plain POST).
    other_code = round_.assignments.filter(province_code="32").exclude(kabkota_code="32.73").first()
    assert other_code is not None
    other_office = make_account("petugas-kota-lain", Role.KABKOTA_OFFICER, other_code.kabkota_code)
    answers = _complete(version)
    saved = client_for(kabkota_officer).post(
        f"/api/v1/rounds/{round_.pk}/submissions",
        content_type="application/json",
        data=json.dumps({"region": "32.73", "answers": answers, "notes": _notes(version, answers), "submit": True}),
    )
    assert saved.status_code == 200 and saved.json()["status"] == "submitted", saved.json()
    second = Assignment.objects.get(round=round_, kabkota_code=other_office.scope_region_id)
    page = client_for(other_office).post(f"/monitoring/assignments/{second.pk}/", _page_form(version, answers))
    assert page.status_code == 302, page.content.decode()[:2000]
    second.refresh_from_db()
    assert second.status == "submitted"

    # The province approves one and returns the other with a comment; the office fixes and resubmits.
    province = client_for(province_officer)
    first = Assignment.objects.get(round=round_, kabkota_code="32.73")
    assert province.post(f"/monitoring/assignments/{first.pk}/", {"action": "approve"}).status_code == 302
    returned = province.post(f"/monitoring/assignments/{second.pk}/",
                             {"action": "return", "comment_intimidasi": "Periksa lagi skalanya."})  # fmt: skip
    assert returned.status_code == 302
    second.refresh_from_db()
    assert second.status == "returned"
    during = board.board_counts(round_)
    assert (during.counts["approved"], during.counts["returned"]) == (1, 1)
    fixed = _page_form(version, {**answers, "intimidasi": 4})
    assert client_for(other_office).post(f"/monitoring/assignments/{second.pk}/", fixed).status_code == 302
    second.refresh_from_db()
    assert second.status == "submitted" and not second.comments.filter(resolved=False).exists()

    # The board tells the truth, for the nation and for the province.
    national = board.board(national_admin, round_)
    assert national.counts["approved"] == 1 and national.counts["submitted"] == 1
    assert national.counts["not_started"] == covered - 2 and sum(national.counts.values()) == covered
    states = {row.kabkota_code: row.state for row in board.board(province_officer, round_).rows}
    assert states["32.73"] == "approved" and states[second.kabkota_code] == "submitted"
    shown = client_for(national_admin).get(f"/monitoring/rounds/{round_.pk}/board/")
    assert shown.status_code == 200
    fetched = client_for(national_admin).get(f"/api/v1/rounds/{round_.pk}").json()
    assert fetched["by_status"]["approved"] == 1 and fetched["stage"] == stage.code


def _kobo_export_of(workbook: bytes, rows: list[dict[str, str]]) -> bytes:
    """What KoBoToolbox exports for a form deployed from this workbook: one column per question named by its
    group path, a 0/1 column per choice of a select_multiple, and the server's own columns."""
    book = load_workbook(io.BytesIO(workbook))
    survey = list(book["survey"].iter_rows(values_only=True))
    header = list(survey[0])
    lists: dict[str, list[str]] = {}
    for list_name, name, *_labels in list(book["choices"].iter_rows(values_only=True))[1:]:
        lists.setdefault(str(list_name), []).append(str(name))
    columns, path, names = ["start", "end"], [], {}
    for row in survey[1:]:
        cells = dict(zip(header, row, strict=False))
        kind, name = str(cells["type"] or ""), str(cells["name"] or "")
        if kind == "begin_group":
            path.append(name)
        elif kind == "end_group":
            path.pop()
        else:
            column = "/".join([*path, name])
            columns.append(column)
            names[name] = column
            if kind.startswith("select_multiple "):
                columns += [f"{column}/{choice}" for choice in lists[kind.split(" ", 1)[1]]]
    columns += ["_id", "_uuid", "_submission_time", "__version__", "_status"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, restval="", delimiter=";")
    writer.writeheader()
    for n, row in enumerate(rows, start=1):
        writer.writerow({**{names[k]: v for k, v in row.items()}, "_id": str(n), "__version__": "vK0b0"})
    return out.getvalue().encode()


def test_the_exported_xlsform_converts_and_its_kobo_export_imports_back(
    version: InstrumentVersion, national_admin: Any, tmp_path: Path
) -> None:
    workbook = xlsform.export_version(version)
    path = tmp_path / "waspada.xlsx"
    path.write_bytes(workbook)
    warnings: list[str] = []
    xform = convert(xlsform=str(path), warnings=warnings).xform
    assert warnings == [] and '/kode_wilayah" type="string" required="true()"' in xform

    today = datetime.date(2026, 12, 1)
    round_ = services.open_round(national_admin, version=version, title="Putaran KoBo", period_start=today,
                                 period_end=today, deadline=timezone.now() + datetime.timedelta(days=5))  # fmt: skip
    values = {"kode_wilayah": "35.78", "kekerasan_sara": "yes", "kekerasan_sara_jumlah": "2", "intimidasi": "3"}
    multiple = version.indicators.filter(answer_type="multiple_choice").first()
    if multiple is not None:
        values[multiple.code] = " ".join(c["code"] for c in multiple.choices[:2])
    result = import_submissions(national_admin, round_, _kobo_export_of(workbook, [values]), "kobo.csv")
    assert result["rows"] == 1 and result["on_behalf"] is True
    stored = {a.indicator.code: a.value for a in Answer.objects.filter(assignment__kabkota_code="35.78")
              .select_related("indicator")}  # fmt: skip
    assert stored["kekerasan_sara"] is True and stored["kekerasan_sara_jumlah"] == 2 and stored["intimidasi"] == 3
    if multiple is not None:
        assert stored[multiple.code] == [c["code"] for c in multiple.choices[:2]]
