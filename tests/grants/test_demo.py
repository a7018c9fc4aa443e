"""The demo step: plausible Pilkada 2024 agreements for most regions, security grants lagging, rerun replaces."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

from waspada.core.audit.models import AuditEvent
from waspada.elections.models import Election
from waspada.grants import selectors
from waspada.grants.demo import NOTE, create_demo_agreements, demo_step
from waspada.grants.models import Agreement, Tranche


def test_demo_agreements_follow_the_published_shape(pilkada: Election, national_admin: Any) -> None:
    counts = create_demo_agreements(today=dt.date(2024, 12, 15))
    assert counts["agreements"] >= 0.8 * counts["regions"] * 4 and Tranche.objects.exists()
    signed = {r: Agreement.objects.filter(recipient=r, signed_on__isnull=False).count() for r in ("kpu", "tni")}
    assert signed["kpu"] == Agreement.objects.filter(recipient="kpu").count() > signed["tni"]
    assert all(t.due_on >= t.agreement.signed_on or t.seq == 2 for t in Tranche.objects.select_related("agreement"))
    paid_beyond = [a for a in Agreement.objects.all() if a.amount_agreed and a.amount_paid > a.amount_agreed]
    assert paid_beyond == []
    summary = selectors.board_summary(national_admin, dt.date(2024, 12, 15))
    assert 0 < summary["signed_late"] < summary["signed"] and summary["tranches_overdue"] > 0
    again = create_demo_agreements(today=dt.date(2024, 12, 15))
    assert (
        again["replaced"] == counts["agreements"]
        and Agreement.objects.filter(note=NOTE).count() == counts["agreements"]
    )
    assert AuditEvent.objects.filter(action="grants.demo").count() == 2


def test_demo_step_without_the_election_says_why(db: None) -> None:
    err = StringIO()
    assert demo_step(StringIO(), err) is False and "elections import" in err.getvalue()
