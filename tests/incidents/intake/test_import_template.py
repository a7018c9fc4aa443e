"""The downloadable templates: Indonesian headers, one example row, the allowed values and the column notes;
and the template as downloaded imports as it is (both kinds, XLSX and CSV)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from waspada.incidents.intake.columns import EVENT_COLUMNS, INCIDENT_COLUMNS
from waspada.incidents.models import ImportRun, Incident, Status

URL = "/incidents/import/template/"


def download(client: Client, kind: str, file_format: str) -> bytes:
    response = client.get(URL, {"kind": kind, "format": file_format})
    assert response.status_code == 200
    assert f'filename="waspada-import-{kind}.{file_format}"' in response["Content-Disposition"]
    return response.content


def test_xlsx_template_has_headers_example_and_allowed_values(client_for: Callable[[str], Client]) -> None:
    client = client_for("bandung")
    client.cookies["django_language"] = "en"
    book = load_workbook(io.BytesIO(download(client, "incidents", "xlsx")))
    assert book.sheetnames == ["data", "pilihan", "kolom"]
    data = [row for row in book["data"].iter_rows(values_only=True) if any(cell is not None for cell in row)]
    assert list(data[0]) == [column.header for column in INCIDENT_COLUMNS] and len(data) == 2
    assert book["data"]["D2000"].number_format == "@"  # region codes stay text: 32.10 never becomes 32.1
    example = dict(zip(data[0], data[1], strict=True))
    assert example["tanggal"] == dt.datetime(2024, 2, 14) and example["kode wilayah"] == "32.73"
    assert (example["jenis kejadian"], example["subjenis"], example["tingkat keparahan"]) == (
        "violence_clash",
        "supporter_clash",
        3,
    )
    allowed = [row for row in book["pilihan"].iter_rows(values_only=True) if any(row)]
    flat = {str(cell) for row in allowed for cell in row if cell is not None}
    assert {
        "violence_clash",
        "supporter_clash",
        "money_politics",
        "Kritis",
        "inter_agency",
        "restricted",
        "near_place",
        "other_system",
        "supporters",
        "05/02/2024",
        "5 Februari 2024",
        "2024-02-05",
    } <= flat
    assert (
        "violence_clash",
        None,
        "Kekerasan dan bentrokan",
        "Violence and clashes",
        "konflik_pemilihan_jabatan",
        "Riots",
        "Mob violence",
    ) in allowed
    assert [row[0] for row in allowed if row[0] in (1, 2, 3, 4, 5)] == [1, 2, 3, 4, 5]
    notes = list(book["kolom"].iter_rows(values_only=True))
    assert notes[0] == ("column", "required", "also accepted", "what to write")
    assert notes[1][:2] == ("tanggal", "yes") and "event date" in notes[1][2]


def test_events_template_and_csv_template(client_for: Callable[[str], Client]) -> None:
    client = client_for("jabar")
    book = load_workbook(io.BytesIO(download(client, "events", "xlsx")))
    data = list(book["data"].iter_rows(values_only=True))
    assert list(data[0]) == [column.header for column in EVENT_COLUMNS]
    assert data[1][:3] == (dt.datetime(2019, 4, 20), "32.73", "Riots")
    content = download(client, "incidents", "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:5] == ["tanggal", "jam", "presisi waktu", "kode wilayah", "lintang"]
    assert lines[1].startswith("14/02/2024,10:30,day,32.73,")


@pytest.mark.parametrize(
    ("persona", "kind", "file_format", "region"),
    [
        ("bandung", "incidents", "xlsx", "32.73"),
        ("kabbandung", "incidents", "csv", "32.04"),
        ("jabar", "events", "xlsx", "32.73"),
        ("nadmin", "events", "csv", "32.73"),
    ],
)
def test_the_downloaded_template_imports_as_it_is(
    client_for: Callable[[str], Client], persona: str, kind: str, file_format: str, region: str
) -> None:
    client = client_for(persona)
    upload = SimpleUploadedFile(f"template.{file_format}", download(client, kind, file_format))
    response = client.post("/incidents/import/", {"kind": kind, "file": upload})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/incidents/import/{run.pk}/"
    assert run.status == "committed", run.errors
    incident = Incident.objects.get()
    assert incident.kabkota_code == region
    assert incident.status == (Status.CLOSED if kind == "events" else Status.SUBMITTED)


def test_unknown_template_parameters_are_400(client_for: Callable[[str], Client]) -> None:
    client = client_for("bandung")
    assert client.get(URL, {"kind": "users"}).status_code == 400
    assert client.get(URL, {"format": "pdf"}).status_code == 400
    assert client_for("monitor").get(URL).status_code == 403
