"""Bad input: every problem reported with its row (as the spreadsheet shows it) and its column (by the file's
header), and nothing written but the refused run: no incident, no audit event."""

from __future__ import annotations

from typing import Any

import pytest

from tests.concurrency import at_once, skip_on_memory_sqlite
from tests.incidents.conftest import create, report
from tests.incidents.intake.import_support import HEADER, counts, errors_of, row, run_import, where, xlsx
from waspada.incidents.intake import importer
from waspada.incidents.models import ImportRun, ImportStatus, Incident
from waspada.incidents.models.imports import ImportedRow


@pytest.fixture
def before(people: dict[str, Any]) -> tuple[int, int, int]:
    return counts()


def refused(outcome: Any, before: tuple[int, int, int]) -> None:
    """Nothing written but one refused run that keeps the errors."""
    assert outcome.run.status == ImportStatus.REJECTED
    incidents, events, runs = counts()
    assert (incidents, events, runs) == (before[0], before[1], before[2] + 1)
    stored = ImportRun.objects.get(pk=outcome.run.pk)
    assert stored.error_count == len(outcome.errors) and stored.rows_created == 0
    assert stored.errors[: len(outcome.errors)] == [error.as_dict() for error in outcome.errors][:1000]


def test_one_bad_row_stops_every_row(people: dict[str, Any], before: tuple[int, int, int]) -> None:
    outcome = run_import(people["bandung"], xlsx([row(judul=f"Baik {n}") for n in range(5)] + [row(luka="dua")]))
    assert where(outcome) == [(7, "luka")]
    refused(outcome, before)


def test_missing_columns_are_named(people: dict[str, Any], before: tuple[int, int, int]) -> None:
    header = [name for name in HEADER if name not in ("tanggal", "tingkat keparahan")]
    outcome = run_import(people["bandung"], xlsx([row()[1:5]], header=header))
    assert where(outcome) == [(1, "tanggal"), (1, "tingkat keparahan")]
    assert "required column tanggal is missing" in outcome.errors[0].message
    refused(outcome, before)


def test_a_column_given_twice_is_refused(people: dict[str, Any], before: tuple[int, int, int]) -> None:
    outcome = run_import(people["bandung"], xlsx([[*row(), "15/02/2024"]], header=[*HEADER, "Date"]))
    assert where(outcome) == [(1, "Date")] and "tanggal" in outcome.errors[0].message
    refused(outcome, before)


def test_merged_cells_are_named_by_range(people: dict[str, Any], before: tuple[int, int, int]) -> None:
    outcome = run_import(people["bandung"], xlsx([row(judul="A"), row(judul="B"), row(judul="C")], merge="E3:F3"))
    assert (3, "judul", "Cells E3:F3 are merged: unmerge them and fill in every cell.") in errors_of(outcome)
    assert (3, "tingkat keparahan") in where(outcome)  # the merged-away value is missing too
    refused(outcome, before)


def test_unknown_regions_types_and_bad_numbers(people: dict[str, Any], before: tuple[int, int, int]) -> None:
    rows = [
        row(kode_wilayah="32.99", judul="A"),
        row(jenis_kejadian="perang_dingin", subjenis="", judul="B"),
        row(tingkat_keparahan=6, judul="C"),
        row(tingkat_keparahan=0, judul="D"),
        row(meninggal=-1, judul="E"),
        row(luka="banyak", judul="F"),
        row(kode_wilayah="32.73.99", judul="G"),
        row(subjenis="riot_x", judul="H"),
    ]
    outcome = run_import(people["bandung"], xlsx(rows))
    assert where(outcome) == [
        (2, "kode wilayah"),
        (3, "jenis kejadian"),
        (4, "tingkat keparahan"),
        (5, "tingkat keparahan"),
        (6, "meninggal"),
        (7, "luka"),
        (8, "kode wilayah"),
        (9, "subjenis"),
    ]
    messages = [error.message for error in outcome.errors]
    assert messages[0] == "Unknown region code 32.99." and "Unknown event type “perang_dingin”" in messages[1]
    assert messages[2] == messages[3] == "Enter a number from 1 to 5."
    assert "negative" in messages[4] and "banyak is not a whole number" in messages[5]
    assert messages[6] == "Unknown region code 32.73.99." and "riot_x is not a sub-type" in messages[7]
    refused(outcome, before)


def test_every_bad_column_of_one_row_is_reported(people: dict[str, Any], before: tuple[int, int, int]) -> None:
    bad = row(
        tanggal="31/02/2024",
        kode_wilayah="",
        jenis_kejadian="x",
        judul="",
        tingkat_keparahan=9,
        luka=-3,
        jenis_sumber="koran",
        url_sumber="kabar.example",
    )
    outcome = run_import(people["bandung"], xlsx([bad]))
    assert where(outcome) == [
        (2, "tanggal"),
        (2, "kode wilayah"),
        (2, "jenis kejadian"),
        (2, "judul"),
        (2, "tingkat keparahan"),
        (2, "luka"),
        (2, "jenis sumber"),
        (2, "url sumber"),
    ]
    refused(outcome, before)


