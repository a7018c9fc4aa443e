"""The writable fields of an activity once, as every entry point (form, API, spreadsheet) hands them over."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class ActivityInput:
    title: str
    start_date: dt.date | None
    region: str
    organiser: str
    activity_type: str
    facilitation_form: str
    target_groups: list[str] = field(default_factory=list)
    end_date: dt.date | None = None  # empty: a one-day activity
    participants_male: int | None = None
    participants_female: int | None = None
    participants_total: int | None = None  # empty: the sum of the two above when either is known
    partners: str = ""
    budget_idr: int | None = None
    materials: str = ""
    outcome_notes: str = ""
