"""Issue 15 ("Hostile input"), defects 2, 3 and 6 on the incident import: decompression bombs, XML with a
DOCTYPE, and the duplicate check as an oracle on restricted titles. A hostile file is refused with a message
naming the limit, its import record is kept (status rejected, the reason in its errors), nothing else is
written, and no route answers 500. The bombs are small: each test lowers the limit it crosses."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.incidents.conftest import create, report
from tests.incidents.intake.import_support import HEADER, counts, csv_bytes, row, run_import, xlsx
from waspada.incidents.intake.importer import ImportOutcome
from waspada.incidents.models import ImportRun, ImportStatus, Incident

API = "/api/v1/incidents/imports"
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def before(people: dict[str, Any]) -> tuple[int, int, int]:
    return counts()


def rezip(content: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    """The workbook with its parts passed through change(name, data)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
    return out.getvalue()


def with_sheet(content: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    return rezip(content, lambda name, data: edit(data) if name == SHEET else data)


def refused(outcome: ImportOutcome, before: tuple[int, int, int], says: str) -> str:
    """Nothing written but one refused run whose reason (row 0, the whole file) says `says`."""
    assert outcome.run.status == ImportStatus.REJECTED, outcome.errors
    assert counts() == (before[0], before[1], before[2] + 1)
    stored = ImportRun.objects.get(pk=outcome.run.pk)
    assert [(error["row"], error["column"]) for error in stored.errors] == [(0, "")]
    message = str(stored.errors[0]["message"])
    assert says in message, message
    return message


# --- 2. Decompression bombs -------------------------------------------------------------------------------


def blank_rows(count: int, start: int = 3) -> bytes:
    return b"".join(b'<row r="%d"/>' % number for number in range(start, start + count))


def test_blank_rows_count_against_the_row_limit_xlsx(people: dict[str, Any], before: Any, settings: Any) -> None:
    settings.WASPADA_UPLOAD_BLANK_ROWS = 100
    bomb = with_sheet(xlsx([row()]), lambda data: data.replace(b"</sheetData>", blank_rows(20_000) + b"</sheetData>"))
    assert len(bomb) < 100_000  # small on disk, 20,000 rows unpacked
    message = refused(run_import(people["bandung"], bomb, max_rows=50), before, "more than 150 rows")
    assert "blank rows count too" in message


def test_a_row_number_far_below_counts_its_gap(people: dict[str, Any], before: Any, settings: Any) -> None:
    """One cell at row 50,000,000: openpyxl fills the gap with empty rows, each counted (and stopped early)."""
    settings.WASPADA_UPLOAD_BLANK_ROWS = 100
    far = b'<row r="50000000"><c r="A50000000" t="inlineStr"><is><t>x</t></is></c></row>'
    bomb = with_sheet(xlsx([row()]), lambda data: data.replace(b"</sheetData>", far + b"</sheetData>"))
    refused(run_import(people["bandung"], bomb, max_rows=50), before, "more than 150 rows")


def test_blank_rows_count_against_the_row_limit_csv(people: dict[str, Any], before: Any, settings: Any) -> None:
    settings.WASPADA_UPLOAD_BLANK_ROWS = 100
    bomb = csv_bytes([row()]) + b"\r\n" * 20_000 + b",".join(b"x" for _ in HEADER) + b"\r\n"
    refused(run_import(people["bandung"], bomb, "bom.csv", max_rows=50), before, "blank rows count too")


def test_a_csv_line_of_countless_empty_cells_is_refused(people: dict[str, Any], before: Any, settings: Any) -> None:
    """A line of commas is a blank row (never checked cell by cell) that csv would split into that many cells."""
    settings.WASPADA_UPLOAD_MAX_COLUMNS = 100
    bomb = csv_bytes([row()]) + b"," * 5000 + b"\r\n"
    refused(run_import(people["bandung"], bomb, "bom.csv"), before, "Row 3 has more than 100 columns")
    quoted = csv_bytes([[*row(), "Rapat, " * 200]], header=[*HEADER, "catatan lain"])  # quoted commas: one cell
    assert run_import(people["bandung"], quoted, "laporan.csv").committed


def test_uncompressed_size_is_bounded(people: dict[str, Any], before: Any, settings: Any) -> None:
    settings.WASPADA_UPLOAD_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    padding = b"<!-- " + b" " * 3_000_000 + b" -->"
    bomb = with_sheet(xlsx([row()]), lambda data: data.replace(b"<sheetData>", padding + b"<sheetData>"))
    assert len(bomb) < 50_000
    refused(run_import(people["bandung"], bomb), before, "larger than 1 MB")


def test_compression_ratio_is_bounded(people: dict[str, Any], before: Any, settings: Any) -> None:
    settings.WASPADA_UPLOAD_MAX_RATIO = 50
    padding = b"<!-- " + b" " * 3_000_000 + b" -->"
    bomb = with_sheet(xlsx([row()]), lambda data: data.replace(b"<sheetData>", padding + b"<sheetData>"))
    refused(run_import(people["bandung"], bomb), before, "more than 50 times its size")


def test_one_huge_cell_is_refused_before_parsing(people: dict[str, Any], before: Any, settings: Any) -> None:
    """A cell in a column the importer ignores: without the bound the file would be imported."""
    settings.WASPADA_UPLOAD_MAX_CELL_CHARS = 1000
    content = xlsx([[*row(), "x" * 20_000]], header=[*HEADER, "catatan lain"])
    refused(run_import(people["bandung"], content), before, "more than 1000 characters")


def test_a_long_cell_is_refused_with_its_row(people: dict[str, Any], before: Any, settings: Any) -> None:
    settings.WASPADA_UPLOAD_MAX_CELL_CHARS = 1000
    for content, name in ((xlsx([row(), [*row(judul="Kedua"), "x" * 1500]], header=[*HEADER, "catatan lain"]),
                           "laporan.xlsx"),
                          (csv_bytes([row(), [*row(judul="Kedua"), "x" * 1500]], header=[*HEADER, "catatan lain"]),
                           "laporan.csv")):  # fmt: skip
        refused(run_import(people["bandung"], content, name), before, "row 3 holds more than 1000 characters")
        before = counts()


def test_parse_time_is_bounded(people: dict[str, Any], before: Any, settings: Any) -> None:
    settings.WASPADA_UPLOAD_MAX_SECONDS = -1  # already past: the first check while reading stops it
    refused(run_import(people["bandung"], xlsx([row()])), before, "took longer than")
    before = counts()
    refused(run_import(people["bandung"], csv_bytes([row()]), "laporan.csv"), before, "took longer than")


def test_files_within_the_bounds_still_import(people: dict[str, Any], before: Any, settings: Any) -> None:
    settings.WASPADA_UPLOAD_BLANK_ROWS = 100
    content = with_sheet(xlsx([row()]), lambda data: data.replace(b"</sheetData>", blank_rows(90) + b"</sheetData>"))
    assert run_import(people["bandung"], content, max_rows=50).committed
    assert run_import(people["bandung"], csv_bytes([row(judul="Baris negatif?", luka=0)]) + b"\r\n" * 50,
                      "laporan.csv").committed  # fmt: skip


# --- 3. XML with a DOCTYPE --------------------------------------------------------------------------------

EXTERNAL = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = (b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                     for n in range(1, 10)) + b"]>")  # fmt: skip


