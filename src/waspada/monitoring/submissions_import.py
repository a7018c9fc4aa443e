"""Submissions exported from KoBoToolbox or ODK Central (CSV or XLSX, one row per submission) saved as answers to
a round's assignments.

The file must come from the XLSForm of the round's instrument version (`xlsform.export_version`) with one extra
question `kode_wilayah` (REGION_COLUMN): the kab/kota code of the office the row answers for ("32.73"). Columns
are matched by question name, bare (`intimidasi`) or with its group path as KoBo (`dim/sub/intimidasi`) or ODK
Central (`dim-sub-intimidasi`) write it. Server columns (KoBo's `_id`, `_uuid`, `__version__`, ...; Central's
`KEY`, `SubmissionDate`, `meta-instanceID`, ...), the metadata questions (start, end, today, ...) and KoBo's
one-column-per-choice expansion of a select_multiple (`.../question/choice`) are passed over. A column that is
no question of the version, or a question without its column, refuses the file naming them.

Values are read as the servers write them: yes/no as `yes` / `no`, choices by name, several choices separated
by spaces, dates as YYYY-MM-DD. An empty cell leaves that answer as it was. Each row goes through
`services.save_answers` (permission, scope, open round, fillable status, each value checked) for the region's
assignment, all rows in one transaction: one bad row or value refuses the whole file, naming the row and the
question, and nothing is saved.

Who imports: an office (`monitoring.fill`) for the regions of its scope, or a round manager (`monitoring.open_round`:
the national desk for any kab/kota, a province for its own) on behalf of the covered offices, e.g. the national
desk bringing in a KoBo project filled by many offices. The latter is saved `on_behalf` (audited as
`monitoring.answers_save_on_behalf`, marked in each answer's history). Either way every row's region must lie in
the importer's scope; each one that does not is named by its row.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waspada.core.errors import DomainError
from waspada.core.permissions import has_permission
from waspada.core.scope import region_in_scope
from waspada.core.spreadsheets.upload import UploadLimits, UploadRefused, read_table
from waspada.monitoring import services
from waspada.monitoring.errors import Denied, Invalid
from waspada.monitoring.instruments import version_spec
from waspada.monitoring.models import AnswerSource, Assignment, Round
from waspada.monitoring.xlsform import REGION_QUESTION

REGION_COLUMN = REGION_QUESTION  # the question export_version writes first
META_QUESTIONS = frozenset({"start", "end", "today", "deviceid", "username", "phonenumber", "audit", "simserial",
                            "subscriberid", "instanceid", "instancename", "formhub/uuid", "meta/instanceid",
                            "meta-instanceid", "meta/deprecatedid", "meta-deprecatedid", "meta/rootuuid",
                            "meta-instancename", "meta/instancename", "meta/audit", "meta-audit"})  # fmt: skip
CENTRAL_COLUMNS = frozenset({"submissiondate", "key", "submitterid", "submittername", "attachmentspresent",
                             "attachmentsexpected", "status", "reviewstate", "deviceid", "edits", "formversion",
                             "updatedat"})  # fmt: skip
YES = frozenset({"yes", "ya", "true", "1"})
NO = frozenset({"no", "tidak", "false", "0"})
MAX_ROWS = 5000


def _server_column(name: str) -> bool:
    lowered = name.strip().lower()
    return lowered.startswith("_") or lowered in META_QUESTIONS or lowered in CENTRAL_COLUMNS


def _paths(spec: Mapping[str, Any]) -> dict[str, str]:
    """{column name as a server may write it: indicator code}."""
    paths: dict[str, str] = {}
    for dim in spec["dimensions"]:
        for sub in dim["subdimensions"]:
            for ind in sub["indicators"]:
                code = ind["code"]
                for name in (code, f"{dim['code']}/{sub['code']}/{code}", f"{dim['code']}-{sub['code']}-{code}"):
                    paths[name.lower()] = code
    return paths


def _region_column(name: str) -> bool:
    return re.split(r"[/-]", name.strip().lower())[-1] == REGION_COLUMN


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def convert(indicator: Mapping[str, Any], value: Any) -> Any:
    """The answer a server's cell stands for, or raises ValueError with the reason."""
    kind = indicator["answer_type"]
    if kind == "date" and isinstance(value, datetime.datetime | datetime.date):
        return (value.date() if isinstance(value, datetime.datetime) else value).isoformat()
    text = _text(value)
    if kind == "yes_no":
        if text.lower() in YES:
            return True
        if text.lower() in NO:
            return False
        raise ValueError(_("answer yes or no"))
    if kind in ("scale", "number"):
        try:
            number = float(text.replace(",", ".")) if not isinstance(value, int | float) else float(value)
        except ValueError as exc:
            raise ValueError(_("give a number")) from exc
        return int(number) if number.is_integer() else number
    if kind == "multiple_choice":
        return text.split()
    if kind == "date":
        return text[:10]
    return text


