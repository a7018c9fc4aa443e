"""National admins browse, filter and export the audit trail; nobody else can."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.personas import client_for
from waspada.accounts.models import User
from waspada.core.audit import record

pytestmark = pytest.mark.django_db


def _trail(actor: User, n: int) -> None:
    for i in range(n):
        record(actor, "accounts.user.update" if i % 2 else "accounts.user.create", actor, None, {"i": i})


def test_list_filters_with_constant_queries(national_admin: User, province_officer: User) -> None:
    client = client_for(national_admin)
    _trail(province_officer, 3)
    client.get("/audit/")
    with CaptureQueriesContext(connection) as few:
        client.get("/audit/")
    _trail(province_officer, 60)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/audit/")
    assert len(many) == len(few) <= 8
    assert len(response.context["page"]) == 50
    filtered = client.get("/audit/?actor=province_officer&action=accounts.user.create")
    assert filtered.context["page"].paginator.count == 32
    assert client.get("/audit/?date_from=2024-13-01").context["errors"]["date_from"]


def test_export_csv_and_xlsx_of_the_filtered_set(national_admin: User, province_officer: User) -> None:
    _trail(province_officer, 4)
    client = client_for(national_admin)
    body = b"".join(client.get("/audit/export.csv?action=accounts.user.update").streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:4] == ["seq", "created_at", "actor_name", "action"] and len(rows) == 3
    book = load_workbook(io.BytesIO(client.get("/audit/export.xlsx").content))
    assert book.active.max_row == 1 + 7  # the regions import, 4 events and each export's own event
    assert client.get("/audit/?action=audit.export").context["page"].paginator.count == 2


def test_others_cannot_read_the_trail(province_officer: User) -> None:
    assert client_for(province_officer).get("/audit/").status_code == 403
    assert client_for(province_officer).get("/api/v1/audit/events").status_code == 403


def test_api_lists_events(national_admin: User) -> None:
    _trail(national_admin, 2)
    body = client_for(national_admin).get("/api/v1/audit/events?page_size=1").json()
    assert body["count"] == 3 and body["results"][0]["seq"] == 3 and body["next"]  # after the regions import
    assert client_for(national_admin).get("/api/v1/audit/events?date_to=x").status_code == 422


def test_admin_is_read_only_for_audit_and_national_only(national_admin: User, province_officer: User) -> None:
    _trail(national_admin, 1)
    admin_client = client_for(national_admin)
    assert admin_client.get("/admin/core/auditevent/").status_code == 200
    assert admin_client.get("/admin/core/auditevent/add/").status_code == 403
    assert admin_client.post("/admin/core/auditevent/1/delete/", {"post": "yes"}).status_code == 403
    province_officer.is_staff = True
    province_officer.save()
    assert client_for(province_officer).get("/admin/")["Location"].startswith("/admin/login/")


def test_exports_neutralise_spreadsheet_formulas() -> None:
    """The audit export's guard is the one writer helper every export uses (tests/core/test_spreadsheets.py)."""
    from waspada.core.spreadsheets.cells import csv_cell

    assert csv_cell('=HYPERLINK("http://x","y")') == "'=HYPERLINK(\"http://x\",\"y\")"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)" and csv_cell("-1+2") == "'-1+2"
    assert csv_cell("Kota Bandung") == "Kota Bandung" and csv_cell(7) == 7
