"""Election cycles entered by a national admin: the cycle, its stages (one by one or from an XLSX sheet), and the
confirmation that turns provisional dates into confirmed ones.

Every write checks `elections.manage` (waspada.core.permissions), validates, writes and records its audit event in
one transaction; a refusal is a `CycleError` naming the field (or the sheet's row and column) and writes nothing.
A cycle written here has `origin = entered`: `waspada elections import` never overwrites or deletes it.

Stage sheet (first sheet, header row first, one stage a row; names are matched case-insensitively):

| column | required | content |
|---|---|---|
| `name_id` | yes | the stage's name in Indonesian |
| `name_en` | no | the English name (the Indonesian one is shown when empty) |
| `tag` | yes | a stage tag of taxonomy.yaml, by code or by its Indonesian or English label |
| `start`, `end` | no | dates (a date cell or YYYY-MM-DD); one may be empty, never both inverted |
| `note` | no | a remark shown next to the stage, free text in the admin's language (shown as written) |

The sheet replaces the stages of the cycle: all rows are checked first, then every stage is written, or none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from waspada.core.audit import record, record_batch
from waspada.core.errors import DomainError
from waspada.core.permissions import has_permission
from waspada.core.spreadsheets.upload import UploadLimits, UploadRefused, read_table
from waspada.elections.models import AppliesTo, Election, ElectionKind, ElectionOrigin, Stage, StageTag

PERMISSION = "elections.manage"
MAX_STAGE_ROWS = 500
SHEET_COLUMNS = ("name_id", "name_en", "tag", "start", "end", "note")
REQUIRED_COLUMNS = ("name_id", "tag")
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}){0,2}(\.\d{4})?$")


class CycleError(DomainError):
    """Bad input for a cycle or a stage; `errors` maps a field (or "row 4, column start") to its message."""


class CycleDenied(CycleError):
    status = 403


class CycleConflict(CycleError):
    status = 409


@dataclass
class CycleInput:
    code: str
    kind: str
    name_id: str
    name_en: str = ""
    applies_to: str = ""
    voting_day: dt.date | None = None
    regions: list[str] = field(default_factory=list)
    source_note_id: str = ""
    source_note_en: str = ""
    provisional: bool = True


@dataclass
class StageInput:
    name_id: str
    tag: str
    name_en: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    note: str = ""
    code: str = ""


@dataclass
class SheetResult:
    election: Election
    stages: int
    removed: int


def _allow(user: Any) -> None:
    if not has_permission(user, PERMISSION):
        raise CycleDenied({"user": _("Only a national admin may enter or change election cycles.")})


def _snapshot(election: Election) -> dict[str, Any]:
    return {
        "kind": election.kind,
        "name_id": election.name_id,
        "voting_day": election.voting_day,
        "provisional": election.provisional,
        "regions": election.regions,
        "applies_to": election.applies_to,
    }


def _default_applies(kind: str) -> str:
    if kind == ElectionKind.PEMILU:
        return AppliesTo.EVERYWHERE
    if kind == ElectionKind.PILKADA:
        return AppliesTo.CONTEST_REGIONS
    return AppliesTo.LISTED_REGIONS


def _check_cycle(data: CycleInput, *, new: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if new:
        if not _CODE.match(data.code):
            errors["code"] = _("Use 2 to 40 lower-case letters, digits or _, starting with a letter (e.g. psu_2027).")
        elif Election.objects.filter(code=data.code).exists():
            errors["code"] = _("An election with code %(code)s already exists.") % {"code": data.code}
    if data.kind not in ElectionKind.values:
        errors["kind"] = _("Choose one of the listed kinds.")
    if not data.name_id.strip():
        errors["name_id"] = _("Give the Indonesian name.")
    applies = data.applies_to or _default_applies(data.kind)
    if applies not in AppliesTo.values:
        errors["applies_to"] = _("Choose where the stages apply.")
    bad = [code for code in data.regions if not _REGION_CODE.match(code)]
    if bad:
        errors["regions"] = _("Not region codes: %(codes)s (use codes such as 32.73).") % {"codes": ", ".join(bad)}
    elif applies == AppliesTo.LISTED_REGIONS and not data.regions:
        errors["regions"] = _("List the region codes where this election is held.")
    return errors


def save_cycle(user: Any, data: CycleInput, *, election: Election | None = None, request: Any = None) -> Election:
    """Create a cycle (election is None) or change one; either way it becomes `entered` and is audited."""
    _allow(user)
    errors = _check_cycle(data, new=election is None)
    if errors:
        raise CycleError(errors)
    with transaction.atomic():
        before = _snapshot(election) if election is not None else None
        target = election or Election(code=data.code, position=Election.objects.count())
        target.kind = data.kind
        target.applies_to = data.applies_to or _default_applies(data.kind)
        target.name_id = data.name_id.strip()
        target.name_en = data.name_en.strip()
        target.voting_day = data.voting_day
        target.regions = sorted(set(data.regions))
        target.source_note_id = data.source_note_id.strip()
        target.source_note_en = data.source_note_en.strip()
        target.origin, target.changed_at = ElectionOrigin.ENTERED, timezone.now()
        if data.provisional:
            target.provisional, target.confirmed_at, target.confirmed_by = True, None, None
        elif target.provisional or election is None:
            target.provisional, target.confirmed_at, target.confirmed_by = False, timezone.now(), user
        target.save()
        record(user, "elections.cycle_create" if before is None else "elections.cycle_update", target,
               before=before, after=_snapshot(target), request=request)  # fmt: skip
    return target


def confirm_cycle(user: Any, election: Election, *, request: Any = None) -> Election:
    """The dates are now confirmed: no longer provisional, with who confirmed them and when."""
    _allow(user)
    if not election.provisional:
        raise CycleConflict({"provisional": _("This cycle is already confirmed.")})
    with transaction.atomic():
        before = _snapshot(election)
        election.provisional, election.confirmed_at, election.confirmed_by = False, timezone.now(), user
        election.changed_at = election.confirmed_at
        election.save(update_fields=["provisional", "confirmed_at", "confirmed_by", "changed_at"])
        record(user, "elections.cycle_confirm", election, before=before, after=_snapshot(election), request=request)
    return election


def _tag_lookup() -> dict[str, str]:
    """Code, Indonesian label and English label (case-insensitive) -> tag code; never the outside-stage tag."""
    lookup: dict[str, str] = {}
    for tag in StageTag.objects.exclude(code="luar_tahapan"):
        for key in (tag.code, tag.label_id, tag.label_en):
            if key:
                lookup[key.strip().casefold()] = tag.code
    return lookup


def _stage_code(name: str, taken: set[str]) -> str:
    base = (slugify(name).replace("-", "_") or "tahapan")[:50]
    if not base[0].isalpha():
        base = f"t_{base}"[:50]
    code, n = base, 2
    while code in taken:
        code, n = f"{base[:46]}_{n}", n + 1
    taken.add(code)
    return code


def _check_stage(data: StageInput, tags: dict[str, str], prefix: str = "") -> tuple[dict[str, str], str]:
    errors: dict[str, str] = {}
    if not data.name_id.strip():
        errors[f"{prefix}name_id"] = _("Give the stage's Indonesian name.")
    tag = tags.get(data.tag.strip().casefold(), "")
    if not tag:
        errors[f"{prefix}tag"] = _("%(tag)s is not a stage tag.") % {"tag": data.tag or "—"}
    if data.start and data.end and data.start > data.end:
        errors[f"{prefix}end"] = _("The end date is before the start date.")
    return errors, tag


def save_stage(user: Any, election: Election, data: StageInput, *, stage: Stage | None = None,
               request: Any = None) -> Stage:  # fmt: skip
    """Add a stage to a cycle or change one; the cycle becomes `entered` (the admin's dates now win)."""
    _allow(user)
    errors, tag = _check_stage(data, _tag_lookup())
    if errors:
        raise CycleError(errors)
    with transaction.atomic():
        before = _stage_snapshot(stage) if stage is not None else None
        if stage is None:
            taken = set(election.stages.values_list("code", flat=True))
            stage = Stage(election=election, code=_stage_code(data.name_id, taken),
                          position=election.stages.count())  # fmt: skip
        stage.name_id, stage.name_en, stage.tag_id = data.name_id.strip(), data.name_en.strip(), tag
        stage.start, stage.end = data.start, data.end
        note = data.note.strip()
        # The form shows the note in the admin's language: kept as it was, the file's pair of texts stays; a new
        # or changed note is the admin's free text, shown as written in both languages.
        if not note or note not in (stage.note, stage.note_id):
            stage.note, stage.note_id = note, ""
        stage.save()
        _mark_entered(election)
        record(user, "elections.stage_save", election, before=before, after=_stage_snapshot(stage), request=request)
    return stage


def delete_stage(user: Any, stage: Stage, *, request: Any = None) -> None:
    _allow(user)
    with transaction.atomic():
        election = stage.election
        record(user, "elections.stage_delete", election, before=_stage_snapshot(stage), request=request)
        stage.delete()
        _mark_entered(election)


def _mark_entered(election: Election) -> None:
    """The admin's version now wins over the data files, and running processes reload the calendar."""
    election.origin, election.changed_at = ElectionOrigin.ENTERED, timezone.now()
    election.save(update_fields=["origin", "changed_at"])


def _stage_snapshot(stage: Stage) -> dict[str, Any]:
    return {"code": stage.code, "tag": stage.tag_id, "name_id": stage.name_id, "start": stage.start,
            "end": stage.end}  # fmt: skip


# --- the stage sheet -------------------------------------------------------------------------------------------


def _cell_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def _cell_text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def read_stage_sheet(content: bytes) -> list[tuple[int, StageInput]]:
    """The sheet's rows as stage inputs, or a CycleError naming every row and column at fault (all at once)."""
    try:  # the one bounded upload reader (size, rows incl. blank ones, cells, time; a DOCTYPE refused)
        table = read_table(content, "tahapan.xlsx", UploadLimits.from_settings(max_rows=MAX_STAGE_ROWS),
                           formats=("xlsx",))  # fmt: skip
    except UploadRefused as exc:
        raise CycleError({"file": str(exc)}) from exc
    header = [_cell_text(value).casefold() for value in table.header]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise CycleError({"file": _("The first row must name the columns; missing: %(names)s.")
                          % {"names": ", ".join(missing)}})  # fmt: skip
    errors: dict[str, str] = {}
    if table.merged:
        errors["file"] = _("Unmerge the cells %(ranges)s.") % {"ranges": ", ".join(table.merged[:5])}
    if table.too_many:
        errors["file"] = _("More than %(n)s rows.") % {"n": MAX_STAGE_ROWS}
    if not table.rows:
        errors["file"] = _("The sheet has no stage rows.")
    rows: list[tuple[int, StageInput]] = []
    tags = _tag_lookup()
    for number, values in table.rows:
        cells = {name: values[i] if i < len(values) else None for i, name in enumerate(header) if name}
        dates: dict[str, dt.date | None] = {}
        for column in ("start", "end"):
            try:
                dates[column] = _cell_date(cells.get(column))
            except ValueError:
                errors[_("row %(row)s, column %(column)s") % {"row": number, "column": column}] = _(
                    "%(value)s is not a date (use a date cell or YYYY-MM-DD)."
                ) % {"value": _cell_text(cells.get(column))}
                dates[column] = None
        data = StageInput(name_id=_cell_text(cells.get("name_id")), tag=_cell_text(cells.get("tag")),
                          name_en=_cell_text(cells.get("name_en")), start=dates["start"], end=dates["end"],
                          note=_cell_text(cells.get("note")))  # fmt: skip
        problems, _tag = _check_stage(data, tags)
        for column, message in problems.items():
            errors[_("row %(row)s, column %(column)s") % {"row": number, "column": column}] = message
        rows.append((number, data))
    if errors:
        raise CycleError(errors)
    return rows


def import_stage_sheet(user: Any, election: Election, content: bytes, *, request: Any = None) -> SheetResult:
    """Replace the cycle's stages with the sheet's rows: every row valid, or nothing written."""
    _allow(user)
    rows = read_stage_sheet(content)
    tags = _tag_lookup()
    with transaction.atomic():
        removed, _deleted = election.stages.all().delete()
        taken: set[str] = set()
        Stage.objects.bulk_create([
            Stage(election=election, code=_stage_code(data.name_id, taken), position=position,
                  tag_id=tags[data.tag.strip().casefold()], name_id=data.name_id, name_en=data.name_en,
                  start=data.start, end=data.end, note=data.note)
            for position, (_number, data) in enumerate(rows)
        ])  # fmt: skip
        election.origin, election.changed_at = ElectionOrigin.ENTERED, timezone.now()
        election.provisional, election.confirmed_at, election.confirmed_by = True, None, None
        election.save(update_fields=["origin", "changed_at", "provisional", "confirmed_at", "confirmed_by"])
        record_batch(user, "elections.stage_sheet", object_type="elections.election", job_id=uuid.uuid4().hex,
                     counts={"stages": len(rows), "removed": removed},
                     checksum=hashlib.sha256(content).hexdigest(), request=request,
                     details={"election": election.code})  # fmt: skip
    return SheetResult(election, len(rows), removed)


def stage_sheet_template() -> bytes:
    """An empty stage sheet with the documented columns and one example row."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "tahapan"
    sheet.append(list(SHEET_COLUMNS))
    sheet.append(["Pemungutan dan penghitungan suara", "Voting and counting", "pemungutan_suara",
                  dt.date(2029, 2, 14), dt.date(2029, 2, 15), "tanggal sementara"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
