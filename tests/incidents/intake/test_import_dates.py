"""Reading cells: Indonesian date formats (day first), times, counts, coordinates and region codes; and a file
with mixed date formats imported with every date right."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from tests.incidents.intake.import_support import row, run_import, where, xlsx
from waspada.incidents.intake.cells import (
    CellError,
    parse_count,
    parse_date,
    parse_decimal,
    parse_time,
    region_code,
)
from waspada.incidents.models import Incident

FEB_5 = dt.date(2024, 2, 5)


@pytest.mark.parametrize(
    "value",
    [
        "05/02/2024",
        "5/2/2024",
        "05-02-2024",
        "05.02.2024",
        "2024-02-05",
        "2024/02/05",
        "5 Februari 2024",
        "5 februari 2024",
        "5 Feb 2024",
        "05-Feb-2024",
        "5 Feb. 2024",
        "5 February 2024",
        "5 Pebruari 2024",
        "Senin, 5 Februari 2024",
        "2024-02-05 00:00:00",
        "  05/02/2024 ",
        dt.date(2024, 2, 5),
        dt.datetime(2024, 2, 5),
        45327,
        45327.0,
    ],
)
def test_every_accepted_form_of_5_february_2024(value: Any) -> None:
    assert parse_date(value) == (FEB_5, None)


@pytest.mark.parametrize(
    ("value", "month"),
    [
        ("1 Mei 2024", 5),
        ("1 Agu 2024", 8),
        ("1 Agt 2024", 8),
        ("1 Agustus 2024", 8),
        ("1 Okt 2024", 10),
        ("1 Des 2024", 12),
        ("1 Nopember 2024", 11),
        ("1 Sep 2024", 9),
        ("1 Jun 2024", 6),
        ("1 Jul 2024", 7),
        ("1 Mar 2024", 3),
        ("1 Apr 2024", 4),
        ("1 Jan 2024", 1),
        ("1 Nov 2024", 11),
    ],
)
def test_indonesian_month_abbreviations(value: str, month: int) -> None:
    assert parse_date(value)[0] == dt.date(2024, month, 1)


def test_a_time_in_the_date_cell_is_kept() -> None:
    assert parse_date("2024-02-05 14:30") == (FEB_5, dt.time(14, 30))
    assert parse_date(dt.datetime(2024, 2, 5, 9, 15)) == (FEB_5, dt.time(9, 15))


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("31/02/2024", "not a real date"),
        ("05/13/2024", "not a real date"),
        ("05/02/24", "four digits"),
        ("5 Febuary 2024", "not a month name"),
        ("kemarin", "not a date we can read"),
        ("12", "not a date we can read"),
        ("2024-02-30", "not a real date"),
    ],
)
def test_bad_dates_say_what_is_wrong(value: str, says: str) -> None:
    with translation.override("en"), pytest.raises(CellError, match=says):
        parse_date(value)


def test_times_counts_decimals_and_codes() -> None:
    assert parse_time("14:30") == dt.time(14, 30) and parse_time("14.30 WIB") == dt.time(14, 30)
    assert parse_time(0.5) == dt.time(12, 0) and parse_time(None) is None
    with translation.override("en"), pytest.raises(CellError, match="HH:MM"):
        parse_time("25:00")
    assert parse_count("3") == 3 and parse_count(3.0) == 3 and parse_count("3.0") == 3 and parse_count("") is None
    assert parse_count(0) == 0 and parse_count(None) is None
    for bad in ("-1", -2, "abc", "1.000", 2.5):
        with pytest.raises(CellError):
            parse_count(bad)
    assert parse_decimal("-6,9147") == -6.9147 and parse_decimal(107.6) == 107.6 and parse_decimal("") is None
    assert region_code(32.1) == "32.10" and region_code(32.73) == "32.73" and region_code("3273") == "32.73"
    assert region_code("327301") == "32.73.01" and region_code(3273011001) == "32.73.01.1001"
    assert region_code(" 32.73.01 ") == "32.73.01" and region_code(None) == ""


def test_mixed_date_formats_in_one_file_are_read_day_first(people: dict[str, Any]) -> None:
    forms = [
        "05/02/2024",
        "5 Februari 2024",
        "2024-02-05",
        dt.date(2024, 2, 5),
        "05-02-2024",
        "6 Agt 2024",
        "07/08/2024",
    ]
    rows = [row(tanggal=value, judul=f"Kejadian {index}") for index, value in enumerate(forms)]
    outcome = run_import(people["bandung"], xlsx(rows))
    assert outcome.committed, outcome.errors
    dates = dict(Incident.objects.values_list("title", "occurred_on"))
    assert [dates[f"Kejadian {index}"] for index in range(7)] == [FEB_5] * 5 + [
        dt.date(2024, 8, 6),
        dt.date(2024, 8, 7),
    ]


def test_future_and_too_old_dates_are_refused(people: dict[str, Any]) -> None:
    future = (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    outcome = run_import(people["bandung"], xlsx([row(tanggal=future), row(tanggal="31/12/1999", judul="Lama")]))
    assert where(outcome) == [(2, "tanggal"), (3, "tanggal")]
    assert "in the future" in outcome.errors[0].message and "before 2000-01-01" in outcome.errors[1].message
    assert Incident.objects.count() == 0
