"""The grants status board: per region and recipient, whether the agreement was signed on time or late and whether
its money went out or is overdue, with counts by recipient and one state per region for the map. Three queries
whatever the number of regions (agreements, their tranches, province names); scoped through
selectors.agreements_for.

A region's map state is its worst: `overdue` (a tranche past due, not paid in full) > `late` (signed late or
unsigned past the target) > `not_due` (in progress) > `paid` (every tranche paid) > `unsigned` (nothing signed,
no target passed)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from waspada.grants import compliance
from waspada.grants.models import Agreement, Recipient, Tranche
from waspada.regions.models import Level, Region

MAP_STATES: tuple[str, ...] = ("overdue", "late", "not_due", "paid", "unsigned")
MAP_LABELS = {"overdue": _("Payment overdue"), "late": _("Signed late or not yet"), "not_due": _("In progress"),
              "paid": _("Paid in full"), "unsigned": _("Not signed yet")}  # fmt: skip
MAP_COLOURS = {"overdue": "#d7301f", "late": "#fdae61", "not_due": "#74add1", "paid": "#1a9850",
               "unsigned": "#bdbdbd"}  # fmt: skip
SIGNING = (compliance.ON_TIME, compliance.LATE, compliance.NOT_YET)
DISBURSEMENT = (compliance.PAID, compliance.OVERDUE_STATE, compliance.NOT_DUE_STATE, compliance.NO_TRANCHES)


@dataclass
class Cell:
    agreement: int
    signing: str
    disbursement: str
    amount_agreed: int
    amount_paid: int


@dataclass
class RegionRow:
    code: str
    name: str
    province_code: str
    province_name: str
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def state(self) -> str:
        cells = list(self.cells.values())
        if any(c.disbursement == compliance.OVERDUE_STATE for c in cells):
            return "overdue"
        if any(c.signing == compliance.LATE and c.disbursement != compliance.PAID for c in cells):
            return "late"
        if any(c.disbursement == compliance.NOT_DUE_STATE for c in cells):
            return "not_due"
        if cells and all(c.disbursement == compliance.PAID for c in cells):
            return "paid"
        return "unsigned"

    def cell_list(self) -> list[Cell | None]:
        return [self.cells.get(r) for r in Recipient.values]


@dataclass
class Board:
    as_of: dt.date
    rows: list[RegionRow]
    by_recipient: dict[str, dict[str, int]]
    amounts: dict[str, dict[str, int]]
    summary: dict[str, Any]  # the shape of selectors.board_summary

    @property
    def map_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(MAP_STATES, 0)
        for row in self.rows:
            counts[row.state] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "regions": len(self.rows), "by_recipient": self.by_recipient,
                "amounts": self.amounts, "map": self.map_counts}  # fmt: skip


def build(agreements: QuerySet[Agreement], as_of: dt.date) -> Board:
    fields = ("pk", "region_id", "region__name", "province_code", "recipient", "signed_on", "signing_target",
              "amount_agreed", "amount_paid")  # fmt: skip
    raw = list(agreements.order_by().values_list(*fields))
    states: dict[int, list[str]] = defaultdict(list)
    rows_t = (Tranche.objects.filter(agreement__in=agreements.order_by().values("pk"))
              .values_list("agreement_id", "due_on", "amount_due", "amount_paid", "paid_on"))  # fmt: skip
    overdue: dict[int, int] = defaultdict(int)  # agreement -> rupiah outstanding on its overdue tranches
    overdue_count = 0
    for agreement_id, due_on, due, paid, paid_on in rows_t:
        state = compliance.tranche_state(due, paid, due_on, paid_on, as_of)
        states[agreement_id].append(state)
        if state in compliance.OVERDUE:
            overdue[agreement_id] += due - paid
            overdue_count += 1
    names = dict(Region.objects.filter(level=Level.PROVINCE, code__in={r[3] for r in raw}).values_list("code", "name"))
    regions: dict[str, RegionRow] = {}
    by_recipient = {r: {**dict.fromkeys(SIGNING, 0), **dict.fromkeys(DISBURSEMENT, 0), "total": 0}
                    for r in Recipient.values}  # fmt: skip
    amounts = {r: {"agreed": 0, "paid": 0} for r in Recipient.values}
    signed = signed_late = unsigned_overdue = 0
    late_regions: set[str] = set()
    for pk, region, name, province, recipient, signed_on, target, agreed, paid in raw:
        row = regions.setdefault(region, RegionRow(region, name, province, names.get(province, province)))
        cell = Cell(pk, compliance.signing_state(signed_on, target, as_of),
                    compliance.disbursement_state(states.get(pk, [])), agreed or 0, paid or 0)  # fmt: skip
        row.cells[recipient] = cell
        counts = by_recipient[recipient]
        counts["total"] += 1
        counts[cell.signing] += 1
        counts[cell.disbursement] += 1
        amounts[recipient]["agreed"] += cell.amount_agreed
        amounts[recipient]["paid"] += cell.amount_paid
        signed += signed_on is not None
        signed_late += signed_on is not None and cell.signing == compliance.LATE
        unsigned_overdue += signed_on is None and cell.signing == compliance.LATE
        if pk in overdue:
            late_regions.add(region)
    summary = {"as_of": as_of, "agreements": len(raw), "signed": signed, "signed_late": signed_late,
               "unsigned_overdue": unsigned_overdue, "tranches_overdue": overdue_count,
               "regions_with_overdue": len(late_regions), "amount_overdue": sum(overdue.values())}  # fmt: skip
    return Board(as_of, [regions[c] for c in sorted(regions)], by_recipient, amounts, summary)
