"""A clean file: every row written in one go, placed, tagged and searchable as a single report would be, one
audit event for the batch, and each incident traceable to its run and row."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from tests.incidents.intake.import_support import HEADER, counts, row, run_import, xlsx
from waspada.core.audit.models import AuditEvent
from waspada.incidents.models import (
    HandlingLevel,
    ImportStatus,
    Incident,
    IncidentStage,
    Status,
    Transition,
)
from waspada.incidents.models.imports import ImportedRow

ACTORS = ["aktor 1 jenis", "aktor 1 nama", "aktor 2 jenis", "aktor 2 nama", "lintang", "bujur", "jam"]


def test_rows_become_submitted_reports_like_single_ones(people: dict[str, Any]) -> None:
    header = [*HEADER, *ACTORS]
    rows = [
        [*row(), "supporters", "Massa A", "Pendukung / massa pendukung", "Massa B", None, None, "10:30"],
        [
            *row(
                kode_wilayah="32.73.01",
                judul="Kericuhan di Sukasari",
                jenis_sumber="FKDM",
                url_sumber=None,
                nama_sumber="FKDM Sukasari",
                keandalan_sumber="c",
            ),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            *row(
                kode_wilayah="32.73.02.1001",
                judul="Titik Dago",
                tanggal="5 Februari 2024",
                jenis_kejadian="Politik uang",
                subjenis="Serangan fajar",
                tingkat_keparahan="Sedang",
                jenis_sumber=None,
                nama_sumber=None,
                url_sumber=None,
                keandalan_sumber=None,
            ),
            None,
            None,
            None,
            None,
            "-7,03",
            "107.6",
            None,
        ],
    ]
    events_before = AuditEvent.objects.count()
    content = xlsx(rows, header=header)
    outcome = run_import(people["bandung"], content)
    assert outcome.committed, outcome.errors
    run = outcome.run
    assert (run.status, run.rows_total, run.rows_created, run.error_count) == (ImportStatus.COMMITTED, 3, 3, 0)
    assert run.office_code == "32.73" and run.file_sha256 == hashlib.sha256(content).hexdigest()
    first, second, third = Incident.objects.order_by("pk")
    for incident in (first, second, third):
        assert incident.status == Status.SUBMITTED and incident.created_by == people["bandung"]
        assert (incident.province_code, incident.kabkota_code, incident.owner_code) == ("32", "32.73", "32.73")
        assert incident.handling_level == HandlingLevel.KABKOTA and incident.election_id == "pemilu_2024"
    assert first.occurred_time == dt.time(10, 30) and first.corroboration == 1 and first.injured == 2
    assert list(first.actors.values_list("actor_type_id", "side", "name")) == [
        ("supporters", "initiator", "Massa A"),
        ("supporters", "target", "Massa B"),
    ]
    assert second.kecamatan_id == "32.73.01" and second.place_code == "32.73.01" and " sukasari " in second.search_text
    assert list(second.sources.values_list("kind", "name", "reliability")) == [("fkdm", "FKDM Sukasari", "C")]
    assert (third.event_type_id, third.event_subtype.code, third.severity) == ("money_politics", "dawn_attack", 2)
    assert (third.desa_id, third.kecamatan_id, third.lat, third.lng) == ("32.73.02.1001", "32.73.02", -7.03, 107.6)
    assert third.corroboration == 0 and third.occurred_on == dt.date(2024, 2, 5)
    tags = set(IncidentStage.objects.filter(incident=first).values_list("tag_id", flat=True))
    assert "pemungutan_suara" in tags
    steps = list(Transition.objects.filter(incident__in=[first, second, third]).values_list("to_status", "comment"))
    assert len(steps) == 3 and all(to == "submitted" and f"import #{run.pk}" in note for to, note in steps)
    assert sorted(ImportedRow.objects.filter(run=run).values_list("row", "incident_id")) == [
        (2, first.pk),
        (3, second.pk),
        (4, third.pk),
    ]
    event = AuditEvent.objects.get(seq=AuditEvent.objects.count())
    assert AuditEvent.objects.count() == events_before + 1
    assert event.action == "incidents.import" and event.actor_id == people["bandung"].pk
    assert event.batch["job_id"] == run.job_id and event.batch["checksum"] == run.file_sha256
    assert event.batch["counts"] == {
        "rows": 3,
        "incidents": 3,
        "sources": 2,
        "actors": 2,
        "stage_links": IncidentStage.objects.count(),
    }
    assert event.batch["import_run"] == run.pk and event.region_code == "32.73"


def test_province_import_is_owned_by_the_province(people: dict[str, Any]) -> None:
    outcome = run_import(people["jabar"], xlsx([row(kode_wilayah="32.04")]))
    assert outcome.committed
    incident = Incident.objects.get()
    assert (incident.kabkota_code, incident.owner_code, outcome.run.office_code) == ("32.04", "32", "32")


def test_csv_with_semicolons_bom_and_comma_decimals(people: dict[str, Any]) -> None:
    from tests.incidents.intake.import_support import csv_bytes

    content = csv_bytes(
        [[*row(judul="Ééé", luka=""), "-7,03", "107,55"]], header=[*HEADER, "Lintang", "Bujur"], delimiter=";", bom=True
    )
    outcome = run_import(people["bandung"], content, "excel.csv")
    assert outcome.committed, outcome.errors
    incident = Incident.objects.get()
    assert (incident.title, incident.injured, incident.lat, incident.lng) == ("Ééé", None, -7.03, 107.55)
    assert outcome.run.file_format == "csv"


def test_csv_delimiters_and_windows_encoding(people: dict[str, Any]) -> None:
    from tests.incidents.intake.import_support import csv_bytes

    for number, (delimiter, encoding) in enumerate(((",", "utf-8"), ("\t", "utf-8"), (";", "cp1252"))):
        content = csv_bytes([row(judul=f"Café {number}")], delimiter=delimiter, encoding=encoding)
        outcome = run_import(people["bandung"], content, "data.csv")
        assert outcome.committed, (delimiter, outcome.errors)
    assert sorted(Incident.objects.values_list("title", flat=True)) == ["Café 0", "Café 1", "Café 2"]


def test_headers_match_without_case_accents_or_hints(people: dict[str, Any]) -> None:
    header = [
        "TÁNGGAL (dd/mm/yyyy)",
        "Region code",
        "Event_Type",
        "Sub-type",
        "Title",
        "Severity",
        "Fatalities",
        "Injured",
        "Source kind",
        "Source",
        "URL",
        "Reliability",
        "Kolom lain",
    ]
    outcome = run_import(people["bandung"], xlsx([[*row(), "abaikan"]], header=header))
    assert outcome.committed, outcome.errors
    assert outcome.run.ignored_columns == ["Kolom lain"] and Incident.objects.count() == 1


def test_blank_rows_are_skipped_and_row_numbers_stay_true(people: dict[str, Any]) -> None:
    outcome = run_import(people["bandung"], xlsx([row(), [None] * 12, ["", "  "], row(luka=-1, judul="X")]))
    assert [(error.row, error.column) for error in outcome.errors] == [(5, "luka")]
    assert outcome.run.rows_total == 2 and counts()[0] == 0
