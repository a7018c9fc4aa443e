"""Every grant write: record an agreement (NPHD) with its tranches planned from the rule set, record a tranche's
payment, attach a document. Each checks the permission and the scope, validates everything first (errors name
the field; nothing is written), writes in one transaction and records its audit event.

The checks are plain functions (`check_agreement`, `check_payment`) so the spreadsheet import runs the same ones
row by row before writing anything (spreadsheet.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core import uploads
from waspada.core.audit import record
from waspada.core.permissions import has_permission
from waspada.core.scope import region_in_scope
from waspada.elections.models import Contest, Election
from waspada.grants.errors import Conflict, Denied, Invalid
from waspada.grants.models import (
    Agreement,
    AgreementDocument,
    AgreementStatus,
    DocumentKind,
    Mechanism,
    Recipient,
    Tranche,
)
from waspada.grants.rules import Rules, RuleSet, evaluate, rules
from waspada.regions.models import KABKOTA_LEVELS, Level, Region

DOCUMENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
GRANTING_LEVELS = (Level.PROVINCE, *KABKOTA_LEVELS)


@dataclass
class AgreementInput:
    """The writable fields of an agreement, as a form, the API or a spreadsheet row gives them."""

    election: str
    region: str
    recipient: str
    status: str | None = None
    number: str = ""
    signed_on: dt.date | None = None
    amount_proposed: int | None = None
    amount_agreed: int | None = None
    budget_prior_pct: int | None = None
    budget_election_pct: int | None = None
    budget_revised_apbd: bool = False
    mechanism: str = Mechanism.TWO_TRANCHES
    first_tranche_pct: int = 40
    appointment_proposed_on: dt.date | None = None
    refund_amount: int | None = None
    refunded_on: dt.date | None = None
    problems: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class PaymentInput:
    seq: int
    paid_on: dt.date | None
    amount_paid: int


@dataclass
class Checked:
    """What a valid input resolves to: the objects it names and the rule set that governs it."""

    election: Election
    region: Region
    rule_set: RuleSet


def _require(user: Any) -> None:
    if not has_permission(user, "grants.manage"):
        raise Denied({"user": _("Your role may not record grant agreements.")})


def _percent(errors: dict[str, str], name: str, value: int | None) -> None:
    if value is not None and not 0 <= value <= 100:
        errors[name] = _("%(value)s%% is not a percentage between 0 and 100.") % {"value": value}


def check_agreement(
    user: Any,
    data: AgreementInput,
    *,
    today: dt.date,
    paid: int | None = 0,
    regions: Mapping[str, Region] | None = None,
    elections: Mapping[str, Election] | None = None,
    book: Rules | None = None,
) -> tuple[dict[str, str], Checked | None]:
    """{field: message} for everything wrong with `data` (empty when valid) and what it resolves to. `paid` is what
    the agreement's tranches already hold (None: not known yet, an import checks it after the payments);
    `regions` / `elections` / `book` (the rules) are what an import prepared once for all its rows."""
    book = book or rules()
    errors: dict[str, str] = {}
    election = (elections.get(data.election) if elections is not None
                else Election.objects.filter(code=data.election).first())  # fmt: skip
    rule_set = None
    if election is None:
        errors["election"] = _("There is no election “%(code)s”.") % {"code": data.election}
    elif election.voting_day is None:
        errors["election"] = _("Election “%(code)s” has no voting day yet; due dates cannot be computed.") % {
            "code": election.code
        }
    else:
        rule_set = book.for_election(election.code, election.kind)
        if rule_set is None:
            errors["election"] = _("No grant rules govern election “%(code)s”.") % {"code": election.code}
    region = regions.get(data.region) if regions is not None else Region.objects.filter(code=data.region).first()
    if region is None:
        errors["region"] = _("Region %(code)s does not exist.") % {"code": data.region}
    elif region.level not in GRANTING_LEVELS:
        errors["region"] = _("Region %(code)s is not a province or a regency/city.") % {"code": data.region}
    elif not region_in_scope(user, region.code):
        errors["region"] = _("Region %(code)s lies outside your scope.") % {"code": data.region}
    elif election is not None and regions is None and Contest.objects.filter(election=election).exists() \
            and not Contest.objects.filter(election=election, region=region).exists():  # fmt: skip
        errors["region"] = _("Region %(code)s holds no contest in this election.") % {"code": data.region}
    if data.recipient not in Recipient.values:
        errors["recipient"] = _("“%(value)s” is not a recipient (KPU, Bawaslu, Polri or TNI).") % {
            "value": data.recipient
        }
    if data.status is not None and data.status not in AgreementStatus.values:
        errors["status"] = _("“%(value)s” is not an agreement status.") % {"value": data.status}
    if data.mechanism not in Mechanism.values:
        errors["mechanism"] = _("“%(value)s” is not a disbursement option.") % {"value": data.mechanism}
    signed = data.signed_on is not None or data.status == AgreementStatus.SIGNED
    if signed and data.signed_on is None:
        errors["signed_on"] = _("A signed agreement needs its signing date.")
    if data.signed_on is not None and data.signed_on > today:
        errors["signed_on"] = _("The signing date %(date)s lies in the future.") % {"date": data.signed_on}
    if signed and not data.amount_agreed:
        errors["amount_agreed"] = _("A signed agreement needs the amount agreed.")
    if len(data.number) > 120:
        errors["number"] = _("The agreement number is longer than 120 characters.")
    for name in ("budget_prior_pct", "budget_election_pct", "first_tranche_pct"):
        _percent(errors, name, getattr(data, name))
    prior, current = data.budget_prior_pct, data.budget_election_pct
    if "budget_prior_pct" not in errors and "budget_election_pct" not in errors and (prior or 0) + (current or 0) > 100:
        errors["budget_election_pct"] = _("The two fiscal-year shares add up to %(sum)s%%, more than 100%%.") % {
            "sum": (prior or 0) + (current or 0)
        }
    if rule_set is not None and data.mechanism == Mechanism.TWO_TRANCHES and "first_tranche_pct" not in errors:
        least = rule_set.tranches(Mechanism.TWO_TRANCHES)[0].min_pct
        if data.first_tranche_pct < least or data.first_tranche_pct >= 100:
            errors["first_tranche_pct"] = _("The first tranche must be at least %(min)s%% and less than 100%%.") % {
                "min": least
            }
    if data.amount_agreed is not None and paid is not None and paid > data.amount_agreed:
        errors["amount_agreed"] = _("Rp %(paid)s has already been paid, more than the amount agreed.") % {
            "paid": f"{paid:,}".replace(",", ".")
        }
    if data.appointment_proposed_on is not None and data.appointment_proposed_on > today:
        errors["appointment_proposed_on"] = _("The date %(date)s lies in the future.") % {
            "date": data.appointment_proposed_on
        }
    if data.refund_amount is not None and paid is not None and data.refund_amount > paid:
        errors["refund_amount"] = _("More is refunded than was paid.")
    if data.refunded_on is not None:
        if data.refunded_on > today:
            errors["refunded_on"] = _("The date %(date)s lies in the future.") % {"date": data.refunded_on}
        elif data.signed_on is not None and data.refunded_on < data.signed_on:
            errors["refunded_on"] = _("The refund is dated before the agreement was signed.")
    known = book.problem_codes
    unknown = [code for code in data.problems if code not in known]
    if unknown:
        errors["problems"] = _("Unknown problem codes: %(codes)s.") % {"codes": ", ".join(unknown)}
    if errors or election is None or region is None or rule_set is None:
        return errors, None
    return errors, Checked(election, region, rule_set)


def plan_tranches(agreement: Agreement, rule_set: RuleSet, voting_day: dt.date) -> list[Tranche]:
    """The tranches of a signed agreement: shares, amounts and due dates from the rule set (the remainder tranche
    takes what the earlier ones leave, so the amounts add up to the amount agreed)."""
    if agreement.signed_on is None or not agreement.amount_agreed:
        return []
    anchors = {"nphd_signed": agreement.signed_on, "voting_day": voting_day}
    planned: list[Tranche] = []
    shares = 0
    for rule in rule_set.tranches(agreement.mechanism):
        share = (
            100 - shares
            if rule.remainder
            else (
                agreement.first_tranche_pct
                if rule.seq == 1 and agreement.mechanism == Mechanism.TWO_TRANCHES
                else rule.min_pct
            )
        )
        shares += share
        amount = (agreement.amount_agreed - sum(t.amount_due for t in planned) if rule.remainder
                  else agreement.amount_agreed * share // 100)  # fmt: skip
        expression = rule_set.tranche_due(rule)
        due = evaluate(expression, anchors)
        assert due is not None  # both anchors are set above
        planned.append(
            Tranche(
                agreement=agreement,
                seq=rule.seq,
                share_pct=share,
                amount_due=amount,
                due_on=due.date,
                due_rule=expression,
                rule_version=rule_set.version,
                due_provisional=due.provisional,
            )
        )
    return planned


def apply(agreement: Agreement, data: AgreementInput, checked: Checked) -> None:
    """Copy a checked input onto the model, with what the rule set derives (status, rule version, deadlines)."""
    for name in ("number", "signed_on", "amount_proposed", "amount_agreed", "budget_prior_pct", "budget_election_pct",
                 "budget_revised_apbd", "mechanism", "first_tranche_pct", "appointment_proposed_on", "refund_amount",
                 "refunded_on", "note"):  # fmt: skip
        setattr(agreement, name, getattr(data, name))
    agreement.number = data.number.strip()
    agreement.note = data.note.strip()
    agreement.problems = sorted(set(data.problems))
    agreement.election, agreement.region, agreement.recipient = checked.election, checked.region, data.recipient
    agreement.province_code = checked.region.province_code
    agreement.kabkota_code = checked.region.kabkota_code if checked.region.level in KABKOTA_LEVELS else ""
    agreement.status = AgreementStatus.SIGNED if data.signed_on else (data.status or AgreementStatus.NOT_APPLIED)
    if agreement.status == AgreementStatus.SIGNED and not data.signed_on:
        agreement.status = AgreementStatus.AGREED_UNSIGNED
    agreement.rule_version = checked.rule_set.version
    agreement.signing_target = checked.rule_set.signing_target
    refund = evaluate(checked.rule_set.refund_due, {"proposal_to_appoint_elected": data.appointment_proposed_on})
    agreement.refund_due = refund.date if refund else None
    agreement.updated_at = timezone.now()


def merge_tranches(agreement: Agreement, planned: list[Tranche], existing: list[Tranche]) -> dict[str, str]:
    """Keep what was paid on each tranche that stays; a paid tranche the new plan drops is refused."""
    errors: dict[str, str] = {}
    paid = {t.seq: t for t in existing}
    kept = {t.seq for t in planned}
    for seq, tranche in paid.items():
        if seq not in kept and tranche.amount_paid:
            errors["mechanism"] = _("Tranche %(seq)s has payments; the disbursement option cannot drop it.") % {
                "seq": seq
            }
    for tranche in planned:
        if tranche.seq in paid:
            tranche.pk = paid[tranche.seq].pk
            tranche.paid_on, tranche.amount_paid = paid[tranche.seq].paid_on, paid[tranche.seq].amount_paid
    return errors


def _snapshot(agreement: Agreement) -> dict[str, Any]:
    return {"status": agreement.status, "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else None,
            "amount_agreed": agreement.amount_agreed, "mechanism": agreement.mechanism,
            "rule_version": agreement.rule_version}  # fmt: skip


def save_agreement(user: Any, data: AgreementInput, *, agreement: Agreement | None = None,
                   today: dt.date | None = None) -> Agreement:  # fmt: skip
    """Create an agreement (`agreement` None; one per election, region and recipient) or change one; its tranches are
    planned again from the rule set, keeping what was paid."""
    _require(user)
    today = today or timezone.localdate()
    with transaction.atomic():
        existing: list[Tranche] = []
        if agreement is not None:
            agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if not region_in_scope(user, agreement.region_id):
                raise Denied({"region": _("Region %(code)s lies outside your scope.") % {"code": agreement.region_id}})
            existing = list(agreement.tranches.all())
        paid = sum(t.amount_paid for t in existing)
        errors, checked = check_agreement(user, data, today=today, paid=paid)
        if errors or checked is None:
            raise Invalid(errors, detail=_("Nothing was saved."))
        # Only after the scope check, so a 409 never reveals an agreement outside the user's scope.
        duplicate = Agreement.objects.filter(election_id=data.election, region_id=data.region, recipient=data.recipient)
        if agreement is not None:
            duplicate = duplicate.exclude(pk=agreement.pk)
        if duplicate.exists():
            raise Conflict({"recipient": _("An agreement of this region with this recipient for this election is "
                                           "recorded already.")})  # fmt: skip
        before = _snapshot(agreement) if agreement is not None else None
        target = agreement or Agreement(created_by=user)
        apply(target, data, checked)
        planned = plan_tranches(target, checked.rule_set, checked.election.voting_day)  # type: ignore[arg-type]
        problems = merge_tranches(target, planned, existing)
        if not planned and paid:
            problems["signed_on"] = _("Payments are recorded; the agreement cannot become unsigned.")
        if problems:
            raise Invalid(problems, detail=_("Nothing was saved."))
        target.save()
        _write_tranches(target, planned, existing)
        record(user, "grants.agreement_update" if before else "grants.agreement_create", target, before,
               _snapshot(target), region_code=target.region_id)  # fmt: skip
    return target


def _write_tranches(agreement: Agreement, planned: list[Tranche], existing: list[Tranche]) -> None:
    keep = {t.seq for t in planned}
    Tranche.objects.filter(agreement=agreement).exclude(seq__in=keep).delete()
    for tranche in planned:
        tranche.agreement = agreement
        tranche.save()
    agreement.amount_paid = sum(t.amount_paid for t in planned)
    Agreement.objects.filter(pk=agreement.pk).update(amount_paid=agreement.amount_paid)


def check_payment(agreement: Agreement, tranche: Tranche | None, data: PaymentInput, *, paid_elsewhere: int,
                  today: dt.date) -> dict[str, str]:  # fmt: skip
    """{field: message} for a tranche payment: dated on or after signing and not in the future, and the agreement's
    payments together within the amount agreed."""
    errors: dict[str, str] = {}
    if tranche is None:
        errors["seq"] = _("This agreement has no tranche %(seq)s.") % {"seq": data.seq}
        return errors
    if data.amount_paid < 0:
        errors["amount_paid"] = _("The amount cannot be negative.")
    if data.amount_paid > 0 and data.paid_on is None:
        errors["paid_on"] = _("A payment needs its date.")
    if data.paid_on is not None:
        if agreement.signed_on is not None and data.paid_on < agreement.signed_on:
            errors["paid_on"] = _("The tranche is dated %(paid)s, before the agreement was signed (%(signed)s).") % {
                "paid": data.paid_on,
                "signed": agreement.signed_on,
            }
        elif data.paid_on > today:
            errors["paid_on"] = _("The date %(date)s lies in the future.") % {"date": data.paid_on}
    total = paid_elsewhere + data.amount_paid
    if agreement.amount_agreed is not None and total > agreement.amount_agreed:
        errors["amount_paid"] = _("Rp %(total)s would be paid in all, beyond the amount agreed (Rp %(agreed)s).") % {
            "total": f"{total:,}".replace(",", "."),
            "agreed": f"{agreement.amount_agreed:,}".replace(",", "."),
        }
    return errors


def record_payment(user: Any, agreement: Agreement, data: PaymentInput, *, today: dt.date | None = None) -> Tranche:
    """Set what has been paid on one tranche so far (amount and the date it reached that amount)."""
    _require(user)
    today = today or timezone.localdate()
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if not region_in_scope(user, agreement.region_id):
            raise Denied({"region": _("Region %(code)s lies outside your scope.") % {"code": agreement.region_id}})
        tranches = {t.seq: t for t in agreement.tranches.all()}
        if not tranches:
            raise Conflict({"agreement": _("The agreement is not signed yet; it has no tranches to pay.")})
        tranche = tranches.get(data.seq)
        elsewhere = sum(t.amount_paid for seq, t in tranches.items() if seq != data.seq)
        errors = check_payment(agreement, tranche, data, paid_elsewhere=elsewhere, today=today)
        if errors or tranche is None:
            raise Invalid(errors, detail=_("Nothing was saved."))
        before = {"paid_on": tranche.paid_on.isoformat() if tranche.paid_on else None, "amount": tranche.amount_paid}
        tranche.paid_on, tranche.amount_paid = data.paid_on, data.amount_paid
        tranche.updated_at = timezone.now()
        tranche.save(update_fields=["paid_on", "amount_paid", "updated_at"])
        agreement.amount_paid = elsewhere + data.amount_paid
        agreement.updated_at = tranche.updated_at
        agreement.save(update_fields=["amount_paid", "updated_at"])
        record(user, "grants.tranche_pay", tranche, before,
               {"paid_on": data.paid_on.isoformat() if data.paid_on else None, "amount": data.amount_paid},
               region_code=agreement.region_id)  # fmt: skip
    return tranche


def attach_document(user: Any, agreement: Agreement, upload: Any, kind: str = DocumentKind.NPHD) -> AgreementDocument:
    """A PDF or image (type read from the bytes, size-limited as incident attachments), stored under its hash."""
    _require(user)
    if not region_in_scope(user, agreement.region_id):
        raise Denied({"region": _("Region %(code)s lies outside your scope.") % {"code": agreement.region_id}})
    if kind not in DocumentKind.values:
        raise Invalid({"kind": _("“%(value)s” is not a document kind.") % {"value": kind}})
    checked = uploads.check_upload(upload, DOCUMENT_TYPES, _("%(name)s is not a PDF or an image."),
                                   default_name="dokumen")  # fmt: skip
    if isinstance(checked, str):
        raise Invalid({"file": checked})
    name = checked.name
    with transaction.atomic():
        document = AgreementDocument(agreement=agreement, kind=kind, name=name, uploaded_by=user)
        document.file.save(checked.hashed_name, checked.file(), save=False)
        document.save()
        record(user, "grants.document_attach", document, None, {"kind": kind, "name": name},
               region_code=agreement.region_id)  # fmt: skip
    return document
