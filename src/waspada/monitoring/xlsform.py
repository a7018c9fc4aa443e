"""XLSForm in and out: an instrument version as an XLSForm workbook (for KoBoToolbox / ODK), and such a workbook
back as a new draft version.

Export (`export_version`): sheets survey, choices, settings. Each dimension and sub-dimension is a group
(begin_group / end_group, named by its code); each indicator a question named by its code, labelled in
`label::Bahasa Indonesia (id)` and `label::English (en)` (guidance in `hint::...`). Types: scale -> select_one
`scale_<min>_<max>` (integer with a constraint when the range is wider than 20), yes_no -> select_one `yes_no`
(`yes` / `no`), number -> decimal with a constraint from the scoring bounds, single / multiple choice ->
select_one / select_multiple of a list named by the indicator's code, text, date. `relevant` comes from the
condition (`${code} = 'yes'`, `selected(${code}, 'x')`, several values joined by `or`), `required` from the
indicator. What XLSForm has no column for travels in extra `waspada_*` columns pyxform passes over: the answer
type, weight, scoring rule (JSON), evidence requirement and basis. settings: form_id = `<code>_v<number>`,
version = the number. Every cell is written through `core.spreadsheets.cells` (no cell runs as a formula).

Import (`import_workbook`): the upload is bounded first (`core.spreadsheets.upload.check_archive`: size,
members, entities, long cells), then the three sheets are read with openpyxl (read_only) within a row limit.
Unknown types, a question outside a sub-dimension group, a choice list missing from the choices sheet, a
choice without a name, a relevance expression that is not of the forms above: each refused naming the sheet and
row; then the whole version goes through `validation.check_spec`. Nothing is saved unless everything holds; the
result is a new draft version (publish it with `instruments.publish_version`).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from waspada.core.audit import record
from waspada.core.spreadsheets.cells import xlsx_row
from waspada.core.spreadsheets.upload import UploadLimits, UploadRefused, check_archive
from waspada.monitoring.errors import Invalid
from waspada.monitoring.instruments import _checked, _require_manager, _user, _write_tree, version_spec
from waspada.monitoring.models import Instrument, InstrumentVersion, SubDimension

LANG_ID = "Bahasa Indonesia (id)"
LANG_EN = "English (en)"
SURVEY_COLUMNS = ["type", "name", f"label::{LANG_ID}", f"label::{LANG_EN}", f"hint::{LANG_ID}", f"hint::{LANG_EN}",
                  "required", "relevant", "constraint", "waspada_type", "waspada_weight", "waspada_scoring",
                  "waspada_evidence_required", "waspada_basis"]  # fmt: skip
CHOICE_COLUMNS = ["list_name", "name", f"label::{LANG_ID}", f"label::{LANG_EN}"]
SETTINGS_COLUMNS = ["form_title", "form_id", "version", "default_language", "waspada_code", "waspada_name_en"]
YES_NO = "yes_no"
SCALE_LIST = re.compile(r"^scale_(-?\d+)_(-?\d+)$")
SCALE_LIST_MAX_RANGE = 20
META_TYPES = frozenset({"start", "end", "today", "deviceid", "username", "phonenumber", "audit", "simserial",
                        "subscriberid"})  # fmt: skip
# Which XLSForm base types each answer type may be written as.
COMPATIBLE = {"scale": {"select_one", "integer"}, "yes_no": {"select_one"}, "number": {"integer", "decimal"},
              "single_choice": {"select_one"}, "multiple_choice": {"select_multiple"}, "text": {"text"},
              "date": {"date"}}  # fmt: skip
MAX_SHEET_ROWS = 5000

_EQUALS = re.compile(r"^\$\{(\w+)\}\s*=\s*(?:'([^']*)'|\"([^\"]*)\"|(-?\d+(?:\.\d+)?))$")
_SELECTED = re.compile(r"^selected\(\s*\$\{(\w+)\}\s*,\s*(?:'([^']*)'|\"([^\"]*)\")\s*\)$")


# The question naming the kab/kota a submission answers for: KoBo/ODK submissions come back through
# submissions_import, which needs it. Top level, before the groups; import_workbook passes over it.
REGION_QUESTION = "kode_wilayah"
REGION_ROW = ["text", REGION_QUESTION, "Kode wilayah kabupaten/kota (contoh: 32.73)", "Regency/city code (e.g. 32.73)",
              "Kode Kemendagri kab/kota kantor yang mengisi.",
              "The Kemendagri code of the filling office's regency/city.",
              "yes", "", "regex(., '^[0-9]{2}\\.[0-9]{2}$')", "", "", "", "", ""]  # fmt: skip

# --- Export -------------------------------------------------------------------------------------------------


def _literal(target: Mapping[str, Any], value: Any) -> str:
    kind = target["answer_type"]
    code = target["code"]
    if kind == "yes_no":
        return f"${{{code}}} = '{'yes' if value else 'no'}'"
    if kind == "multiple_choice":
        return f"selected(${{{code}}}, '{value}')"
    if kind == "number" or (kind == "scale" and not _scale_list(target)):
        return f"${{{code}}} = {value}"
    return f"${{{code}}} = '{value}'"


def relevant_of(condition: Mapping[str, Any] | None, by_code: Mapping[str, Mapping[str, Any]]) -> str:
    if not condition:
        return ""
    target = by_code[condition["indicator"]]
    values = condition["in"] if "in" in condition else [condition["equals"]]
    return " or ".join(_literal(target, v) for v in values)


def _scale_list(ind: Mapping[str, Any]) -> str | None:
    rule = ind.get("scoring") or {}
    low, high = int(rule.get("min", 1)), int(rule.get("max", 5))
    return f"scale_{low}_{high}" if high - low <= SCALE_LIST_MAX_RANGE else None


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _constraint(rule: Mapping[str, Any]) -> str:
    parts = []
    if rule.get("min") is not None:
        parts.append(f". >= {_number(rule['min'])}")
    if rule.get("max") is not None:
        parts.append(f". <= {_number(rule['max'])}")
    return " and ".join(parts)


def _question(ind: Mapping[str, Any], by_code: Mapping[str, Mapping[str, Any]],
              lists: dict[str, list[tuple[str, str, str]]]) -> list[Any]:  # fmt: skip
    kind, rule = ind["answer_type"], ind.get("scoring") or {}
    constraint = ""
    if kind == "scale":
        name = _scale_list(ind)
        if name:
            xtype = f"select_one {name}"
            lists.setdefault(name, [(str(v), str(v), str(v)) for v in range(int(rule["min"]), int(rule["max"]) + 1)])
        else:
            xtype, constraint = "integer", _constraint(rule)
    elif kind == "yes_no":
        xtype = f"select_one {YES_NO}"
        lists.setdefault(YES_NO, [("yes", "Ya", "Yes"), ("no", "Tidak", "No")])
    elif kind == "number":
        xtype, constraint = "decimal", _constraint(rule)
    elif kind in ("single_choice", "multiple_choice"):
        xtype = ("select_one " if kind == "single_choice" else "select_multiple ") + ind["code"]
        lists[ind["code"]] = [(c["code"], c.get("label_id", ""), c.get("label_en", "")) for c in ind["choices"]]
    else:
        xtype = kind
    return [xtype, ind["code"], ind["text_id"], ind["text_en"], ind.get("help_id", ""), ind.get("help_en", ""),
            "yes" if ind.get("required", True) else "", relevant_of(ind.get("condition"), by_code), constraint,
            kind, _number(ind.get("weight", 1)), json.dumps(rule, ensure_ascii=False) if rule else "",
            "yes" if ind.get("evidence_required") else "", ind.get("basis", "")]  # fmt: skip


def _group(code: str, item: Mapping[str, Any], source: str) -> list[Any]:
    return ["begin_group", code, item["name_id"], item["name_en"], "", "", "", "", "", "",
            _number(item.get("weight", 1)), "", "", source]  # fmt: skip


def export_version(version: InstrumentVersion) -> bytes:
    """The version as an XLSForm workbook (XLSX bytes)."""
    spec = version_spec(version)
    by_code = {ind["code"]: ind for dim in spec["dimensions"] for sub in dim["subdimensions"]
               for ind in sub["indicators"]}  # fmt: skip
    sources = {d.code: d.source for d in version.dimensions.all()}
    sub_sources = {
        (s.dimension.code, s.code): s.source
        for s in SubDimension.objects.filter(dimension__version=version).select_related("dimension")
    }
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    lists: dict[str, list[tuple[str, str, str]]] = {}
    survey.append(xlsx_row(survey, REGION_ROW))
    for dim in spec["dimensions"]:
        survey.append(xlsx_row(survey, _group(dim["code"], dim, sources.get(dim["code"], ""))))
        for sub in dim["subdimensions"]:
            survey.append(xlsx_row(survey, _group(sub["code"], sub, sub_sources.get((dim["code"], sub["code"]), ""))))
            for ind in sub["indicators"]:
                survey.append(xlsx_row(survey, _question(ind, by_code, lists)))
            survey.append(["end_group", sub["code"]])
        survey.append(["end_group", dim["code"]])
    choices = book.create_sheet("choices")
    choices.append(CHOICE_COLUMNS)
    for name, rows in lists.items():
        for row in rows:
            choices.append(xlsx_row(choices, [name, *row]))
    settings = book.create_sheet("settings")
    settings.append(SETTINGS_COLUMNS)
    instrument = version.instrument
    setting = [instrument.name_id, f"{instrument.code}_v{version.number}", str(version.number), LANG_ID,
               instrument.code, instrument.name_en]  # fmt: skip
    settings.append(xlsx_row(settings, setting))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- Import -------------------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _sheet_rows(book: Any, name: str, limits: UploadLimits) -> list[tuple[int, dict[str, str]]]:
    """(row number, {lower-case header: text}) of a sheet, blank rows left out; [] when the sheet is absent."""
    sheet = next((s for s in book.worksheets if s.title.strip().lower() == name), None)
    if sheet is None:
        return []
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > limits.max_rows_read:
            raise UploadRefused(_("The sheet “%(sheet)s” has more than %(max)d rows.")
                                % {"sheet": name, "max": limits.max_rows_read}, "rows")  # fmt: skip
        if len(values) > limits.max_columns:
            values = values[: limits.max_columns]
        texts = [_cell(v) for v in values]
        if number == 1:
            header = [t.lower() for t in texts]
            continue
        if any(texts):
            rows.append((number, {h: t for h, t in zip(header, texts, strict=False) if h}))
    return rows


def read_workbook(content: bytes, limits: UploadLimits | None = None) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """The survey, choices and settings sheets of an XLSForm upload, within bounds. Raises UploadRefused."""
    limits = limits or UploadLimits.from_settings(max_rows=MAX_SHEET_ROWS)
    if len(content) > limits.max_bytes:
        raise UploadRefused(_("The file is too large."), "bytes")
    check_archive(content, limits)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except DefusedXmlException as exc:
        raise UploadRefused(_("The file declares XML entities; it is refused."), "doctype") from exc
    except (InvalidFileException, ParseError, zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise UploadRefused(_("This file cannot be read as an XLSX workbook.")) from exc
    try:
        return {name: _sheet_rows(book, name, limits) for name in ("survey", "choices", "settings")}
    finally:
        book.close()


def _at(sheet: str, row: int) -> str:
    return _("sheet “%(sheet)s”, row %(row)d") % {"sheet": sheet, "row": row}


def _label(row: Mapping[str, str], kind: str, lang: str) -> str:
    return row.get(f"{kind}::{lang}".lower(), "") or (row.get(kind, "") if lang == LANG_ID else "")


def _parse_relevant(expr: str, by_code: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | str:
    """The condition of a relevance expression, or why it is not understood."""
    code: str | None = None
    values: list[Any] = []
    for part in re.split(r"\s+or\s+", expr.strip()):
        match = _EQUALS.match(part.strip()) or _SELECTED.match(part.strip())
        if match is None:
            return _("the relevance “%(expr)s” is not of the form ${code} = 'value'") % {"expr": expr}
        name, *raw = match.groups()
        if code not in (None, name):
            return _("the relevance “%(expr)s” names more than one question") % {"expr": expr}
        code = name
        target = by_code.get(name)
        if target is None:
            return _("the relevance refers to “%(code)s”, which is not an earlier question") % {"code": name}
        text = next(v for v in raw if v is not None)
        kind = target["answer_type"]
        try:
            if kind == "yes_no":
                if text not in ("yes", "no"):
                    return _("“%(value)s” is not yes or no") % {"value": text}
                values.append(text == "yes")
            elif kind == "scale":
                values.append(int(text))
            elif kind == "number":
                values.append(_number(float(text)))
            else:
                values.append(text)
        except ValueError:
            return _("“%(value)s” is not a number") % {"value": text}
    assert code is not None
    return {"indicator": code, "equals": values[0]} if len(values) == 1 else {"indicator": code, "in": values}


def _float(text: str, default: float = 1) -> float | int | None:
    if not text:
        return default
    try:
        return _number(float(text))
    except ValueError:
        return None


def workbook_spec(sheets: Mapping[str, list[tuple[int, dict[str, str]]]]) -> dict[str, Any]:
    """The load_instrument-style spec of an XLSForm's sheets. Raises Invalid naming each bad sheet row."""
    errors: dict[str, str] = {}

    def fail(sheet: str, row: int, message: str) -> None:
        errors[f"{sheet}[{row}]"] = f"{_at(sheet, row)}: {message}"

    if not sheets["survey"]:
        errors["survey"] = _("The workbook has no “survey” sheet with questions.")
    lists: dict[str, list[dict[str, str]]] = {}
    for number, row in sheets["choices"]:
        name, list_name = row.get("name", ""), row.get("list_name", "")
        if not list_name or not name:
            fail("choices", number, _("a choice needs its list_name and name"))
            continue
        entries = lists.setdefault(list_name, [])
        if any(c["code"] == name for c in entries):
            fail("choices", number, _("the choice “%(name)s” appears twice in list “%(list)s”")
                 % {"name": name, "list": list_name})  # fmt: skip
        entries.append({"code": name, "label_id": _label(row, "label", LANG_ID),
                        "label_en": _label(row, "label", LANG_EN)})  # fmt: skip
    settings = sheets["settings"][0][1] if sheets["settings"] else {}
    form_id = settings.get("form_id", "")
    code = settings.get("waspada_code") or re.sub(r"_v\d+$", "", form_id)
    spec: dict[str, Any] = {"code": code, "name_id": settings.get("form_title", "") or code,
                            "name_en": settings.get("waspada_name_en", "") or settings.get("form_title", "") or code,
                            "dimensions": []}  # fmt: skip
    if not code:
        errors["settings"] = _("The settings sheet needs a form_id.")
    stack: list[dict[str, Any]] = []
    by_code: dict[str, dict[str, Any]] = {}
    for number, row in sheets["survey"]:
        xtype = re.sub(r"\s+", " ", row.get("type", "")).strip()
        base, _sep, list_name = xtype.partition(" ")
        base = {"begin group": "begin_group", "end group": "end_group"}.get(xtype, base)
        name = row.get("name", "")
        if base == "begin_group":
            if len(stack) >= 2:
                fail("survey", number, _("groups nest two deep only (dimension, sub-dimension)"))
                continue
            weight = _float(row.get("waspada_weight", ""))
            if weight is None:
                fail("survey", number, _("the weight is not a number"))
            group: dict[str, Any] = {
                "code": name, "name_id": _label(row, "label", LANG_ID), "name_en": _label(row, "label", LANG_EN),
                "weight": weight, "basis": row.get("waspada_basis", ""),
            }  # fmt: skip
            if stack:
                group["indicators"] = []
                stack[-1]["subdimensions"].append(group)
            else:
                group["subdimensions"] = []
                spec["dimensions"].append(group)
            stack.append(group)
            continue
        if base == "end_group":
            if not stack:
                fail("survey", number, _("end_group without a begin_group"))
            else:
                stack.pop()
            continue
        if base in META_TYPES or (name == REGION_QUESTION and not stack):
            continue
        kind = row.get("waspada_type", "")
        if base in ("select_one", "select_multiple"):
            if not list_name:
                fail("survey", number, _("“%(type)s” needs a choice list name") % {"type": base})
                continue
            if list_name not in lists:
                fail("survey", number, _("the choice list “%(list)s” is not in the choices sheet")
                     % {"list": list_name})  # fmt: skip
                continue
            scale = SCALE_LIST.match(list_name)
            derived = ("multiple_choice" if base == "select_multiple" else YES_NO if list_name == YES_NO
                       else "scale" if scale else "single_choice")  # fmt: skip
        elif base in ("integer", "decimal"):
            derived = "number"
        elif base in ("text", "date"):
            derived = base
        else:
            fail("survey", number, _("unknown or unsupported question type “%(type)s”") % {"type": xtype})
            continue
        kind = kind or derived
        if kind not in COMPATIBLE or base not in COMPATIBLE[kind]:
            fail("survey", number, _("the answer type “%(kind)s” does not fit the type “%(type)s”")
                 % {"kind": kind, "type": xtype})  # fmt: skip
            continue
        if len(stack) != 2:
            fail("survey", number, _("a question must sit inside a sub-dimension group inside a dimension group"))
            continue
        try:
            scoring = json.loads(row["waspada_scoring"]) if row.get("waspada_scoring") else {}
        except json.JSONDecodeError:
            fail("survey", number, _("waspada_scoring is not valid JSON"))
            continue
        if kind == "scale" and not scoring and (scale := SCALE_LIST.match(list_name)):
            scoring = {"min": int(scale.group(1)), "max": int(scale.group(2))}
        if kind == YES_NO and not scoring:
            scoring = {"yes": 100, "no": 0}
        weight = _float(row.get("waspada_weight", ""))
        if weight is None:
            fail("survey", number, _("the weight is not a number"))
        indicator: dict[str, Any] = {
            "code": name, "answer_type": kind, "text_id": _label(row, "label", LANG_ID),
            "text_en": _label(row, "label", LANG_EN), "help_id": _label(row, "hint", LANG_ID),
            "help_en": _label(row, "hint", LANG_EN),
            "choices": [dict(c) for c in lists[list_name]] if kind in ("single_choice", "multiple_choice") else [],
            "scoring": scoring, "weight": weight, "required": row.get("required", "").lower() in ("yes", "true", "1"),
            "evidence_required": row.get("waspada_evidence_required", "").lower() in ("yes", "true", "1"),
            "condition": None, "basis": row.get("waspada_basis", ""),
        }  # fmt: skip
        if row.get("relevant"):
            condition = _parse_relevant(row["relevant"], by_code)
            if isinstance(condition, str):
                fail("survey", number, condition)
                continue
            indicator["condition"] = condition
        stack[-1]["indicators"].append(indicator)
        by_code[name] = indicator
    if stack and not errors:
        errors["survey"] = _("The group “%(code)s” is never closed (end_group).") % {"code": stack[-1]["code"]}
    if errors:
        raise Invalid(errors, detail=_("The XLSForm was refused; nothing was saved."))
    return spec


