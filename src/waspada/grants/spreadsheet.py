"""XLSX import and export in the layout finance offices keep: one sheet of agreements (NPHD), one of tranches,
Indonesian headers, one row per agreement and per tranche. The export is a file the import takes back.

The import is all-or-nothing: both sheets are read through core's bounded reader, every row is checked with the
services' own checks (services.check_agreement, check_payment) against the rules, the scope and the other rows,
and only when no row is wrong is anything written, in one transaction with one batch audit event. A row error
names the sheet, the row and the column."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from waspada.core.audit import record_batch
from waspada.core.permissions import has_permission
from waspada.core.spreadsheets.cells import xlsx_row
from waspada.core.spreadsheets.upload import UploadLimits, UploadRefused, read_xlsx_sheets
from waspada.elections.models import Contest, Election
from waspada.grants import compliance, services
from waspada.grants.models import Agreement, AgreementStatus, Mechanism, Tranche
from waspada.grants.present import agreement_json
from waspada.grants.rules import rules
from waspada.regions.models import Region

AGREEMENTS_SHEET = "NPHD"
TRANCHES_SHEET = "Tahap"
# Column header -> input field. Headers match case-insensitively; the export's extra columns are ignored on import.
AGREEMENT_COLUMNS = {
    "Pemilihan": "election", "Kode Wilayah": "region", "Nama Wilayah": None, "Penerima": "recipient",
    "Status NPHD": "status", "Nomor NPHD": "number", "Tanggal NPHD": "signed_on",
    "Nilai Usulan (Rp)": "amount_proposed", "Nilai Disepakati (Rp)": "amount_agreed", "Telah Dibayar (Rp)": None,
    "Anggaran TA Sebelumnya (%)": "budget_prior_pct", "Anggaran TA Pemilihan (%)": "budget_election_pct",
    "Lewat APBD-P": "budget_revised_apbd", "Mekanisme": "mechanism", "Tahap I (%)": "first_tranche_pct",
    "Target Penandatanganan": None, "Status Penandatanganan": None, "Status Penyaluran": None,
    "Tanggal Usulan Pengangkatan": "appointment_proposed_on", "Batas Pengembalian": None,
    "Sisa Dana Dikembalikan (Rp)": "refund_amount", "Tanggal Pengembalian": "refunded_on",
    "Kode Masalah": "problems", "Catatan": "note", "Versi Aturan": None,
}  # fmt: skip
TRANCHE_COLUMNS = {
    "Pemilihan": "election", "Kode Wilayah": "region", "Nama Wilayah": None, "Penerima": "recipient",
    "Tahap": "seq", "Porsi (%)": None, "Nilai Tahap (Rp)": None, "Jatuh Tempo": None, "Dasar Jatuh Tempo": None,
    "Tanggal Cair": "paid_on", "Jumlah Cair (Rp)": "amount_paid", "Status": None,
}  # fmt: skip
REQUIRED = {AGREEMENTS_SHEET: ("Pemilihan", "Kode Wilayah", "Penerima"),
            TRANCHES_SHEET: ("Pemilihan", "Kode Wilayah", "Penerima", "Tahap", "Jumlah Cair (Rp)")}  # fmt: skip
RECIPIENT_NAMES = {"kpu": "KPU", "bawaslu": "Bawaslu", "polri": "Polri", "tni": "TNI"}
MECHANISM_NAMES = {Mechanism.SINGLE: "Sekaligus", Mechanism.TWO_TRANCHES: "Bertahap"}
YES = {"ya", "y", "yes", "true", "1"}
NO = {"tidak", "t", "no", "false", "0", ""}


@dataclass
class RowError:
    sheet: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = f"{self.sheet}, " + (_("row %(row)s") % {"row": self.row} if self.row else "")
        return f"{where}, {self.column}: {self.message}" if self.row else f"{self.sheet}, {self.column}: {self.message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    tranches: int = 0
    payments: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def committed(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {"committed": self.committed, "created": self.created, "updated": self.updated,
                "tranches": self.tranches, "payments": self.payments,
                "errors": [e.as_dict() for e in self.errors]}  # fmt: skip


# --- Cells ---------------------------------------------------------------------------------------------------


class CellError(ValueError):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY).") % {"value": text})


def _number(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int | float):
        if value != int(value):
            raise CellError(_("%(value)s is not a whole number.") % {"value": value})
        number = int(value)
    else:
        text = _text(value).replace("Rp", "").replace(".", "").replace(" ", "").replace(",", "")
        if not text.lstrip("-").isdigit():
            raise CellError(_("“%(value)s” is not a number.") % {"value": _text(value)})
        number = int(text)
    if number < 0:
        raise CellError(_("%(value)s is negative.") % {"value": number})
    return number


def _flag(value: Any) -> bool:
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(_("“%(value)s” is not ya or tidak.") % {"value": _text(value)})


def _recipient(value: Any) -> str:
    text = _text(value).lower()
    if text not in RECIPIENT_NAMES:
        raise CellError(_("“%(value)s” is not a recipient (KPU, Bawaslu, Polri or TNI).") % {"value": _text(value)})
    return text


def _mechanism(value: Any) -> str:
    text = _text(value).lower()
    for code, name in MECHANISM_NAMES.items():
        if text in {code, name.lower()}:
            return str(code)
    if text == "":
        return str(Mechanism.TWO_TRANCHES)
    raise CellError(_("“%(value)s” is not Sekaligus or Bertahap.") % {"value": _text(value)})


def _status(value: Any) -> str | None:
    text = _text(value).lower().replace(" ", "_")
    if text == "":
        return None
    if text not in AgreementStatus.values:
        raise CellError(_("“%(value)s” is not an agreement status.") % {"value": _text(value)})
    return text


PARSERS: dict[str, Callable[[Any], Any]] = {
    "election": _text, "region": _text, "recipient": _recipient, "status": _status, "number": _text,
    "signed_on": _date, "amount_proposed": _number, "amount_agreed": _number, "budget_prior_pct": _number,
    "budget_election_pct": _number, "budget_revised_apbd": _flag, "mechanism": _mechanism,
    "first_tranche_pct": _number, "appointment_proposed_on": _date, "refund_amount": _number, "refunded_on": _date,
    "problems": lambda v: [c.strip() for c in _text(v).replace(";", ",").split(",") if c.strip()], "note": _text,
    "seq": _number, "paid_on": _date, "amount_paid": _number,
}  # fmt: skip


def _columns(header: list[Any], known: dict[str, str | None], sheet: str,
             errors: list[RowError]) -> dict[str, int]:  # fmt: skip
    """{field: column index} from the header row; a required column missing is an error of the file."""
    by_name = {name.lower(): name for name in known}
    found: dict[str, int] = {}
    seen: set[str] = set()
    for index, cell in enumerate(header):
        name = by_name.get(_text(cell).lower())
        if name is None:
            continue
        seen.add(name)
        target = known[name]
        if target:
            found[target] = index
    for name in REQUIRED[sheet]:
        if name not in seen:
            errors.append(RowError(sheet, None, name, _("The sheet has no column “%(name)s”.") % {"name": name}))
    return found


def _parse_row(values: tuple[Any, ...], columns: dict[str, int], headers: dict[str, str], sheet: str, number: int,
               errors: list[RowError]) -> dict[str, Any] | None:  # fmt: skip
    """The row's values by field, or None when a cell cannot be read (the error is added)."""
    parsed: dict[str, Any] = {}
    before = len(errors)
    for name, index in columns.items():
        try:
            parsed[name] = PARSERS[name](values[index] if index < len(values) else None)
        except CellError as exc:
            errors.append(RowError(sheet, number, headers[name], str(exc)))
    return parsed if len(errors) == before else None


