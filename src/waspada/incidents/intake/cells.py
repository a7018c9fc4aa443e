"""Reading one spreadsheet cell: dates in the formats Indonesian offices write, times, counts, coordinates and
region codes. Each parser returns the value or raises CellError with a message that says what to write.

Dates are always day first: 05/02/2024 is 5 February 2024. Accepted: date cells, Excel serial numbers,
05/02/2024, 5/2/2024, 05-02-2024, 05.02.2024, 2024-02-05, 2024/02/05 and 5 Februari 2024 / 5 Feb 2024 /
05-Feb-2024 (Indonesian and English month names and their common abbreviations, old spellings such as
Pebruari and Nopember, an optional weekday in front: "Senin, 5 Februari 2024").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

from waspada.nlp.dates import DAYS, MONTHS

MAX_COUNT = 10_000_000  # as the single report: far above any real count
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIALS = (36_526, 73_051)  # 2000-01-01 .. 2099-12-31 as Excel day numbers
ENGLISH_MONTHS = {
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8, "october": 10,
    "december": 12, "aug": 8, "oct": 10, "dec": 12, "agus": 8, "peb": 2, "nop": 11,
}  # fmt: skip
MONTH_NAMES = {**MONTHS, **ENGLISH_MONTHS}
WEEKDAYS = (*DAYS, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DATE_EXAMPLES = ("05/02/2024", "5/2/2024", "05-02-2024", "5 Februari 2024", "5 Feb 2024", "2024-02-05")

_WEEKDAY = re.compile(r"^(?:" + "|".join(re.escape(day) for day in WEEKDAYS) + r")\s*,?\s*")
_DMY = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})$")
_NAMED = re.compile(r"^(\d{1,2})[\s\-./]*([a-z]+)\.?[\s\-./,]*(\d{2}|\d{4})$")
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")
_TRAILING_TIME = re.compile(r"^(.*?\d)[ t]+(\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)(?:\.\d+)?$")


class CellError(ValueError):
    """The cell cannot be read; the message says what to write instead."""


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date_of(year: int, month: int, day: int, shown: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(_("%(value)s is not a real date (check the day and the month).") % {"value": shown}) from None


def _bad_date(shown: str) -> CellError:
    return CellError(_("%(value)s is not a date we can read; write it like %(examples)s (day first).")
                     % {"value": shown, "examples": ", ".join(DATE_EXAMPLES[:4])})  # fmt: skip


def parse_date(value: Any) -> tuple[dt.date, dt.time | None]:
    """(date, time found in the same cell or None). Raises CellError."""
    if isinstance(value, dt.datetime):
        clock = value.time()
        return value.date(), (clock.replace(microsecond=0) if clock != dt.time(0) else None)
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if EXCEL_SERIALS[0] <= value <= EXCEL_SERIALS[1]:  # a date cell that lost its date format
            return EXCEL_EPOCH + dt.timedelta(days=int(value)), None
        raise _bad_date(text(value))
    shown = text(value)
    folded = _WEEKDAY.sub("", " ".join(shown.lower().split()))
    moment: dt.time | None = None
    trailing = _TRAILING_TIME.match(folded)
    if trailing:  # "2024-02-05 00:00:00" as Excel writes a date into a CSV
        folded, moment = trailing.group(1), parse_time(trailing.group(2))
        moment = moment if moment != dt.time(0) else None
    if match := _YMD.match(folded):
        return _date_of(int(match[1]), int(match[3]), int(match[4]), shown), moment
    match = _DMY.match(folded)
    if match:
        day, month, year = int(match[1]), int(match[3]), match[4]
    elif named := _NAMED.match(folded):
        month_number = MONTH_NAMES.get(named[2])
        if month_number is None:
            raise CellError(_("%(value)s: %(month)s is not a month name (use e.g. Februari, Feb, Agustus or Agt).")
                            % {"value": shown, "month": named[2]})  # fmt: skip
        day, month, year = int(named[1]), month_number, named[3]
    else:
        raise _bad_date(shown)
    if len(year) != 4:
        raise CellError(_("%(value)s: write the year with four digits, e.g. %(example)s.")
                        % {"value": shown, "example": DATE_EXAMPLES[0]})  # fmt: skip
    return _date_of(int(year), month, day, shown), moment


def parse_time(value: Any) -> dt.time | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    if isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(value * 86_400)  # an Excel time cell without its format: a fraction of a day
        return dt.time(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60)
    match = _CLOCK.match(text(value).lower().removesuffix("wib").removesuffix("wita").removesuffix("wit").strip())
    if match and int(match[1]) < 24 and int(match[2]) < 60 and int(match[3] or 0) < 60:
        return dt.time(int(match[1]), int(match[2]), int(match[3] or 0))
    raise CellError(_("%(value)s is not a time; write the local time as HH:MM, e.g. 14:30.") % {"value": text(value)})


def parse_count(value: Any) -> int | None:
    """A number of people: empty is unknown (None), never zero."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("Enter a whole number of 0 or more; leave it empty when unknown."))
    number: Any = value
    if isinstance(value, str):
        shown = value.strip()
        number = int(shown) if re.fullmatch(r"[+-]?\d+", shown) else None
        if number is None and re.fullmatch(r"[+-]?\d+\.0", shown):  # 3.0 from a CSV of floats, not 1.000
            number = int(shown[:-2])
    elif isinstance(value, float):
        number = int(value) if value.is_integer() else None
    if not isinstance(number, int):
        raise CellError(_("%(value)s is not a whole number; leave it empty when unknown.") % {"value": text(value)})
    if number < 0:
        raise CellError(_("%(value)s is negative; counts are 0 or more (empty means unknown).") % {"value": number})
    if number > MAX_COUNT:
        raise CellError(_("%(value)s is far above any real count; check the cell.") % {"value": number})
    return number


def parse_decimal(value: Any) -> float | None:
    """Decimal degrees; a comma is read as the decimal mark (Indonesian spreadsheets write -6,9147)."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    shown = text(value).replace(" ", "")
    if shown.count(",") == 1 and "." not in shown:
        shown = shown.replace(",", ".")
    try:
        return float(shown)
    except ValueError:
        message = _("%(value)s is not a decimal number of degrees, e.g. -6.9147.") % {"value": text(value)}
        raise CellError(message) from None


def region_code(value: Any) -> str:
    """A Kemendagri code as text: 32.73, 32.73.01, 32.73.01.1001. A kab/kota code typed as a number (32.1 from
    32.10) gets its two decimals back; codes written without dots (3273, 327301, 3273011001) get them."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    code = text(value).replace(" ", "")
    if code.isdigit() and len(code) in (2, 4, 6, 10):
        parts = [code[:2], code[2:4], code[4:6], code[6:]]
        return ".".join(part for part in parts if part)
    return code