def import_workbook(user: Any, content: bytes) -> InstrumentVersion:
    """A new draft version (of a new or existing instrument) from an XLSForm workbook; refused whole otherwise."""
    _require_manager(user)
    try:
        sheets = read_workbook(content)
    except UploadRefused as refused:
        raise Invalid({"file": str(refused)}, detail=_("Nothing was saved.")) from refused
    spec = workbook_spec(sheets)
    _checked(spec)
    with transaction.atomic():
        instrument, _created = Instrument.objects.get_or_create(
            code=spec["code"], defaults={"name_id": spec["name_id"], "name_en": spec["name_en"]}
        )
        last = instrument.versions.order_by("-number").first()
        version = InstrumentVersion.objects.create(
            instrument=instrument, number=(last.number if last else 0) + 1, created_by=_user(user),
            note=_("Imported from an XLSForm"),
        )  # fmt: skip
        _write_tree(version, spec)
        record(user, "monitoring.version_create", version, None, {"from_xlsform": True})
    return version


def comparable(spec: Mapping[str, Any]) -> list[Any]:
    """A version's spec without what differs between stored copies (ids, version number): for comparison."""

    def clean(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in item.items() if k not in ("id",)} for item in items]

    return [{**{k: v for k, v in dim.items() if k != "subdimensions"},
             "subdimensions": [{**{k: v for k, v in sub.items() if k != "indicators"},
                                "indicators": clean(sub["indicators"])} for sub in dim["subdimensions"]]}
            for dim in spec["dimensions"]]  # fmt: skip
