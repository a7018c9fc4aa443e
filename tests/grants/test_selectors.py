"""overdue_items (the early-warning signal) and board_summary (the situation board's block), within scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from waspada.elections.models import Election
from waspada.grants import selectors, services

D = dt.date


def _agreement(user: Any, region: str, recipient: str, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "election": "pilkada_2024",
        "region": region,
        "recipient": recipient,
        "signed_on": D(2024, 2, 1),
        "amount_agreed": 10_000_000,
    }
    values.update(changes)
    return services.save_agreement(user, services.AgreementInput(**values), today=D(2024, 12, 1))


def test_overdue_items_and_board_summary(pilkada: Election, national_admin: Any, kabkota_officer: Any,
                                         province_officer: Any) -> None:  # fmt: skip
    paid = _agreement(national_admin, "32.73", "kpu", signed_on=D(2023, 12, 1))
    services.record_payment(national_admin, paid, services.PaymentInput(1, D(2023, 12, 10), 4_000_000),
                            today=D(2024, 12, 1))  # fmt: skip
    services.record_payment(national_admin, paid, services.PaymentInput(2, D(2024, 6, 20), 6_000_000),
                            today=D(2024, 12, 1))  # fmt: skip
    partly = _agreement(national_admin, "32.73", "polri")  # signed late (target 31 Dec 2023)
    services.record_payment(national_admin, partly, services.PaymentInput(1, D(2024, 2, 5), 2_000_000),
                            today=D(2024, 12, 1))  # fmt: skip
    _agreement(national_admin, "32.73", "tni", signed_on=None, amount_agreed=None, status="diajukan")
    _agreement(national_admin, "35.78", "kpu")  # outside the Jawa Barat personas' scope

    as_of = D(2024, 7, 1)
    everything = selectors.overdue_items(as_of)
    assert [entry["region"] for entry in everything] == ["32.73", "35.78"]
    bandung = everything[0]
    kinds = sorted((item["recipient"], item["kind"], item["seq"]) for item in bandung["items"])
    assert kinds == [("polri", "tranche", 1), ("polri", "tranche", 2), ("tni", "signing", None)]
    assert bandung["max_days_overdue"] == (as_of - D(2023, 12, 31)).days
    assert bandung["amount_outstanding"] == 2_000_000 + 6_000_000
    assert [e["region"] for e in selectors.overdue_items(as_of, scope_user=kabkota_officer)] == ["32.73"]

    summary = selectors.board_summary(province_officer, as_of)
    assert summary == {
        "as_of": as_of,
        "agreements": 3,
        "signed": 2,
        "signed_late": 1,
        "unsigned_overdue": 1,
        "tranches_overdue": 2,
        "regions_with_overdue": 1,
        "amount_overdue": 8_000_000,
    }
    assert selectors.board_summary(national_admin, as_of)["tranches_overdue"] == 4