# --- Import --------------------------------------------------------------------------------------------------

Key = tuple[str, str, str]  # election, region, recipient


def import_workbook(user: Any, content: bytes, *, today: dt.date | None = None, limits: UploadLimits | None = None,
                    progress: Callable[[str, int, int], None] | None = None) -> ImportResult:  # fmt: skip
    """Check both sheets, then write every agreement and payment, or nothing (ImportResult.errors says why)."""
    today = today or timezone.localdate()
    result = ImportResult()
    if not has_permission(user, "grants.manage"):
        result.errors.append(RowError(_("file"), None, _("user"), _("Your role may not record grant agreements.")))
        return result
    try:
        tables = read_xlsx_sheets(content, limits or UploadLimits.from_settings())
    except UploadRefused as refused:
        result.errors.append(RowError(_("file"), None, _("file"), str(refused)))
        return result
    named = {name.strip().lower(): table for name, table in tables.items()}
    sheets = {}
    for sheet in (AGREEMENTS_SHEET, TRANCHES_SHEET):
        table = named.get(sheet.lower())
        if table is None:
            result.errors.append(RowError(sheet, None, _("sheet"), _("The workbook has no sheet “%(name)s”.")
                                          % {"name": sheet}))  # fmt: skip
        elif table.too_many:
            result.errors.append(RowError(sheet, None, _("rows"), _("The sheet has more rows than allowed.")))
        else:
            sheets[sheet] = table
    if result.errors:
        return result
    agreement_headers = {v: k for k, v in AGREEMENT_COLUMNS.items() if v}
    tranche_headers = {v: k for k, v in TRANCHE_COLUMNS.items() if v}
    a_cols = _columns(sheets[AGREEMENTS_SHEET].header, AGREEMENT_COLUMNS, AGREEMENTS_SHEET, result.errors)
    t_cols = _columns(sheets[TRANCHES_SHEET].header, TRANCHE_COLUMNS, TRANCHES_SHEET, result.errors)
    if result.errors:
        return result
    plan = _check(user, sheets, a_cols, t_cols, agreement_headers, tranche_headers, today, result, progress)
    if result.errors or plan is None:
        return result
    _write(user, plan, result, content, progress)
    return result


