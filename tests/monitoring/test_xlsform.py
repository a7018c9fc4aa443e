"""XLSForm out (pyxform converts it) and in (a draft version, unknown types and broken lists refused by row), and
KoBo / ODK submission exports imported into a round's questionnaires, all or nothing."""

from __future__ import annotations

import csv
import datetime
import io
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert

from waspada.monitoring import services, xlsform
from waspada.monitoring.errors import Invalid
from waspada.monitoring.instruments import new_version, update_indicator, version_spec
from waspada.monitoring.models import Answer, AnswerHistory, Assignment, Instrument, InstrumentVersion, Round
from waspada.monitoring.submissions_import import REGION_COLUMN, import_submissions


@pytest.fixture
def version(db: None) -> InstrumentVersion:
    call_command("instruments", "load-default", stdout=StringIO())
    return InstrumentVersion.objects.get(instrument__code="waspada_default", number=1)


def _sheets(content: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(content))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def _workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_default_instrument_exports_and_pyxform_converts_it(version: InstrumentVersion, tmp_path: Path) -> None:
    content = xlsform.export_version(version)
    sheets = _sheets(content)
    header = sheets["survey"][0]
    assert "label::Bahasa Indonesia (id)" in header and "label::English (en)" in header
    types = [row[0] for row in sheets["survey"][1:]]
    assert types.count("begin_group") == 4 + 12 and types.count("end_group") == 16
    assert "select_one yes_no" in types and "decimal" in types
    settings = dict(zip(sheets["settings"][0], sheets["settings"][1], strict=True))
    assert settings["form_id"] == "waspada_default_v1" and settings["version"] == "1"
    relevant = {row[1]: row[7] for row in sheets["survey"][1:]}
    assert relevant["kekerasan_sara_jumlah"] == "${kekerasan_sara} = 'yes'"
    path = tmp_path / "form.xlsx"
    path.write_bytes(content)
    warnings: list[str] = []
    result = convert(xlsform=str(path), warnings=warnings)
    (tmp_path / "form.xml").write_text(result.xform, encoding="utf-8")
    assert "<h:html" in result.xform and "kekerasan_sara_jumlah" in result.xform
    assert "selected(" in result.xform or "= 'yes'" in result.xform
    assert warnings == []


def test_export_then_import_gives_the_same_spec(version: InstrumentVersion, national_admin: Any) -> None:
    draft = xlsform.import_workbook(national_admin, xlsform.export_version(version))
    assert draft.number == 2 and not draft.is_published and draft.instrument == version.instrument
    assert xlsform.comparable(version_spec(draft)) == xlsform.comparable(version_spec(version))
    conditioned = draft.indicators.get(code="kekerasan_sara_jumlah")
    assert conditioned.condition == {"indicator": "kekerasan_sara", "equals": True}