def test_kabkota_officer_imports_only_its_kabkota(people: dict[str, Any], before: tuple[int, int, int]) -> None:
    rows = [
        row(judul="Kota"),
        row(kode_wilayah="32.04", judul="Kabupaten"),
        row(kode_wilayah="32.04.05.2001", judul="Desa tetangga"),
    ]
    outcome = run_import(people["bandung"], xlsx(rows))
    assert errors_of(outcome) == [
        (3, "kode wilayah", "32.04 is outside your scope."),
        (4, "kode wilayah", "32.04 is outside your scope."),
    ]
    refused(outcome, before)


def test_province_officer_imports_only_its_province(people: dict[str, Any], before: tuple[int, int, int]) -> None:
    outcome = run_import(
        people["jabar"], xlsx([row(), row(kode_wilayah="32.04", judul="B"), row(kode_wilayah="31.71", judul="Jakarta")])
    )
    assert errors_of(outcome) == [(4, "kode wilayah", "31.71 is outside your scope.")]
    refused(outcome, before)


def test_duplicate_rows_in_the_file_name_both_rows(people: dict[str, Any], before: tuple[int, int, int]) -> None:
    rows = [row(), row(judul="Lain"), row(judul="  bentrok PENDUKUNG di tps 12 ")]
    outcome = run_import(people["bandung"], xlsx(rows))
    assert errors_of(outcome) == [(4, "judul", "Row 4 repeats row 2 (same date, kab/kota, type and title).")]
    refused(outcome, before)


def test_rows_identical_to_a_stored_incident(people: dict[str, Any]) -> None:
    stored = create(people["bandung"], report(title="Bentrok pendukung di TPS 12"))
    before = counts()
    outcome = run_import(people["bandung"], xlsx([row(judul="Baru"), row()]))
    assert errors_of(outcome) == [
        (3, "judul", f"Already stored as incident #{stored.pk} (same date, kab/kota, type and title).")
    ]
    refused(outcome, before)


def test_not_a_spreadsheet_and_empty_files(people: dict[str, Any], before: tuple[int, int, int]) -> None:
    for content, name, says in (
        (b"\xd0\xcf\x11\xe0old excel", "lama.xls", "not an XLSX or CSV"),
        (b"PK\x03\x04broken", "rusak.xlsx", "cannot be read"),
        (b"", "kosong.csv", "empty"),
        (b"tanggal,judul\n", "kosong.csv", "required column"),
    ):
        outcome = run_import(people["bandung"], content, name)
        assert outcome.run.status == ImportStatus.REJECTED and says in outcome.errors[0].message, name
    outcome = run_import(people["bandung"], xlsx([]))
    assert errors_of(outcome) == [(2, "", "The file has no rows below the header.")]
    assert counts()[:2] == before[:2]


def test_too_many_rows_and_too_big(people: dict[str, Any], before: tuple[int, int, int], monkeypatch: Any) -> None:
    outcome = run_import(people["bandung"], xlsx([row(judul=str(n)) for n in range(4)]), max_rows=3)
    assert errors_of(outcome) == [(0, "", "The file has more than 3 rows; split it.")]
    monkeypatch.setattr(importer, "MAX_BYTES", 100)
    outcome = run_import(people["bandung"], xlsx([row()]))
    assert outcome.errors[0].row == 0 and "larger than" in outcome.errors[0].message
    assert counts()[:2] == before[:2]


def test_stored_errors_are_capped_but_counted(people: dict[str, Any], monkeypatch: Any) -> None:
    monkeypatch.setattr(importer, "ERRORS_KEPT", 5)
    outcome = run_import(people["bandung"], xlsx([row(luka=-1, judul=str(n)) for n in range(12)]))
    stored = ImportRun.objects.get(pk=outcome.run.pk)
    assert len(outcome.errors) == stored.error_count == 12 and len(stored.errors) == 5
    assert [error["row"] for error in stored.errors] == [2, 3, 4, 5, 6]


def test_roles_that_may_not_import(people: dict[str, Any], before: tuple[int, int, int]) -> None:
    from waspada.incidents.errors import Denied

    for name in ("monitor", "viewer", "analyst"):
        with pytest.raises(Denied):
            run_import(people[name], xlsx([row()]))
    assert counts() == before


def test_rows_stored_by_a_simultaneous_import_are_caught_under_the_lock(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports of one file at the same moment: both pass the first check, the second is refused at write."""
    content = xlsx([row(judul="Baru"), row()])
    first = run_import(people["bandung"], content)
    assert first.committed
    ids = {number: incident for number, incident in ImportedRow.objects.values_list("row", "incident_id")}
    before = counts()
    monkeypatch.setattr(importer, "stored_duplicates", lambda prepared, user: {})  # the first had not committed yet
    outcome = run_import(people["bandung"], content)
    assert errors_of(outcome) == [
        (2, "judul", f"Already stored as incident #{ids[2]} (same date, kab/kota, type and title)."),
        (3, "judul", f"Already stored as incident #{ids[3]} (same date, kab/kota, type and title)."),
    ]
    refused(outcome, before)


@pytest.mark.concurrent
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_file_at_once_store_it_once(people: dict[str, Any]) -> None:
    """Needs a database file (PostgreSQL, or WASPADA_TEST_SQLITE_NAME): in-memory SQLite has no second writer."""
    skip_on_memory_sqlite()
    content = xlsx([row(judul=f"Laporan {n}") for n in range(40)])
    outcomes: list[Any] = []
    at_once(2, lambda _index: outcomes.append(run_import(people["bandung"], content)))
    assert sorted(outcome.committed for outcome in outcomes) == [False, True]
    assert Incident.objects.count() == 40