@dataclass
class _Planned:
    key: Key
    row: int
    data: services.AgreementInput
    checked: services.Checked
    existing: Agreement | None
    target: Agreement  # the agreement as it will be written (the existing one, changed, or a new one)
    tranches: list[Tranche] = field(default_factory=list)


@dataclass
class _Plan:
    agreements: dict[Key, _Planned]
    payments: int


def _check(user: Any, sheets: dict[str, Any], a_cols: dict[str, int], t_cols: dict[str, int],
           a_headers: dict[str, str], t_headers: dict[str, str], today: dt.date, result: ImportResult,
           progress: Callable[[str, int, int], None] | None) -> _Plan | None:  # fmt: skip
    errors = result.errors
    a_rows = [(n, _parse_row(v, a_cols, a_headers, AGREEMENTS_SHEET, n, errors))
              for n, v in sheets[AGREEMENTS_SHEET].rows]  # fmt: skip
    t_rows = [(n, _parse_row(v, t_cols, t_headers, TRANCHES_SHEET, n, errors)) for n, v in sheets[TRANCHES_SHEET].rows]
    codes = {r.get("region", "") for _n, r in [*a_rows, *t_rows] if r is not None}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    elections = {e.code: e for e in Election.objects.filter(code__in={r.get("election", "") for _n, r in a_rows if r})}
    contests: dict[str, set[str]] = {}
    for election, region in Contest.objects.filter(election__in=elections).values_list("election_id", "region_id"):
        contests.setdefault(election, set()).add(region)
    existing = {(a.election_id, a.region_id, a.recipient): a for a in
                Agreement.objects.filter(region_id__in=regions).select_related("election")}  # fmt: skip
    existing_tranches: dict[int, list[Tranche]] = {}
    for tranche in Tranche.objects.filter(agreement__in=[a.pk for a in existing.values()]):
        existing_tranches.setdefault(tranche.agreement_id, []).append(tranche)
    planned: dict[Key, _Planned] = {}
    book = rules()
    seen_rows: dict[Key, int] = {}
    for done, (number, row) in enumerate(a_rows, start=1):
        if progress and done % 500 == 0:
            progress("check", done, len(a_rows) + len(t_rows))
        if row is None:
            continue  # a cell of this row is unreadable: reported already
        key = (row.get("election", ""), row.get("region", ""), row.get("recipient", ""))
        if key in seen_rows:
            errors.append(
                RowError(
                    AGREEMENTS_SHEET,
                    number,
                    a_headers["recipient"],
                    _("The same agreement is on row %(row)s already.") % {"row": seen_rows[key]},
                )
            )
            continue
        seen_rows[key] = number
        fields = {name: value for name, value in row.items() if value is not None}
        data = services.AgreementInput(**{"election": key[0], "region": key[1], "recipient": key[2], **fields})
        if data.first_tranche_pct is None:
            data.first_tranche_pct = 40
        before = existing.get(key)
        paid = sum(t.amount_paid for t in existing_tranches.get(before.pk, [])) if before else 0
        problems, checked = services.check_agreement(user, data, today=today, paid=None, regions=regions,
                                                     elections=elections, book=book)  # fmt: skip
        if checked is not None and contests.get(checked.election.code) and \
                checked.region.code not in contests[checked.election.code]:  # fmt: skip
            problems["region"] = _("Region %(code)s holds no contest in this election.") % {"code": key[1]}
        for name, message in problems.items():
            errors.append(RowError(AGREEMENTS_SHEET, number, a_headers.get(name, name), message))
        if problems or checked is None:
            continue
        target = before or Agreement(created_by=user)
        entry = _Planned(key, number, data, checked, before, target)
        services.apply(target, data, checked)
        voting_day = checked.election.voting_day
        assert voting_day is not None  # check_agreement refuses an election without one
        entry.tranches = services.plan_tranches(target, checked.rule_set, voting_day)
        earlier = existing_tranches.get(before.pk, []) if before else []
        dropped = services.merge_tranches(target, entry.tranches, earlier)
        for name, message in dropped.items():
            errors.append(RowError(AGREEMENTS_SHEET, number, a_headers.get(name, name), message))
        if paid and not entry.tranches:
            errors.append(RowError(AGREEMENTS_SHEET, number, a_headers["signed_on"],
                                   _("Payments are recorded; the agreement cannot become unsigned.")))  # fmt: skip
        entry.existing = before
        planned[key] = entry
    payments = 0
    paid_rows: dict[tuple[Key, int], int] = {}
    for number, row in t_rows:
        if row is None:
            continue
        key = (row.get("election", ""), row.get("region", ""), row.get("recipient", ""))
        found = planned.get(key)
        if found is None:
            if key in seen_rows:
                continue  # its agreement row is wrong and reported already
            errors.append(RowError(TRANCHES_SHEET, number, t_headers["region"],
                                   _("No agreement of %(region)s with %(recipient)s for %(election)s on the NPHD "
                                     "sheet.") % {"region": key[1], "recipient": key[2] or "?",
                                                   "election": key[0] or "?"}))  # fmt: skip
            continue
        seq = row.get("seq")
        if seq is None:
            errors.append(RowError(TRANCHES_SHEET, number, t_headers["seq"], _("Give the tranche number.")))
            continue
        if (key, seq) in paid_rows:
            errors.append(
                RowError(
                    TRANCHES_SHEET,
                    number,
                    t_headers["seq"],
                    _("The same tranche is on row %(row)s already.") % {"row": paid_rows[(key, seq)]},
                )
            )
            continue
        paid_rows[(key, seq)] = number
        entry = found
        tranche_found = next((t for t in entry.tranches if t.seq == seq), None)
        payment = services.PaymentInput(seq=seq, paid_on=row.get("paid_on"), amount_paid=row.get("amount_paid") or 0)
        target = entry.existing or Agreement(signed_on=entry.data.signed_on, amount_agreed=entry.data.amount_agreed)
        target.signed_on, target.amount_agreed = entry.data.signed_on, entry.data.amount_agreed
        elsewhere = sum(t.amount_paid for t in entry.tranches if t.seq != seq)
        problems = services.check_payment(target, tranche_found, payment, paid_elsewhere=elsewhere, today=today)
        if tranche_found is None and not entry.tranches:
            problems = {"seq": _("The agreement is not signed; it has no tranches to pay.")}
        for name, message in problems.items():
            errors.append(RowError(TRANCHES_SHEET, number, t_headers.get(name, name), message))
        if not problems and tranche_found is not None:
            tranche_found.paid_on, tranche_found.amount_paid = payment.paid_on, payment.amount_paid
            payments += 1
    for entry in planned.values():  # what the agreement rows say about money paid, once the payments are known
        total = sum(t.amount_paid for t in entry.tranches)
        if entry.data.amount_agreed is not None and total > entry.data.amount_agreed:
            errors.append(RowError(AGREEMENTS_SHEET, entry.row, a_headers["amount_agreed"],
                                   _("More is paid on the tranches than the amount agreed.")))  # fmt: skip
        if entry.data.refund_amount is not None and entry.data.refund_amount > total:
            errors.append(RowError(AGREEMENTS_SHEET, entry.row, a_headers["refund_amount"],
                                   _("More is refunded than was paid.")))  # fmt: skip
    return None if errors else _Plan(planned, payments)