def test_export_command_writes_the_workbook(version: InstrumentVersion, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    call_command("instruments", "export", "--code", "waspada_default", "-o", str(out), stdout=StringIO())
    assert _sheets(out.read_bytes())["settings"][1][1] == "waspada_default_v1"
    with pytest.raises(CommandError) as refused:
        call_command("instruments", "export", "--code", "nope", "-o", str(out), stdout=StringIO())
    assert refused.value.returncode == 2


YES_NO_CHOICES = [["yes_no", "yes", "Ya", "Yes"], ["yes_no", "no", "Tidak", "No"]]


def _small_form(question_type: str = "select_one yes_no", choices: list[list[Any]] | None = None) -> bytes:
    header = ["type", "name", "label::Bahasa Indonesia (id)", "label::English (en)", "required"]
    return _workbook({
        "survey": [header, ["begin_group", "d1", "Dimensi", "Dimension"], ["begin_group", "s1", "Sub", "Sub"],
                   ["select_one yes_no", "q1", "Ada?", "Any?", "yes"], [question_type, "q2", "Berapa?", "How many?"],
                   ["end_group", "s1"], ["end_group", "d1"]],
        "choices": [["list_name", "name", "label::Bahasa Indonesia (id)", "label::English (en)"],
                    *(choices if choices is not None else YES_NO_CHOICES)],
        "settings": [["form_title", "form_id", "version"], ["Formulir kecil", "kecil_v1", "1"]],
    })  # fmt: skip


def test_a_small_form_imports_as_a_new_instrument(db: None, national_admin: Any) -> None:
    draft = xlsform.import_workbook(national_admin, _small_form("integer"))
    assert draft.instrument.code == "kecil" and draft.number == 1
    q1, q2 = draft.indicators.order_by("order")
    assert (q1.answer_type, q1.scoring, q1.required) == ("yes_no", {"yes": 100, "no": 0}, True)
    assert (q2.answer_type, q2.required) == ("number", False)


def test_an_unknown_type_is_refused_naming_its_row(db: None, national_admin: Any) -> None:
    with pytest.raises(Invalid) as refused:
        xlsform.import_workbook(national_admin, _small_form("geoshape_plus"))
    assert list(refused.value.errors) == ["survey[5]"]
    assert "5" in refused.value.errors["survey[5]"] and "geoshape_plus" in refused.value.errors["survey[5]"]
    assert not Instrument.objects.exists() and not InstrumentVersion.objects.exists()


def test_a_broken_choice_list_is_refused_naming_its_row(db: None, national_admin: Any) -> None:
    with pytest.raises(Invalid) as refused:
        xlsform.import_workbook(national_admin, _small_form("select_one warna"))
    assert "survey[5]" in refused.value.errors and "warna" in refused.value.errors["survey[5]"]
    broken = [["yes_no", "yes", "Ya", "Yes"], ["yes_no", "", "Tidak", "No"], ["yes_no", "yes", "Ya", "Yes"]]
    with pytest.raises(Invalid) as refused:
        xlsform.import_workbook(national_admin, _small_form("integer", choices=broken))
    assert set(refused.value.errors) == {"choices[3]", "choices[4]"}
    assert not InstrumentVersion.objects.exists()


def test_import_command_needs_a_national_administrator(db: None, tmp_path: Path, province_officer: Any) -> None:
    path = tmp_path / "f.xlsx"
    path.write_bytes(_small_form("geoshape_plus"))
    with pytest.raises(CommandError) as refused:
        call_command("instruments", "import", str(path), "--user", province_officer.username, stdout=StringIO())
    assert refused.value.returncode == 1
    assert not InstrumentVersion.objects.exists()


# --- Submissions ---------------------------------------------------------------------------------------------


def _round(user: Any, version: InstrumentVersion) -> Round:
    today = datetime.date(2026, 12, 1)
    return services.open_round(user, version=version, title="Putaran", period_start=today, period_end=today,
                               deadline=timezone.now() + datetime.timedelta(days=7))  # fmt: skip


def _kobo_csv(version: InstrumentVersion, rows: list[dict[str, str]], drop: str = "", extra: str = "") -> bytes:
    """A KoBo-style export: group paths, server columns, select_multiple expanded per choice."""
    spec = version_spec(version)
    columns = ["start", "end", REGION_COLUMN]
    for dim in spec["dimensions"]:
        for sub in dim["subdimensions"]:
            for ind in sub["indicators"]:
                path = f"{dim['code']}/{sub['code']}/{ind['code']}"
                if ind["code"] != drop:
                    columns.append(path)
                if ind["answer_type"] == "multiple_choice":
                    columns += [f"{path}/{c['code']}" for c in ind["choices"]]
    columns += ["_id", "_uuid", "_submission_time", "__version__", *([extra] if extra else [])]
    out = StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, restval="", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({next((c for c in columns if c.endswith("/" + k)), k): v for k, v in row.items()})
    return out.getvalue().encode()


def test_a_kobo_export_imports_into_the_rounds_questionnaires(
    version: InstrumentVersion, national_admin: Any, kabkota_officer: Any
) -> None:
    round_ = _round(national_admin, version)
    region = kabkota_officer.scope_region_id
    choice = version.indicators.filter(answer_type="multiple_choice").first()
    row = {REGION_COLUMN: region, "kekerasan_sara": "yes", "kekerasan_sara_jumlah": "2", "intimidasi": "3",
           "_id": "17"}  # fmt: skip
    if choice is not None:
        row[choice.code] = " ".join(c["code"] for c in choice.choices[:2])
    result = import_submissions(kabkota_officer, round_, _kobo_csv(version, [row]), "kobo.csv")
    assignment = Assignment.objects.get(round=round_, kabkota_code=region)
    values = {a.indicator.code: a.value for a in assignment.answers.select_related("indicator")}
    assert values["kekerasan_sara"] is True and values["kekerasan_sara_jumlah"] == 2 and values["intimidasi"] == 3
    if choice is not None:
        assert values[choice.code] == [c["code"] for c in choice.choices[:2]]
    assert result == {"rows": 1, "answers": len(values), "on_behalf": False} and assignment.status == "draft"


def test_mismatched_columns_are_refused_naming_them(
    version: InstrumentVersion, national_admin: Any, kabkota_officer: Any
) -> None:
    round_ = _round(national_admin, version)
    content = _kobo_csv(version, [{REGION_COLUMN: "32.73", "intimidasi": "3"}], drop="intimidasi",
                        extra="grp/pertanyaan_asing")  # fmt: skip
    with pytest.raises(Invalid) as refused:
        import_submissions(kabkota_officer, round_, content, "kobo.csv")
    assert "grp/pertanyaan_asing" in refused.value.errors["columns"]
    assert "intimidasi" in refused.value.errors["missing"]
    assert not Answer.objects.exists()


def test_one_bad_row_saves_nothing(
    version: InstrumentVersion, national_admin: Any, kabkota_officer: Any, tmp_path: Path
) -> None:
    round_ = _round(national_admin, version)
    other = Assignment.objects.filter(round=round_).exclude(kabkota_code="32.73").first()
    assert other is not None
    rows = [{REGION_COLUMN: "32.73", "intimidasi": "3"}, {REGION_COLUMN: "32.73", "intimidasi": "9"}]
    with pytest.raises(Invalid) as refused:
        import_submissions(kabkota_officer, round_, _kobo_csv(version, rows), "kobo.csv")
    assert "row[3]" in refused.value.errors  # the same region twice
    rows = [{REGION_COLUMN: "32.73", "intimidasi": "3", "kekerasan_sara": "maybe"}]
    with pytest.raises(Invalid) as refused:
        import_submissions(kabkota_officer, round_, _kobo_csv(version, rows), "kobo.csv")
    assert "row[2].kekerasan_sara" in refused.value.errors
    # Valid values, but the second row's region lies outside the officer's scope: the first is not kept either.
    rows = [{REGION_COLUMN: "32.73", "intimidasi": "3"}, {REGION_COLUMN: other.kabkota_code, "intimidasi": "2"}]
    with pytest.raises(Invalid) as out_of_scope:
        import_submissions(kabkota_officer, round_, _kobo_csv(version, rows), "kobo.csv")
    assert "di luar cakupan" in out_of_scope.value.errors["row[3]"] and "row[2]" not in out_of_scope.value.errors
    # Out of range for a 1-5 scale: refused by save_answers, naming the row and the question.
    path = tmp_path / "kobo.csv"
    path.write_bytes(_kobo_csv(version, [{REGION_COLUMN: "32.73", "intimidasi": "9"}]))
    with pytest.raises(CommandError) as refused_cli:
        call_command("instruments", "import-submissions", "--round", str(round_.pk), str(path), "--user",
                     kabkota_officer.username, stdout=StringIO())  # fmt: skip
    assert refused_cli.value.returncode == 1 and "1.1.3" in str(refused_cli.value) and "2" in str(refused_cli.value)
    assert not Answer.objects.exists() and not AnswerHistory.objects.exists()
    assert set(Assignment.objects.filter(round=round_).values_list("status", flat=True)) == {"not_started"}


def test_an_odk_central_xlsx_export_imports_with_dash_paths_and_real_dates(
    version: InstrumentVersion, national_admin: Any, field_monitor: Any
) -> None:
    round_ = _round(national_admin, version)
    spec = version_spec(version)
    columns = ["SubmissionDate", REGION_COLUMN]
    paths = {}
    for dim in spec["dimensions"]:
        for sub in dim["subdimensions"]:
            for ind in sub["indicators"]:
                paths[ind["code"]] = f"{dim['code']}-{sub['code']}-{ind['code']}"
                columns.append(paths[ind["code"]])
    columns += ["meta-instanceID", "KEY", "ReviewState"]
    dated = version.indicators.filter(answer_type="date").first()
    row: list[Any] = [datetime.datetime(2026, 12, 5, 10, 0), "32.73"] + [None] * (len(columns) - 2)
    row[columns.index(paths["intimidasi"])] = 4
    row[columns.index(paths["kekerasan_sara"])] = "no"
    if dated is not None:
        row[columns.index(paths[dated.code])] = datetime.datetime(2026, 12, 3)
    content = _workbook({"Sheet1": [columns, row]})
    result = import_submissions(field_monitor, round_, content, "central.xlsx")
    values = {a.indicator.code: a.value for a in Answer.objects.select_related("indicator")}
    assert values["intimidasi"] == 4 and values["kekerasan_sara"] is False
    if dated is not None:
        assert values[dated.code] == "2026-12-03"
    assert result["rows"] == 1 and result["answers"] == len(values)


def test_import_command_makes_a_draft_and_formula_text_stays_text(
    version: InstrumentVersion, national_admin: Any, tmp_path: Path
) -> None:
    draft = new_version(national_admin, version)
    update_indicator(national_admin, draft.indicators.get(code="intimidasi"), text_en='=HYPERLINK("http://x","y")')
    path = tmp_path / "form.xlsx"
    call_command("instruments", "export", "--code", "waspada_default", "--version", "2", "-o", str(path),
                 stdout=StringIO())  # fmt: skip
    sheet = load_workbook(path)["survey"]
    cell = next(row[3] for row in sheet.iter_rows() if row[1].value == "intimidasi")
    assert cell.data_type == "s" and cell.quotePrefix and cell.value.startswith("=HYPERLINK")
    out = StringIO()
    call_command("instruments", "import", str(path), "--user", national_admin.username, stdout=out)
    imported = InstrumentVersion.objects.get(instrument__code="waspada_default", number=3)
    assert "version 3" in out.getvalue() and not imported.is_published
    assert imported.indicators.get(code="intimidasi").text_en == '=HYPERLINK("http://x","y")'
