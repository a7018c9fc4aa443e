"""The JSON shapes of /api/v1/grants (grants/api.py): bodies in (extra keys refused), typed answers out."""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict, Field

from waspada.core.api.schemas import Out, choice
from waspada.grants import board, compliance
from waspada.grants.models import AgreementStatus, Mechanism, Recipient

Rupiah = Annotated[int, Field(ge=0, le=10**15, description="Whole rupiah.")]
Percent = Annotated[int, Field(ge=0, le=100)]
RegionCode = Annotated[str, Field(min_length=1, max_length=13, pattern=r"^[0-9.]+$")]
Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class AgreementIn(In):
    election: Code = Field(description="Election code, e.g. pilkada_2024.")
    region: RegionCode = Field(description="The granting pemda: a province or a kab/kota code.")
    recipient: choice(Recipient.values)  # type: ignore[valid-type]
    status: choice(AgreementStatus.values) | None = Field(  # type: ignore[valid-type]
        None, description="The NPHD's stage; a signing date makes it `ditandatangani`."
    )
    number: str = Field("", max_length=120)
    signed_on: datetime.date | None = None
    amount_proposed: Rupiah | None = None
    amount_agreed: Rupiah | None = None
    budget_prior_pct: Percent | None = Field(None, description="Share budgeted in the fiscal year before voting.")
    budget_election_pct: Percent | None = Field(None, description="Share budgeted in the voting year.")
    budget_revised_apbd: bool = False
    mechanism: choice(Mechanism.values) = Mechanism.TWO_TRANCHES  # type: ignore[valid-type]
    first_tranche_pct: Percent = Field(40, description="Two tranches: the first one's share (the rules' minimum up).")
    appointment_proposed_on: datetime.date | None = Field(
        None, description="When the appointment of the elected pair was proposed (starts the refund deadline)."
    )
    refund_amount: Rupiah | None = None
    refunded_on: datetime.date | None = None
    problems: list[Code] = Field(default_factory=list, max_length=20, description="Problem codes of the rules.")
    note: str = Field("", max_length=2000)


class PaymentIn(In):
    seq: int = Field(ge=1, le=10, description="The tranche.")
    paid_on: datetime.date | None = Field(None, description="When the tranche reached the amount paid.")
    amount_paid: Rupiah = Field(description="Paid on this tranche so far (replaces the earlier figure).")


class TrancheOut(Out):
    seq: int
    share_pct: int
    amount_due: int
    due_on: datetime.date
    due_rule: str = Field(description="The rule's due-date expression, e.g. `voting_day - 5 months`.")
    rule_version: int
    due_provisional: bool = Field(description="A working-day count crossed a year whose holidays are not decreed.")
    paid_on: datetime.date | None
    amount_paid: int
    state: choice(compliance.TRANCHE_STATES)  # type: ignore[valid-type]
    compliance: choice((compliance.ON_TIME, compliance.LATE, compliance.NOT_YET))  # type: ignore[valid-type]


class AgreementOut(Out):
    id: int
    election: str
    region: str
    region_name: str
    recipient: choice(Recipient.values)  # type: ignore[valid-type]
    status: choice(AgreementStatus.values)  # type: ignore[valid-type]
    number: str
    signed_on: datetime.date | None
    signing_target: datetime.date | None
    signing: choice(board.SIGNING)  # type: ignore[valid-type]
    disbursement: choice(board.DISBURSEMENT)  # type: ignore[valid-type]
    amount_proposed: int | None
    amount_agreed: int | None
    amount_paid: int
    budget_prior_pct: int | None
    budget_election_pct: int | None
    budget_revised_apbd: bool
    mechanism: choice(Mechanism.values)  # type: ignore[valid-type]
    first_tranche_pct: int
    rule_version: int | None
    appointment_proposed_on: datetime.date | None
    refund_due: datetime.date | None
    refund_amount: int | None
    refunded_on: datetime.date | None
    problems: list[str] = Field(description="Problem codes noted by the offices.")
    derived_problems: list[str] = Field(description="Problem codes the figures show on the day of reading.")
    note: str
    tranches: list[TrancheOut]
