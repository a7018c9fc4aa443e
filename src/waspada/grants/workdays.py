"""Working days: Monday to Friday, less the national holidays, cuti bersama and holiday voting days of
data/domain/holidays.yaml. A year whose decree the file does not hold yet counts only its fixed-date holidays, and
any count touching it is flagged provisional, so a due date computed from it can be recomputed once the decree
is added."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings

FILE_NAME = "holidays.yaml"


@dataclass(frozen=True)
class Holidays:
    days: frozenset[dt.date]
    decreed_years: frozenset[int]

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.days

    def add_working_days(self, start: dt.date, count: int) -> tuple[dt.date, bool]:
        """The `count`-th working day after `start` (start itself not counted; a negative count goes back), and
        whether a year on the way has no decree in the file (provisional)."""
        step = 1 if count >= 0 else -1
        day, left, years = start, abs(count), {start.year}
        while left:
            day += dt.timedelta(days=step)
            years.add(day.year)
            if self.is_working_day(day):
                left -= 1
        return day, not years <= self.decreed_years


def _parse(path: Path) -> Holidays:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    days: set[dt.date] = set()
    decreed: set[int] = set()
    fixed = [str(item["month_day"]) for item in document.get("fixed_dates") or []]
    for year in document.get("years") or []:
        number = int(year["year"])
        days.update(dt.date.fromisoformat(str(item["date"])) for item in year.get("days") or [])
        if year.get("decreed"):
            decreed.add(number)
        else:
            days.update(dt.date.fromisoformat(f"{number}-{month_day}") for month_day in fixed)
    return Holidays(frozenset(days), frozenset(decreed))


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> Holidays:
    return _parse(Path(path))


def holidays(domain_dir: Path | None = None) -> Holidays:
    """The calendar of the domain folder in use (re-read when the file changes)."""
    path = Path(domain_dir or settings.DOMAIN_DIR) / FILE_NAME
    return _cached(str(path), path.stat().st_mtime)
