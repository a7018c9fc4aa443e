"""The completion board of a round: each kab/kota office's state (submitted, approved, returned, late, draft, not
started), the counts and a summary per province. Two queries whatever the round's size (the assignments with
their kab/kota names, then the province names); scoped through selectors.assignments_for.

"late" is an assignment not handed in (not started or draft) once the round's deadline has passed; returned ones
keep their own state (they were handed in once and wait for a correction)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.monitoring.models import Assignment, AssignmentStatus, Round
from waspada.monitoring.selectors import assignments_for
from waspada.regions.models import Level, Region

# The board's states, in the order the table sorts and the legend lists them.
STATES: tuple[str, ...] = ("late", "not_started", "draft", "returned", "submitted", "approved")
STATE_LABELS = {"late": _("Late"), "not_started": _("Not started"), "draft": _("Draft"), "returned": _("Returned"),
                "submitted": _("Submitted"), "approved": _("Approved")}  # fmt: skip
STATE_COLOURS = {"late": "#d7301f", "not_started": "#bdbdbd", "draft": "#fdae61", "returned": "#9e6ac8",
                 "submitted": "#74add1", "approved": "#1a9850"}  # fmt: skip
NOT_HANDED_IN = frozenset({AssignmentStatus.NOT_STARTED, AssignmentStatus.DRAFT})


def state_of(status: str, deadline: dt.datetime, now: dt.datetime) -> str:
    if status in NOT_HANDED_IN and deadline < now:
        return "late"
    return str(status)


@dataclass
class BoardRow:
    assignment_id: int
    kabkota_code: str
    kabkota_name: str
    province_code: str
    province_name: str
    status: str
    state: str
    submitted_at: dt.datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {"assignment": self.assignment_id, "kabkota_code": self.kabkota_code, "kabkota": self.kabkota_name,
                "province_code": self.province_code, "province": self.province_name, "status": self.status,
                "state": self.state,
                "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None}  # fmt: skip


@dataclass
class ProvinceSummary:
    code: str
    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def handed_in(self) -> int:
        return self.counts["submitted"] + self.counts["approved"]

    @property
    def completion(self) -> float:
        """Share handed in (submitted or approved), 0-100."""
        return round(100.0 * self.handed_in / self.total, 1) if self.total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "total": self.total, "handed_in": self.handed_in,
                "completion": self.completion, **self.counts}  # fmt: skip


@dataclass
class Board:
    round: Round
    rows: list[BoardRow]
    counts: dict[str, int]
    provinces: list[ProvinceSummary]

    @property
    def total(self) -> int:
        return len(self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {"round": self.round.pk, "title": self.round.title, "status": self.round.status,
                "deadline": self.round.deadline.isoformat(), "total": self.total, "counts": self.counts,
                "provinces": [p.as_dict() for p in self.provinces]}  # fmt: skip


def board(user: Any, round_: Round, *, now: dt.datetime | None = None) -> Board:
    """The round's assignments within the user's scope with their state, the counts and the province summary."""
    return _build(round_, assignments_for(user), now or timezone.now())


def board_counts(round_: Round, *, now: dt.datetime | None = None) -> Board:
    """The whole round's board, unscoped: for the operator's command line (`waspada rounds status`)."""
    return _build(round_, Assignment.objects.all(), now or timezone.now())


def _build(round_: Round, assignments: QuerySet[Assignment], now: dt.datetime) -> Board:
    fields = ("pk", "kabkota_code", "region__name", "province_code", "status", "submitted_at")
    raw = list(assignments.filter(round_id=round_.pk).order_by("kabkota_code").values_list(*fields))
    names = dict(Region.objects.filter(level=Level.PROVINCE, code__in={r[3] for r in raw}).values_list("code", "name"))
    rows = [BoardRow(pk, code, name, prov, names.get(prov, prov), status, state_of(status, round_.deadline, now), at)
            for pk, code, name, prov, status, at in raw]  # fmt: skip
    counts = dict.fromkeys(STATES, 0)
    provinces: dict[str, ProvinceSummary] = {}
    for row in rows:
        counts[row.state] += 1
        summary = provinces.setdefault(row.province_code, ProvinceSummary(row.province_code, row.province_name))
        summary.counts[row.state] += 1
    return Board(round_, rows, counts, [provinces[c] for c in sorted(provinces)])


def sort_rows(rows: list[BoardRow], key: str) -> list[BoardRow]:
    """Rows by state (late first, in STATES order) then kab/kota code, or by kab/kota / province."""
    if key == "state":
        order = {s: i for i, s in enumerate(STATES)}
        return sorted(rows, key=lambda r: (order.get(r.state, 99), r.kabkota_code))
    if key == "province":
        return sorted(rows, key=lambda r: (r.province_name, r.kabkota_code))
    return sorted(rows, key=lambda r: r.kabkota_code)
