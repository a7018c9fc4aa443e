"""An agreement with its tranches and compliance on a given day, as the API, the pages and the export show it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from waspada.grants import compliance
from waspada.grants.models import Agreement, Tranche
from waspada.grants.rules import rules


def tranche_json(tranche: Tranche, as_of: dt.date) -> dict[str, Any]:
    state = compliance.tranche_state(tranche.amount_due, tranche.amount_paid, tranche.due_on, tranche.paid_on, as_of)
    return {"seq": tranche.seq, "share_pct": tranche.share_pct, "amount_due": tranche.amount_due,
            "due_on": tranche.due_on, "due_rule": tranche.due_rule, "rule_version": tranche.rule_version,
            "due_provisional": tranche.due_provisional, "paid_on": tranche.paid_on, "amount_paid": tranche.amount_paid,
            "state": state, "compliance": compliance.VERDICT[state]}  # fmt: skip


def _prior_min(agreement: Agreement) -> int | None:
    rule_set = rules().version(agreement.rule_version) if agreement.rule_version else None
    split = dict(rule_set.fiscal_year_split) if rule_set else {}
    return split.get(-1)


def agreement_json(agreement: Agreement, tranches: list[Tranche], as_of: dt.date) -> dict[str, Any]:
    rows = [tranche_json(t, as_of) for t in tranches]
    states = tuple(r["state"] for r in rows)
    signing = compliance.signing_state(agreement.signed_on, agreement.signing_target, as_of)
    figures = compliance.Figures(
        signing=signing, tranche_states=states, budget_prior_pct=agreement.budget_prior_pct,
        prior_min_pct=_prior_min(agreement), budget_revised_apbd=agreement.budget_revised_apbd,
        refund_due=agreement.refund_due, refunded_on=agreement.refunded_on,
        unspent=bool(agreement.amount_paid),
    )  # fmt: skip
    return {
        "id": agreement.pk, "election": agreement.election_id, "region": agreement.region_id,
        "region_name": agreement.region.name, "recipient": agreement.recipient, "status": agreement.status,
        "number": agreement.number, "signed_on": agreement.signed_on, "signing_target": agreement.signing_target,
        "signing": signing, "disbursement": compliance.disbursement_state(states),
        "amount_proposed": agreement.amount_proposed, "amount_agreed": agreement.amount_agreed,
        "amount_paid": agreement.amount_paid, "budget_prior_pct": agreement.budget_prior_pct,
        "budget_election_pct": agreement.budget_election_pct, "budget_revised_apbd": agreement.budget_revised_apbd,
        "mechanism": agreement.mechanism, "first_tranche_pct": agreement.first_tranche_pct,
        "rule_version": agreement.rule_version, "appointment_proposed_on": agreement.appointment_proposed_on,
        "refund_due": agreement.refund_due, "refund_amount": agreement.refund_amount,
        "refunded_on": agreement.refunded_on, "problems": list(agreement.problems or []),
        "derived_problems": compliance.derived_problems(figures, as_of), "note": agreement.note, "tranches": rows,
    }  # fmt: skip


def problem_label(code: str, indonesian: bool) -> str:
    labels = rules().problem_codes.get(code)
    if labels is None:
        return code.replace("_", " ")
    return labels[0] if indonesian else labels[1]
