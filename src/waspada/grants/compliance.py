"""Compliance on a given day: the state of each tranche (grants_rules.yaml statuses.tranche), whether the agreement
was signed on time, and the problems the figures themselves show. Pure functions of stored values and the day, so
boards, selectors and exports agree and tests need no database.

Tranche states: `belum_jatuh_tempo` (not due yet, not paid in full), `dibayar_tepat_waktu` (paid in full on or
before its due date), `dibayar_terlambat` (paid in full after it), `terlambat_belum_dibayar` (due date passed,
nothing paid), `dibayar_sebagian` (due date passed, paid in part). The last two are overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

NOT_DUE = "belum_jatuh_tempo"
PAID_ON_TIME = "dibayar_tepat_waktu"
PAID_LATE = "dibayar_terlambat"
OVERDUE_UNPAID = "terlambat_belum_dibayar"
OVERDUE_PART = "dibayar_sebagian"
TRANCHE_STATES = (NOT_DUE, PAID_ON_TIME, PAID_LATE, OVERDUE_UNPAID, OVERDUE_PART)
OVERDUE = frozenset({OVERDUE_UNPAID, OVERDUE_PART})

# The short verdicts the board and the API use: on time, late, not yet.
ON_TIME, LATE, NOT_YET = "on_time", "late", "not_yet"
VERDICT = {NOT_DUE: NOT_YET, PAID_ON_TIME: ON_TIME, PAID_LATE: LATE, OVERDUE_UNPAID: LATE, OVERDUE_PART: LATE}

# An agreement's disbursement as a whole.
PAID, OVERDUE_STATE, NOT_DUE_STATE, NO_TRANCHES = "paid", "overdue", "not_due", "none"


def tranche_state(amount_due: int, amount_paid: int, due_on: dt.date, paid_on: dt.date | None, as_of: dt.date) -> str:
    if amount_paid >= amount_due and paid_on is not None:
        return PAID_ON_TIME if paid_on <= due_on else PAID_LATE
    if as_of <= due_on:
        return NOT_DUE
    return OVERDUE_PART if amount_paid > 0 else OVERDUE_UNPAID


def signing_state(signed_on: dt.date | None, target: dt.date | None, as_of: dt.date) -> str:
    """on_time / late / not_yet against the signing target (no target: signed is on time, else not yet)."""
    if signed_on is not None:
        return LATE if target is not None and signed_on > target else ON_TIME
    if target is not None and as_of > target:
        return LATE
    return NOT_YET


def disbursement_state(states: Iterable[str]) -> str:
    states = list(states)
    if not states:
        return NO_TRANCHES
    if any(s in OVERDUE for s in states):
        return OVERDUE_STATE
    if all(s in (PAID_ON_TIME, PAID_LATE) for s in states):
        return PAID
    return NOT_DUE_STATE


@dataclass(frozen=True)
class Figures:
    """What derived problems are read from (one agreement)."""

    signing: str
    tranche_states: tuple[str, ...]
    budget_prior_pct: int | None
    prior_min_pct: int | None
    budget_revised_apbd: bool
    refund_due: dt.date | None
    refunded_on: dt.date | None
    unspent: bool


def derived_problems(figures: Figures, as_of: dt.date) -> list[str]:
    """Problem codes (grants_rules.yaml problem_codes and compliance_rules) the figures show by themselves."""
    found = []
    if figures.signing == LATE:
        found.append("ttd_terlambat")
    if OVERDUE_UNPAID in figures.tranche_states:
        found.append("ttd_belum_cair")
    if OVERDUE_PART in figures.tranche_states:
        found.append("cair_sebagian")
    if any(s in (OVERDUE_UNPAID, OVERDUE_PART, PAID_LATE) for s in figures.tranche_states):
        found.append("tranche_late")
    if figures.budget_revised_apbd:
        found.append("anggaran_via_perubahan")
    if (figures.budget_prior_pct is not None and figures.prior_min_pct is not None
            and figures.budget_prior_pct < figures.prior_min_pct):  # fmt: skip
        found.append("fiscal_split_short")
    if figures.unspent and figures.refund_due and figures.refunded_on is None and as_of > figures.refund_due:
        found.append("refund_late")
    return found
