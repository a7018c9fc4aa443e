"""The grants pages: the board and an agreement within scope, in Indonesian without English left over, the XLSX
export of the scope only, the import form refusing a wrong workbook, and a document upload."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from tests.personas import client_for
from tests.test_page_language import _catalogue, findings, visible_text
from waspada.elections.models import Election
from waspada.grants import services

D = dt.date


def _world(admin: Any) -> tuple[Any, Any]:
    inside = services.save_agreement(
        admin,
        services.AgreementInput(
            election="pilkada_2024",
            region="32.73",
            recipient="polri",
            signed_on=D(2024, 2, 1),
            amount_agreed=7_000_000,
            budget_prior_pct=30,
            budget_election_pct=70,
            budget_revised_apbd=True,
            problems=["pengamanan_tertinggal"],
        ),
    )
    services.record_payment(admin, inside, services.PaymentInput(1, D(2024, 2, 10), 2_800_000))
    outside = services.save_agreement(admin, services.AgreementInput(election="pilkada_2024", region="35.78",
                                                                     recipient="kpu"))  # fmt: skip
    return inside, outside


def test_board_and_agreement_in_scope_and_in_indonesian(pilkada: Election, national_admin: Any,
                                                        province_officer: Any) -> None:  # fmt: skip
    inside, outside = _world(national_admin)
    client = client_for(province_officer)
    english, indonesian = _catalogue()
    with translation.override("id"):
        board = client.get("/hibah/", HTTP_ACCEPT_LANGUAGE="id")
        page = client.get(f"/hibah/{inside.pk}/", HTTP_ACCEPT_LANGUAGE="id")
    assert board.status_code == 200 and page.status_code == 200
    text = board.content.decode()
    assert "KOTA BANDUNG" in text.upper() and "SURABAYA" not in text.upper()
    for response in (board, page):
        names = {province_officer.username}
        assert findings(visible_text(response.content.decode()), "id", english, names, frozenset(indonesian)) == []
    assert "Dianggarkan lewat APBD-Perubahan" in page.content.decode()  # a derived problem, labelled from the rules
    assert client.get(f"/hibah/{outside.pk}/").status_code == 404


def test_export_holds_only_the_scope_and_import_refuses_a_wrong_file(pilkada: Election, national_admin: Any,
                                                                    kabkota_officer: Any) -> None:  # fmt: skip
    _world(national_admin)
    client = client_for(kabkota_officer)
    export = client.get("/hibah/ekspor.xlsx")
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.content), read_only=True)
    regions = [row[1] for row in book["NPHD"].iter_rows(min_row=2, values_only=True)]
    assert regions == ["32.73"]
    refused = client.post("/hibah/impor/", {"file": SimpleUploadedFile("x.xlsx", b"bukan xlsx")})
    assert refused.status_code == 422 and b"import-errors" in refused.content


def test_document_upload_and_download(pilkada: Election, national_admin: Any, kabkota_officer: Any) -> None:
    inside, _outside = _world(national_admin)
    client = client_for(kabkota_officer)
    pdf = SimpleUploadedFile("nphd.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    answer = client.post(f"/hibah/{inside.pk}/", {"kind": "nphd", "file": pdf})
    assert answer.status_code == 302
    document = inside.documents.get()
    assert client.get(f"/hibah/dokumen/{document.pk}/").status_code == 200


def test_the_remembered_board_follows_every_write(pilkada: Election, national_admin: Any) -> None:
    inside, _outside = _world(national_admin)
    client = client_for(national_admin)
    before = client.get("/hibah/").content.decode()
    table = before[before.index('id="grants-table"') :]
    again = client.get("/hibah/").content.decode()
    assert again[again.index('id="grants-table"') :] == table  # the same answer while nothing changes
    services.record_payment(national_admin, inside, services.PaymentInput(2, D(2024, 6, 20), 4_200_000))
    after = client.get("/hibah/").content.decode()
    assert 'data-state="overdue"' in before and after.count('data-state="overdue"') < before.count(
        'data-state="overdue"'
    )