def import_submissions(user: Any, round_: Round, content: bytes, file_name: str) -> dict[str, Any]:
    """Save every row of a KoBo / ODK export as answers to its region's assignment in `round_`; all or nothing.
    Returns {"rows": n, "answers": saved answers, "on_behalf": bool}. Raises Denied for a role that may neither
    fill in nor manage rounds, Invalid naming the columns, rows and questions at fault, or the DomainError of the
    service (with the row)."""
    if has_permission(user, "monitoring.fill"):
        on_behalf = False
    elif has_permission(user, "monitoring.open_round"):
        on_behalf = True
    else:
        raise Denied({"user": _("Your role may neither fill in monitoring questionnaires nor manage rounds.")})
    try:
        table = read_table(content, file_name, UploadLimits.from_settings(max_rows=MAX_ROWS))
    except UploadRefused as refused:
        raise Invalid({"file": str(refused)}, detail=_("Nothing was saved.")) from refused
    if table.too_many:
        raise Invalid({"file": _("The file has more than %(max)d rows.") % {"max": MAX_ROWS}})
    spec = version_spec(round_.version)
    by_code = {ind["code"]: ind for dim in spec["dimensions"] for sub in dim["subdimensions"]
               for ind in sub["indicators"]}  # fmt: skip
    paths = _paths(spec)
    header = [_text(h) for h in table.header]
    columns: dict[int, str] = {}
    region_at: int | None = None
    unknown: list[str] = []
    for index, name in enumerate(header):
        lowered = name.lower()
        if not name or _server_column(name):
            continue
        if _region_column(name):
            region_at = index
        elif lowered in paths:
            columns[index] = paths[lowered]
        elif "/" in lowered and lowered.rsplit("/", 1)[0] in paths and \
                by_code[paths[lowered.rsplit("/", 1)[0]]]["answer_type"] == "multiple_choice":  # fmt: skip
            continue  # KoBo's 0/1 column per choice of a select_multiple
        else:
            unknown.append(name)
    errors: dict[str, str] = {}
    if unknown:
        errors["columns"] = _("These columns are no question of the instrument version: %(names)s.") % {
            "names": ", ".join(unknown)}  # fmt: skip
    missing = [code for code in by_code if code not in columns.values()]
    if missing:
        errors["missing"] = _("These questions have no column: %(names)s.") % {"names": ", ".join(missing)}
    if region_at is None:
        errors["kode_wilayah"] = _("The column %(name)s (the regency/city code) is missing.") % {"name": REGION_COLUMN}
    if errors:
        raise Invalid(errors, detail=_("The file does not match the instrument version; nothing was saved."))
    assert region_at is not None
    assignments = {a.kabkota_code: a for a in Assignment.objects.filter(round=round_)}
    planned: list[tuple[int, Assignment, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for number, values in table.rows:
        row = _("Row %(row)d") % {"row": number}
        region = _text(values[region_at] if region_at < len(values) else None)
        assignment = assignments.get(region)
        if assignment is None:
            errors[f"row[{number}]"] = f"{row}: " + _("the round has no questionnaire for region “%(code)s”.") % {
                "code": region}  # fmt: skip
            continue
        if not region_in_scope(user, region):
            errors[f"row[{number}]"] = f"{row}: " + _("region %(code)s lies outside your scope.") % {"code": region}
            continue
        if region in seen:
            errors[f"row[{number}]"] = f"{row}: " + _("region %(code)s was already given in row %(first)d.") % {
                "code": region, "first": seen[region]}  # fmt: skip
            continue
        seen[region] = number
        answers: dict[str, Any] = {}
        for index, code in columns.items():
            cell = values[index] if index < len(values) else None
            if _text(cell) == "" and not isinstance(cell, datetime.date):
                continue
            try:
                answers[code] = convert(by_code[code], cell)
            except ValueError as exc:
                errors[f"row[{number}].{code}"] = f"{row}, {by_code[code]['place']} ({header[index]}): {exc}"
        planned.append((number, assignment, answers))
    if errors:
        raise Invalid(errors, detail=_("Nothing was saved."))
    saved = 0
    with transaction.atomic():
        for number, assignment, answers in planned:
            try:
                saved += len(services.save_answers(user, assignment, answers, source=AnswerSource.IMPORT,
                                                   on_behalf=on_behalf))  # fmt: skip
            except DomainError as exc:
                reasons = getattr(exc, "errors", {}) or {"row": str(exc)}
                raise type(exc)(
                    {f"row[{number}].{key}": _("Row %(row)d") % {"row": number} + f": {text}"
                     for key, text in reasons.items()},
                    detail=_("Nothing was saved."),
                ) from exc  # fmt: skip
    return {"rows": len(planned), "answers": saved, "on_behalf": on_behalf}
