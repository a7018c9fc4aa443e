"""Alert evidence in words: what each rule means and each number is, for the alert page and the board."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

RULE_TEXTS = {
    "surprise": _("More incidents in the last 7 days than the region's own and its province's history make likely"),
    "surprise_hot_stage": _("More incidents than likely, during a tense stage of the election"),
    "severe_incident": _("A verified incident of the highest severity, or with deaths, in the last 7 days"),
    "highest_in_months": _("The busiest 30 days in 12 months"),
    "spill_over": _("Two or more neighbouring regions at Siaga or above"),
    "high_index": _("The vulnerability index of the region is high"),
}

NUMBER_LABELS = {
    "window_count": _("Incidents in the last 7 days (unverified count half)"),
    "expected": _("Expected in 7 days"),
    "expected_own": _("Expected from the region's own history"),
    "expected_peers": _("Expected from the province's other regions"),
    "p_value": _("Chance of this many or more by ordinary variation"),
    "last30": _("Incidents in the last 30 days"),
    "max_month_before": _("Busiest 30 days in the 12 months before"),
    "severe_verified": _("Severe verified incidents in 7 days"),
    "hot_stage": _("Tense election stage (1 = yes)"),
    "days_to_voting": _("Days to voting day"),
    "index_category": _("Vulnerability index category"),
    "late_rounds": _("Late monitoring questionnaires"),
    "overdue_grants": _("Overdue grants"),
    "neighbours_siaga": _("Neighbours at Siaga or above"),
}


def number_rows(numbers: dict[str, Any]) -> list[tuple[Any, Any]]:
    return [(NUMBER_LABELS.get(key, key), value) for key, value in numbers.items() if value is not None]
