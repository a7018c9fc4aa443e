"""A province officer onboards its kab/kota offices from an XLSX file: row-level errors, all or nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tests.personas import client_for
from waspada.accounts.models import User
from waspada.core.audit import verify_chain
from waspada.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
HEADER = ["username", "email", "first_name", "last_name", "role", "region_code", "is_external"]


def xlsx(rows: list[list[object]], header: list[str] = HEADER) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("akun.xlsx", buffer.getvalue())


def test_template_download(province_officer: User) -> None:
    response = client_for(province_officer).get("/accounts/users/import/template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == HEADER
    assert {row[0] for row in book["roles"].iter_rows(min_row=2, values_only=True)} == {
        "kabkota_officer", "field_monitor", "viewer"}  # fmt: skip


def test_import_creates_every_account_and_one_event(province_officer: User,
                                                    django_capture_on_commit_callbacks: Any) -> None:
    upload = xlsx([["kesbangpol.kabbdg", "kab@bandungkab.go.id", "Asep", "", "kabkota_officer", "32.04", 0],
                   ["monitor.kota", "m@bandung.go.id", "", "", "field_monitor", 32.73, ""],
                   ["lsm.pemantau", "lsm@example.org", "", "", "viewer", "32", "1"]])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(province_officer).post("/accounts/users/import/", {"file": upload})
    assert response.status_code == 302
    created = User.objects.filter(username__in=["kesbangpol.kabbdg", "monitor.kota", "lsm.pemantau"])
    assert created.count() == 3
    assert User.objects.get(username="monitor.kota").scope_region_id == "32.73"  # typed as a number
    assert User.objects.get(username="lsm.pemantau").is_external
    event = AuditEvent.objects.exclude(action="regions.import").get()
    assert event.action == "accounts.user.import" and event.batch["counts"] == {"rows": 3, "created": 3}
    assert len(event.batch["checksum"]) == 64 and verify_chain().ok
    assert len(mail.outbox) == 3


def test_row_errors_change_nothing(province_officer: User) -> None:
    upload = xlsx([["ok.user", "ok@bandung.go.id", "", "", "kabkota_officer", "32.73", 0],
                   ["sby", "sby@surabaya.go.id", "", "", "kabkota_officer", "35.78", 0],
                   ["ghost", "g@x.go.id", "", "", "field_monitor", "99.99", 0],
                   ["boss", "b@x.go.id", "", "", "national_admin", "", 0],
                   ["ok.user", "not-an-email", "", "", "viewer", "32", "maybe"]])  # fmt: skip
    response = client_for(province_officer).post("/accounts/users/import/", {"file": upload})
    assert response.status_code == 422
    errors = {(e.row, e.column) for e in response.context["errors"]}
    assert {(2, "username"), (3, "region_code"), (4, "region_code"), (5, "role"), (6, "email"),
            (6, "is_external"), (6, "username")} <= errors  # fmt: skip
    assert "99.99" in response.content.decode()
    assert not User.objects.filter(username__in=["ok.user", "sby", "ghost", "boss"]).exists()
    assert not AuditEvent.objects.exclude(action="regions.import").exists() and not mail.outbox


def test_missing_column_is_named(province_officer: User) -> None:
    upload = xlsx([["a", "a@x.go.id", "kabkota_officer"]], header=["username", "email", "role"])
    response = client_for(province_officer).post("/accounts/users/import/", {"file": upload})
    assert response.status_code == 422
    assert [(e.row, e.column) for e in response.context["errors"]] == [(1, "region_code")]


def test_not_an_xlsx(province_officer: User) -> None:
    upload = SimpleUploadedFile("akun.xlsx", b"username,email\n")
    response = client_for(province_officer).post("/accounts/users/import/", {"file": upload})
    assert response.status_code == 422 and "XLSX" in response.context["errors"][0].message


def test_a_username_taken_between_check_and_write_is_a_clear_refusal(province_officer: User,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Two imports of the same username at once: the loser gets the file's error page, not a 500."""
    from waspada.accounts import imports

    checked = imports._validate_rows

    def check_then_lose_the_race(actor: Any, rows: Any) -> Any:
        result = checked(actor, rows)
        User.objects.create(username="kesbangpol.kota", role="viewer", scope_region_id="32")  # the other import
        return result

    monkeypatch.setattr(imports, "_validate_rows", check_then_lose_the_race)
    upload = xlsx([["kesbangpol.kota", "k@bandung.go.id", "", "", "kabkota_officer", "32.73", 0],
                   ["monitor.baru", "m2@bandung.go.id", "", "", "field_monitor", "32.73", 0]])  # fmt: skip
    response = client_for(province_officer).post("/accounts/users/import/", {"file": upload})
    assert response.status_code == 422
    assert "Impor berkas itu lagi" in response.content.decode()
    assert not User.objects.filter(username="monitor.baru").exists()
    assert not AuditEvent.objects.filter(action="accounts.user.import").exists()
