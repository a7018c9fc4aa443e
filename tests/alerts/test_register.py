"""The risk and action register: scope (province sees its kab/kota, a kab/kota office only itself), the checks
that name the field and write nothing, the change history and audit, the pages and the meeting exports."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from waspada.alerts import register
from waspada.alerts.models import Alert, RiskEntry, RiskEntryChange
from waspada.core.audit.models import AuditEvent
from waspada.core.errors import DomainError
from waspada.incidents.models.taxonomy import EventType


def _client(user: Any, language: str = "id") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _data(owner: Any, **extra: Any) -> dict[str, Any]:
    return {"region": "32.73", "risk": "Mobilisasi massa saat rekapitulasi suara", "likelihood": 4, "impact": 5,
            "owner": owner.pk, "mitigation_kind": "forkopimda", "mitigation": "Rapat Forkopimda sebelum pleno",
            **extra}  # fmt: skip


@pytest.fixture
def entry(ew_world: dict[str, Any]) -> RiskEntry:
    return register.create(ew_world["bandung"], _data(ew_world["bandung"]))


def test_create_computes_the_rating_and_records_history_and_audit(entry: RiskEntry) -> None:
    assert (entry.rating, entry.province_code, entry.kabkota_code, entry.status) == (20, "32", "32.73", "identified")
    change = RiskEntryChange.objects.get(entry=entry)
    assert change.changes["likelihood"] == [None, 4] and change.changes["region"] == [None, "32.73"]
    assert AuditEvent.objects.filter(action="alerts.risk_create", object_id=str(entry.pk)).count() == 1


def test_update_keeps_only_what_changed(entry: RiskEntry, ew_world: dict[str, Any]) -> None:
    register.update(ew_world["jabar"], entry, {"impact": 2, "status": "mitigating"})
    entry.refresh_from_db()
    assert (entry.rating, entry.status) == (8, "mitigating")
    latest = entry.changes.first()
    assert latest is not None and latest.changes == {"impact": [5, 2], "status": ["identified", "mitigating"]}
    register.update(ew_world["jabar"], entry, {"impact": 2})  # nothing changed: nothing written
    assert entry.changes.count() == 2
    assert AuditEvent.objects.filter(action="alerts.risk_update").count() == 1


@pytest.mark.parametrize(("field", "value"), [("likelihood", 6), ("impact", 0), ("mitigation_kind", "doa"),
                                              ("category", "tidak_ada"), ("due_on", "besok"), ("risk", "  "),
                                              ("region", "32.73.01"), ("alert", 999)])  # fmt: skip
def test_bad_fields_are_named_and_nothing_is_written(ew_world: dict[str, Any], field: str, value: Any) -> None:
    with pytest.raises(DomainError) as refused:
        register.create(ew_world["bandung"], _data(ew_world["bandung"], **{field: value}))
    assert list(refused.value.errors) == [field] and refused.value.status == 422
    assert not RiskEntry.objects.exists() and not AuditEvent.objects.filter(action__startswith="alerts.risk").exists()


def test_closing_needs_an_outcome_and_sets_the_date(entry: RiskEntry, ew_world: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as refused:
        register.update(ew_world["bandung"], entry, {"status": "closed"})
    assert list(refused.value.errors) == ["outcome"]
    register.update(ew_world["bandung"], entry, {"status": "closed", "outcome": "Pleno berjalan damai"})
    entry.refresh_from_db()
    assert entry.closed_on is not None
    register.update(ew_world["bandung"], entry, {"status": "monitored"})
    entry.refresh_from_db()
    assert entry.closed_on is None


def test_scope_decides_who_sees_and_writes(entry: RiskEntry, ew_world: dict[str, Any]) -> None:
    assert register.get_entry(ew_world["jabar"], entry.pk) == entry  # the province sees its kab/kota
    assert register.get_entry(ew_world["nadmin"], entry.pk) == entry
    assert register.get_entry(ew_world["kabbandung"], entry.pk) is None  # another kab/kota does not
    with pytest.raises(DomainError) as refused:  # a kab/kota office cannot file a risk in its neighbour
        register.create(ew_world["kabbandung"], _data(ew_world["kabbandung"]))
    assert refused.value.status == 403 and list(refused.value.errors) == ["region"]
    with pytest.raises(DomainError) as refused:  # nor give it to someone who works elsewhere
        register.create(ew_world["jabar"], _data(ew_world["kabbandung"]))
    assert list(refused.value.errors) == ["owner"]
    with pytest.raises(DomainError) as refused:  # viewers read, never write
        register.create(ew_world["viewer"], _data(ew_world["bandung"]))
    assert refused.value.status == 403
    province = register.create(ew_world["jabar"], _data(ew_world["jabar"], region="32"))
    assert province.kabkota_code == "" and register.get_entry(ew_world["bandung"], province.pk) is None


def test_an_alert_of_the_same_region_links(alert: Alert, ew_world: dict[str, Any]) -> None:
    entry = register.create(ew_world["bandung"], _data(ew_world["bandung"], alert=alert.pk))
    assert entry.alert == alert
    with pytest.raises(DomainError) as refused:
        register.create(ew_world["kabbandung"], _data(ew_world["kabbandung"], region="32.04", alert=alert.pk))
    assert list(refused.value.errors) == ["alert"]


def test_the_pages_list_filter_create_and_edit(ew_world: dict[str, Any]) -> None:
    client = _client(ew_world["bandung"])
    form = client.get("/alerts/register/new/?region=32.73").content.decode()
    assert "Koordinasi dengan Forkopimda" in form and 'value="32.73" selected' in form
    bad = client.post("/alerts/register/new/", {**_data(ew_world["bandung"]), "likelihood": "9"})
    assert bad.status_code == 422 and "bilangan bulat dari 1 sampai 5" in bad.content.decode()
    assert not RiskEntry.objects.exists()
    done = client.post("/alerts/register/new/", _data(ew_world["bandung"], category=EventType.objects.first().pk))
    entry = RiskEntry.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/alerts/register/{entry.pk}/"
    listed = client.get("/alerts/register/").content.decode()
    assert "Mobilisasi massa" in listed and "Daftar Risiko dan Tindakan" in listed
    assert "Mobilisasi massa" not in client.get("/alerts/register/?kind=political_education").content.decode()
    assert "Mobilisasi massa" in client.get("/alerts/register/?band=extreme").content.decode()
    client.post(f"/alerts/register/{entry.pk}/edit/", {**_data(ew_world["bandung"]), "status": "mitigating"})
    page = client.get(f"/alerts/register/{entry.pk}/").content.decode()
    assert "Sedang dimitigasi" in page and "Riwayat" in page and "<del>Teridentifikasi</del>" not in page
    assert "identified" in page or "Teridentifikasi" in page or "mitigating" in page
    assert _client(ew_world["kabbandung"]).get(f"/alerts/register/{entry.pk}/").status_code == 404
    assert _client(ew_world["viewer"]).get("/alerts/register/new/").status_code == 403


def test_exports_for_the_meeting(entry: RiskEntry, ew_world: dict[str, Any]) -> None:
    client = _client(ew_world["jabar"])
    text = client.get("/alerts/register/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["No.", "Kode wilayah", "Wilayah"] and rows[1][1] == "32.73" and rows[1][7] == "20"
    book = load_workbook(io.BytesIO(client.get("/alerts/register/export.xlsx").content))
    sheet = book.worksheets[0]
    assert sheet.cell(2, 4).value.startswith("Mobilisasi") and sheet.cell(2, 11).value == "Koordinasi dengan Forkopimda"
    empty = _client(ew_world["kabbandung"]).get("/alerts/register/export.csv").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(empty)))) == 1  # another kab/kota: the headers only
