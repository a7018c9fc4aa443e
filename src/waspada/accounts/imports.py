"""Onboarding accounts from an XLSX file: a downloadable template, row-level errors, all or nothing."""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from waspada.accounts.backends import forget_user
from waspada.accounts.models import User
from waspada.accounts.services import assignable_roles, check_assignment, send_password_email
from waspada.core.audit import record_batch
from waspada.core.spreadsheets.cells import xlsx_row
from waspada.core.spreadsheets.upload import UploadLimits, UploadRefused, read_table
from waspada.regions.models import Region

COLUMNS = ("username", "email", "first_name", "last_name", "role", "region_code", "is_external")
REQUIRED = ("username", "email", "role", "region_code")
MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024
_TRUE, _FALSE = {"1", "true", "yes", "ya", "y"}, {"", "0", "false", "no", "tidak", "n"}


@dataclass
class RowError:
    row: int  # spreadsheet row number, header = 1
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d, %(column)s: %(message)s") % {"row": self.row, "column": self.column,
                                                            "message": self.message}  # fmt: skip


@dataclass
class ImportFailed(Exception):
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportResult:
    created: list[User]
    emailed: int


def template_workbook(actor: Any) -> bytes:
    """The template: the columns, one example row, and the roles the downloading user may give."""
    book = Workbook()
    sheet = book.active
    sheet.title = "users"
    sheet.append(xlsx_row(sheet, COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(xlsx_row(sheet, ["kesbangpol.bandung", "kesbangpol@bandung.go.id", "Nama", "Petugas",
                                  "kabkota_officer", "32.73", "0"]))  # fmt: skip
    for column in ("A", "B", "E", "F"):
        sheet.column_dimensions[column].width = 26
    for row in sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1, min_col=6, max_col=6):
        row[0].number_format = "@"  # region codes are text: 32.10 must not become 32.1
    notes = book.create_sheet("roles")
    notes.append(xlsx_row(notes, ["role", "scope region"]))
    for role in assignable_roles(actor):
        notes.append(xlsx_row(notes, [role, _("regency/city code") if role != "viewer" else _("any region code")]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(value: Any, column: str) -> str:
    if value is None:
        return ""
    if column == "region_code" and isinstance(value, float):
        return f"{value:.2f}"  # a kab/kota code typed as a number: 32.1 was 32.10
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(content: bytes) -> list[tuple[int, dict[str, str]]]:
    """The rows of the first sheet, through the shared safe reader (bounded size, rows including blank ones,
    cells and time; no DOCTYPE): a hostile workbook is refused with the reader's message."""
    try:
        table = read_table(content, "users.xlsx", UploadLimits.from_settings(max_rows=MAX_ROWS, max_bytes=MAX_BYTES),
                           formats=("xlsx",))  # fmt: skip
    except UploadRefused as refused:
        raise ImportFailed([RowError(0, "file", str(refused))]) from refused
    header = [_text(cell, "").lower() for cell in table.header]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ImportFailed([RowError(1, column, _("This column is missing; use the template's header row."))
                            for column in missing])  # fmt: skip
    if table.too_many:
        number = table.rows[-1][0]
        raise ImportFailed([RowError(number, "file", _("At most %(max)d rows per file.") % {"max": MAX_ROWS})])
    result = []
    for number, values in table.rows:
        record = {name: _text(values[index] if index < len(values) else None, name)
                  for index, name in enumerate(header) if name in COLUMNS}  # fmt: skip
        if any(record.values()):
            result.append((number, record))
    return result


def _validate_rows(actor: Any, rows: list[tuple[int, dict[str, str]]]) -> tuple[list[User], list[RowError]]:
    errors: list[RowError] = []
    codes = {row["region_code"] for _, row in rows if row.get("region_code")}
    regions = Region.objects.filter(is_active=True).in_bulk(codes)
    names = [row.get("username", "").lower() for _, row in rows]
    taken = set(User.objects.annotate(lowered=Lower("username")).filter(lowered__in=set(names))
                .values_list("lowered", flat=True))  # fmt: skip
    users = []
    for number, row in rows:
        row_errors: list[RowError] = []
        for column in REQUIRED:
            if not row.get(column):
                row_errors.append(RowError(number, column, _("Required.")))
        username = row.get("username", "")
        if username and (username.lower() in taken or names.count(username.lower()) > 1):
            row_errors.append(RowError(number, "username", _("The username %(username)s is taken or repeated.")
                                       % {"username": username}))  # fmt: skip
        if row.get("email"):
            try:
                validate_email(row["email"])
            except ValidationError:
                row_errors.append(RowError(number, "email", _("Not an e-mail address.")))
        external = row.get("is_external", "").lower()
        if external not in _TRUE | _FALSE:
            row_errors.append(RowError(number, "is_external", _("Use 1 or 0.")))
        code = row.get("region_code", "")
        region = regions.get(code)
        if code and region is None:
            row_errors.append(RowError(number, "region_code", _("No region has code %(code)s.") % {"code": code}))
        elif row.get("role"):
            for column, message in check_assignment(actor, row["role"], region).items():
                row_errors.append(RowError(number, "region_code" if column == "scope_region" else column, message))
        if not row_errors:
            user = User(username=username, email=row["email"], first_name=row.get("first_name", "")[:150],
                        last_name=row.get("last_name", "")[:150], role=row["role"], scope_region=region,
                        is_external=external in _TRUE, password=make_password(None))  # fmt: skip
            try:
                user.full_clean(exclude=["password"], validate_unique=False)
            except ValidationError as exc:
                for column, messages in exc.message_dict.items():
                    row_errors.extend(RowError(number, column, message) for message in messages)
            users.append(user)
        errors.extend(row_errors)
    return users, errors


def import_users(actor: Any, upload: BinaryIO, request: HttpRequest | None = None,
                 filename: str = "") -> ImportResult:  # fmt: skip
    """Validate every row first; create every account or none. One audit event for the batch."""
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ImportFailed([RowError(0, "file", _("The file is larger than 2 MB."))])
    rows = read_rows(content)
    if not rows:
        raise ImportFailed([RowError(2, "file", _("The file has no rows below the header."))])
    users, errors = _validate_rows(actor, rows)
    if errors:
        raise ImportFailed(errors)
    try:
        with transaction.atomic():
            created = User.objects.bulk_create(users)
            forget_user()  # bulk_create sends no post_save: drop any cached row that might share a new id
            created = list(User.objects.filter(username__in=[u.username for u in users]).order_by("username"))
            record_batch(
                actor, "accounts.user.import", object_type="accounts.user", job_id=uuid.uuid4().hex,
                counts={"rows": len(rows), "created": len(created)}, checksum=hashlib.sha256(content).hexdigest(),
                request=request, region_code=str(getattr(actor, "scope_region_id", "") or ""),
                details={"file": filename[:200], "usernames": [u.username for u in created]},
            )  # fmt: skip
            transaction.on_commit(lambda: [send_password_email(user, request) for user in created])
    except IntegrityError as exc:
        # Another import (or a manager) created one of these usernames between the check and the write.
        raise ImportFailed([RowError(0, "username", _("One of these usernames was created by someone else at the "
                                                     "same moment; nothing was written. Import the file again to see "
                                                     "which."))]) from exc
    return ImportResult(created, sum(1 for user in created if user.email))
