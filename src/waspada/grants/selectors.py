"""Scoped reads of grant agreements, and the two reads other apps use: `overdue_items` (the early-warning signal)
and `board_summary` (a block of the situation board). Both read stored due dates and payments only (two queries),
so they stay cheap across the 545 Pilkada regions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from waspada.core.permissions import has_permission
from waspada.core.scope import Action, restrict
from waspada.grants import compliance
from waspada.grants.board import build  # the board page computes the same counts
from waspada.grants.models import Agreement, Tranche


def agreements_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Agreement]:
    """The agreements the user's scope reaches; none for a role without grants.view (viewers)."""
    if not has_permission(user, "grants.view"):
        return Agreement.objects.none()
    return restrict(Agreement.objects.select_related("region", "election"), user, action)


def get_agreement(user: Any, pk: int) -> Agreement | None:
    """One agreement when the user's scope reaches it, else None (pages and routes answer 404)."""
    return agreements_for(user).filter(pk=pk).first()


def _agreements(scope_user: Any | None) -> QuerySet[Agreement]:
    return Agreement.objects.all() if scope_user is None else agreements_for(scope_user)


def overdue_items(as_of: dt.date, scope_user: Any | None = None) -> list[dict[str, Any]]:
    """Overdue grant items per region on `as_of`, the regions with the most days overdue first.

    `scope_user` None reads every region (for system jobs such as early warning); a user limits it to their scope.
    Each region is::

        {"region": "32.73", "region_name": "KOTA BANDUNG", "province_code": "32",
         "count": 2, "max_days_overdue": 41, "amount_outstanding": 1200000000,
         "items": [{"agreement": 7, "election": "pilkada_2024", "recipient": "polri",
                    "kind": "tranche" | "signing", "seq": 2 | None, "due_on": date,
                    "days_overdue": 41, "amount_outstanding": 1200000000 (rupiah; 0 for signing)}]}

    A tranche is overdue when its due date has passed without being paid in full (paid in part included); an
    agreement's signing is overdue when its signing target has passed unsigned."""
    agreements = _agreements(scope_user)
    by_region: dict[str, dict[str, Any]] = {}

    def region_entry(region: str, name: str, province: str) -> dict[str, Any]:
        return by_region.setdefault(region, {"region": region, "region_name": name, "province_code": province,
                                             "count": 0, "max_days_overdue": 0, "amount_outstanding": 0,
                                             "items": []})  # fmt: skip

    def add(entry: dict[str, Any], item: dict[str, Any]) -> None:
        entry["items"].append(item)
        entry["count"] += 1
        entry["max_days_overdue"] = max(entry["max_days_overdue"], item["days_overdue"])
        entry["amount_outstanding"] += item["amount_outstanding"]

    tranches = (Tranche.objects.filter(agreement__in=agreements, due_on__lt=as_of)
                .values_list("agreement_id", "agreement__election_id", "agreement__recipient", "agreement__region_id",
                             "agreement__region__name", "agreement__province_code", "seq", "due_on", "amount_due",
                             "amount_paid", "paid_on"))  # fmt: skip
    for pk, election, recipient, region, name, province, seq, due_on, due, paid, paid_on in tranches:
        if compliance.tranche_state(due, paid, due_on, paid_on, as_of) not in compliance.OVERDUE:
            continue
        add(region_entry(region, name, province),
            {"agreement": pk, "election": election, "recipient": recipient, "kind": "tranche", "seq": seq,
             "due_on": due_on, "days_overdue": (as_of - due_on).days, "amount_outstanding": due - paid})  # fmt: skip
    unsigned = (agreements.filter(signed_on__isnull=True, signing_target__lt=as_of)
                .values_list("pk", "election_id", "recipient", "region_id", "region__name", "province_code",
                             "signing_target"))  # fmt: skip
    for pk, election, recipient, region, name, province, target in unsigned:
        assert target is not None  # filtered on signing_target__lt
        add(region_entry(region, name, province),
            {"agreement": pk, "election": election, "recipient": recipient, "kind": "signing", "seq": None,
             "due_on": target, "days_overdue": (as_of - target).days, "amount_outstanding": 0})  # fmt: skip
    for entry in by_region.values():
        entry["items"].sort(key=lambda item: (-item["days_overdue"], item["agreement"], item["seq"] or 0))
    return sorted(by_region.values(), key=lambda e: (-e["max_days_overdue"], e["region"]))


def board_summary(user: Any, as_of: dt.date | None = None) -> dict[str, Any]:
    """Counts for a situation-board block, within the user's scope (all zero for a role without grants.view)::

        {"as_of": date, "agreements": 2180, "signed": 1990, "signed_late": 610, "unsigned_overdue": 120,
         "tranches_overdue": 340, "regions_with_overdue": 150, "amount_overdue": 512000000000 (rupiah)}

    `signed_late`: signed after the signing target; `unsigned_overdue`: not signed and the target has passed;
    `tranches_overdue`: tranches past their due date not paid in full."""
    return build(agreements_for(user), as_of or timezone.localdate()).summary


def tranches_by_agreement(agreement_ids: list[int]) -> dict[int, list[Tranche]]:
    grouped: dict[int, list[Tranche]] = defaultdict(list)
    for tranche in Tranche.objects.filter(agreement_id__in=agreement_ids).order_by("agreement_id", "seq"):
        grouped[tranche.agreement_id].append(tranche)
    return grouped