def _write(user: Any, plan: _Plan, result: ImportResult, content: bytes,
           progress: Callable[[str, int, int], None] | None) -> None:  # fmt: skip
    now = timezone.now()
    with transaction.atomic():
        new: list[Agreement] = []
        changed: list[Agreement] = []
        for entry in plan.agreements.values():
            target = entry.target  # checked and filled in by _check already
            target.created_at = target.created_at if entry.existing else now
            target.amount_paid = sum(t.amount_paid for t in entry.tranches)
            (changed if entry.existing else new).append(target)
        Agreement.objects.bulk_create(new, batch_size=500)
        fields = ["status", "number", "signed_on", "amount_proposed", "amount_agreed", "amount_paid",
                  "budget_prior_pct", "budget_election_pct", "budget_revised_apbd", "mechanism", "first_tranche_pct",
                  "rule_version", "signing_target", "appointment_proposed_on", "refund_due", "refund_amount",
                  "refunded_on", "problems", "note", "updated_at"]  # fmt: skip
        Agreement.objects.bulk_update(changed, fields, batch_size=500)
        if progress:
            progress("write", len(new) + len(changed), len(plan.agreements))
        Tranche.objects.filter(agreement__in=[a.pk for a in changed]).delete()
        tranches = []
        by_key = {(a.election_id, a.region_id, a.recipient): a for a in [*new, *changed]}
        for key, entry in plan.agreements.items():
            for tranche in entry.tranches:
                tranche.pk = None
                tranche.agreement = by_key[key]
                tranche.updated_at = now
                tranches.append(tranche)
        Tranche.objects.bulk_create(tranches, batch_size=1000)
        result.created, result.updated, result.tranches, result.payments = (len(new), len(changed), len(tranches),
                                                                            plan.payments)  # fmt: skip
        record_batch(user, "grants.import", object_type="grants.agreement", job_id=uuid.uuid4().hex,
                     counts={"created": result.created, "updated": result.updated, "tranches": result.tranches,
                             "payments": result.payments},
                     checksum=hashlib.sha256(content).hexdigest())  # fmt: skip