def with_entity(declaration: bytes, reference: bytes) -> bytes:
    """The sheet with a DOCTYPE after its XML declaration and the entity used in an inline-string cell."""

    def edit(data: bytes) -> bytes:
        data = re.sub(rb"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or b"") + declaration, data, count=1)
        cell = b'<c r="M2" t="inlineStr"><is><t>' + reference + b"</t></is></c></row>"
        return data.replace(b"</row>", cell, 2).replace(cell, b"</row>", 1)  # into the second row only

    return with_sheet(xlsx([row()], header=[*HEADER, "catatan"]), edit)


HOSTILE_XML = {"external": with_entity(EXTERNAL, b"&xxe;"), "laughs": with_entity(LAUGHS, b"&lol9;")}


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize("kind", sorted(HOSTILE_XML))
def test_doctype_is_refused_by_the_importer(kind: str, people: dict[str, Any], before: Any) -> None:
    refused(run_import(people["bandung"], HOSTILE_XML[kind]), before, "DOCTYPE")


@pytest.mark.parametrize("kind", sorted(HOSTILE_XML))
def test_doctype_on_the_page_is_refused_and_kept(kind: str, client_for: Callable[[str], Client],
                                                 before: Any) -> None:  # fmt: skip
    client = english(client_for("bandung"))
    upload = SimpleUploadedFile("laporan.xlsx", HOSTILE_XML[kind])
    response = client.post("/incidents/import/", {"kind": "incidents", "file": upload}, follow=True)
    run = ImportRun.objects.get()
    assert response.redirect_chain == [(f"/incidents/import/{run.pk}/", 302)] and response.status_code == 200
    assert run.status == ImportStatus.REJECTED and "DOCTYPE" in run.errors[0]["message"]
    assert "DOCTYPE" in response.content.decode() and "root:" not in response.content.decode()
    assert counts() == (before[0], before[1], before[2] + 1)


@pytest.mark.parametrize("kind", sorted(HOSTILE_XML))
def test_doctype_on_the_api_is_422_and_kept(kind: str, client_for: Callable[[str], Client], before: Any) -> None:
    client = english(client_for("bandung"))
    response = client.post(API, {"kind": "incidents", "file": SimpleUploadedFile("laporan.xlsx", HOSTILE_XML[kind])})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["import"]["status"] == "rejected" and "DOCTYPE" in body["errors"][0]["message"]
    assert body["errors"][0]["row"] == 0 and "root:" not in response.content.decode()
    assert counts() == (before[0], before[1], before[2] + 1)


def test_doctype_in_utf16_is_refused(people: dict[str, Any], before: Any) -> None:
    def edit(data: bytes) -> bytes:
        text = re.sub(r"^<\?xml[^>]*\?>", "", data.decode("utf-8"))
        cell = '<c r="M2" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        text = text.replace("</row>", cell, 2).replace(cell, "</row>", 1)
        return ('<?xml version="1.0" encoding="UTF-16"?>' + EXTERNAL.decode() + text).encode("utf-16")

    refused(run_import(people["bandung"], with_sheet(xlsx([row()], header=[*HEADER, "catatan"]), edit)), before,
            "DOCTYPE")  # fmt: skip


# --- 6. The duplicate check is no oracle on restricted titles ---------------------------------------------


def test_duplicate_check_reveals_nothing_the_importer_cannot_read(people: dict[str, Any]) -> None:
    """jabar (province) sees Kota Bandung's restricted report only redacted (no title): importing its exact
    date, kab/kota, type and title answers exactly as importing another title does, and no message names the
    hidden incident. Kota Bandung's office, which reads it, is still told which incident it repeats."""
    secret = create(people["bandung"], report(sensitivity="restricted", title="Rahasia kantor Kota Bandung"))
    guessed = run_import(people["jabar"], xlsx([row(judul="Rahasia kantor Kota Bandung", tanggal="14/02/2024")]))
    other = run_import(people["jabar"], xlsx([row(judul="Judul tebakan lain", tanggal="14/02/2024")]))
    assert (guessed.run.status, guessed.errors) == (other.run.status, other.errors) == (ImportStatus.COMMITTED, [])
    for run in ImportRun.objects.filter(created_by=people["jabar"]):
        assert f"#{secret.pk}" not in str(run.errors)
    owner = run_import(people["bandung"], xlsx([row(judul="Rahasia kantor Kota Bandung")]))
    assert owner.run.status == ImportStatus.REJECTED
    named = re.search(r"#(\d+)", owner.errors[0].message)
    jabar_copy = Incident.objects.get(created_by=people["jabar"], title="Rahasia kantor Kota Bandung")
    assert named is not None and int(named[1]) in (secret.pk, jabar_copy.pk)


def test_visible_duplicates_still_name_their_incident(people: dict[str, Any]) -> None:
    stored = create(people["bandung"], report(sensitivity="inter_agency", title="Bentrok terbuka"))
    outcome = run_import(people["jabar"], xlsx([row(judul="Bentrok terbuka")]))
    assert outcome.run.status == ImportStatus.REJECTED and f"#{stored.pk}" in outcome.errors[0].message
