"""The rules an activity must meet, shared by the form, the API and the spreadsheet import: one message per field.

Dates: not before 2000 and at most FUTURE_DAYS ahead (a planned activity may be recorded, a typo such as 2205 is
refused); the end on or after the start and at most MAX_DAYS later. Participants are whole numbers from 0 to
MAX_PARTICIPANTS, the total at least men plus women. The region is a province or a kab/kota inside the writer's
scope. The type, form and every target group are codes of data/domain/education.yaml."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from waspada.core.scope import region_in_scope
from waspada.education.inputs import ActivityInput
from waspada.education.vocabulary import vocabulary
from waspada.regions.models import KABKOTA_LEVELS, Level, Region

EARLIEST = dt.date(2000, 1, 1)
FUTURE_DAYS = 366
MAX_DAYS = 366
MAX_PARTICIPANTS = 1_000_000
MAX_BUDGET = 10**12  # a trillion rupiah: far above any single activity, below what a typo of digits gives
MAX_GROUPS = 12
TEXT_LIMITS = {"title": 200, "organiser": 200, "partners": 2000, "materials": 5000, "outcome_notes": 10000}
REQUIRED_TEXT = ("title", "organiser")
PLACE_LEVELS = (Level.PROVINCE, *KABKOTA_LEVELS)


def _dates(data: ActivityInput, today: dt.date, errors: dict[str, str]) -> None:
    start, end = data.start_date, data.end_date
    latest = today + dt.timedelta(days=FUTURE_DAYS)
    if start is None:
        errors["start_date"] = _("Required.")
    for name, day in (("start_date", start), ("end_date", end)):
        if day is None:
            continue
        if day < EARLIEST:
            errors[name] = _("%(date)s is before %(earliest)s.") % {"date": day.isoformat(),
                                                                     "earliest": EARLIEST.isoformat()}  # fmt: skip
        elif day > latest:
            errors[name] = _("%(date)s is more than %(days)d days ahead; check the year.") % {
                "date": day.isoformat(), "days": FUTURE_DAYS}  # fmt: skip
    if start is not None and end is not None and "end_date" not in errors:
        if end < start:
            errors["end_date"] = _("The end (%(end)s) is before the start (%(start)s).") % {
                "end": end.isoformat(), "start": start.isoformat()}  # fmt: skip
        elif (end - start).days > MAX_DAYS:
            errors["end_date"] = _("An activity lasts at most %(days)d days.") % {"days": MAX_DAYS}


def _numbers(data: ActivityInput, errors: dict[str, str]) -> None:
    for name in ("participants_male", "participants_female", "participants_total"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= MAX_PARTICIPANTS:
            errors[name] = _("Give a whole number from 0 to %(max)d.") % {"max": MAX_PARTICIPANTS}
    male, female, total = data.participants_male, data.participants_female, data.participants_total
    if (
        total is not None
        and "participants_total" not in errors
        and not errors.keys() & {"participants_male", "participants_female"}
    ):
        together = (male or 0) + (female or 0)
        if together > total:
            message = _("The total (%(total)d) is less than men and women together (%(sum)d).")
            errors["participants_total"] = message % {"total": total, "sum": together}
    if data.budget_idr is not None and not 0 <= data.budget_idr <= MAX_BUDGET:
        errors["budget_idr"] = _("Give the budget in whole rupiah, from 0 to %(max)s.") % {"max": f"{MAX_BUDGET:,}"}


def unknown_code(code: str, codes: list[str]) -> str:
    return _("“%(code)s” is not one of: %(codes)s.") % {"code": code, "codes": ", ".join(codes)}


def _codes(data: ActivityInput, errors: dict[str, str]) -> None:
    terms = vocabulary()
    for name, kind in (("activity_type", "activity_types"), ("facilitation_form", "facilitation_forms")):
        value = getattr(data, name)
        if not value:
            errors[name] = _("Required.")
        elif value not in terms.codes(kind):
            errors[name] = unknown_code(value, terms.codes(kind))
    groups = data.target_groups
    if not groups:
        errors["target_groups"] = _("Choose at least one target group.")
    elif len(groups) > MAX_GROUPS:
        errors["target_groups"] = _("At most %(max)d target groups.") % {"max": MAX_GROUPS}
    else:
        unknown = [code for code in groups if code not in terms.codes("target_groups")]
        if unknown:
            errors["target_groups"] = unknown_code(unknown[0], terms.codes("target_groups"))


def _texts(data: ActivityInput, errors: dict[str, str]) -> None:
    for name, limit in TEXT_LIMITS.items():
        value = getattr(data, name)
        if name in REQUIRED_TEXT and not value.strip():
            errors[name] = _("Required.")
        elif len(value) > limit:
            errors[name] = _("At most %(max)d characters.") % {"max": limit}


def place(user: Any, code: str, regions: Mapping[str, Region] | None, errors: dict[str, str]) -> Region | None:
    """The province or kab/kota `code` names, inside the user's scope; None with the reason in errors["region"]."""
    code = (code or "").strip()
    if not code:
        errors["region"] = _("Required.")
        return None
    region = regions.get(code) if regions is not None else Region.objects.filter(code=code, is_active=True).first()
    if region is None:
        errors["region"] = _("No region has code %(code)s.") % {"code": code}
    elif region.level not in PLACE_LEVELS:
        errors["region"] = _("%(code)s is not a province or a regency/city.") % {"code": code}
    elif not region_in_scope(user, code):
        errors["region"] = _("%(code)s is outside your scope.") % {"code": code}
    else:
        return region
    return None


def check(user: Any, data: ActivityInput, today: dt.date,
          regions: Mapping[str, Region] | None = None) -> tuple[dict[str, str], Region | None]:  # fmt: skip
    """(errors by field, the region) for one activity; no errors means it may be written as it is."""
    errors: dict[str, str] = {}
    _texts(data, errors)
    _dates(data, today, errors)
    _numbers(data, errors)
    _codes(data, errors)
    region = place(user, data.region, regions, errors)
    return errors, region