# --- Export --------------------------------------------------------------------------------------------------

BOLD = Font(bold=True)


def export_workbook(agreements: Iterable[Agreement], tranches: dict[int, list[Tranche]], as_of: dt.date) -> bytes:
    """Both sheets for the agreements given (already scoped by the caller), compliance as of `as_of`."""
    book = Workbook(write_only=True)
    a_sheet = book.create_sheet(AGREEMENTS_SHEET)
    t_sheet = book.create_sheet(TRANCHES_SHEET)
    a_sheet.append(xlsx_row(a_sheet, list(AGREEMENT_COLUMNS), BOLD))
    t_sheet.append(xlsx_row(t_sheet, list(TRANCHE_COLUMNS), BOLD))
    signing_words = {compliance.ON_TIME: "Tepat waktu", compliance.LATE: "Terlambat", compliance.NOT_YET: "Belum"}
    disbursement_words = {compliance.PAID: "Lunas", compliance.OVERDUE_STATE: "Terlambat",
                          compliance.NOT_DUE_STATE: "Belum jatuh tempo", compliance.NO_TRANCHES: "-"}  # fmt: skip
    for agreement in agreements:
        own = tranches.get(agreement.pk, [])
        shown = agreement_json(agreement, own, as_of)
        base = [agreement.election_id, agreement.region_id, agreement.region.name, RECIPIENT_NAMES[agreement.recipient]]
        a_sheet.append(xlsx_row(a_sheet, [
            *base, agreement.status, agreement.number, agreement.signed_on, agreement.amount_proposed,
            agreement.amount_agreed, agreement.amount_paid, agreement.budget_prior_pct, agreement.budget_election_pct,
            "ya" if agreement.budget_revised_apbd else "tidak", MECHANISM_NAMES[Mechanism(agreement.mechanism)],
            agreement.first_tranche_pct, agreement.signing_target, signing_words[shown["signing"]],
            disbursement_words[shown["disbursement"]], agreement.appointment_proposed_on, agreement.refund_due,
            agreement.refund_amount, agreement.refunded_on, ", ".join(agreement.problems or []), agreement.note,
            agreement.rule_version,
        ]))  # fmt: skip
        for tranche, row in zip(own, shown["tranches"], strict=True):
            t_sheet.append(xlsx_row(t_sheet, [
                *base, tranche.seq, tranche.share_pct, tranche.amount_due, tranche.due_on, tranche.due_rule,
                tranche.paid_on, tranche.amount_paid, row["state"].replace("_", " "),
            ]))  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
