"""Election cycles as data: entered by a national admin (form and XLSX), provisional until confirmed, never
overwritten by `waspada elections import`; the next cycle (elections_2029.yaml) counts down from today."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client
from django.utils import translation
from openpyxl import Workbook

from waspada.core.audit.models import AuditEvent
from waspada.elections import cycles
from waspada.elections.models import Election, ElectionOrigin, Stage
from waspada.elections.selectors import stages_at
from waspada.elections.services import ImportResult, import_elections
from waspada.regions.models import Region


@pytest.fixture
def admin(make_user: Any) -> Any:
    return make_user("admin-nasional", role="national_admin")


@pytest.fixture
def officer(make_user: Any) -> Any:
    return make_user("petugas-prov", role="province_officer", scope_region_id="32")


def _sheet(rows: list[list[Any]], header: tuple[str, ...] = cycles.SHEET_COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_never_overwrites_or_deletes_entered_cycles(
    calendar: ImportResult, domain_dir: Path, admin: Any
) -> None:
    pemilu = Election.objects.get(code="pemilu_2024")
    data = cycles.CycleInput(code="pemilu_2024", kind="pemilu", name_id="Pemilu 2024 (dikoreksi admin)")
    cycles.save_cycle(admin, data, election=pemilu)
    added = cycles.save_stage(admin, pemilu, cycles.StageInput(name_id="Tahapan tambahan", tag="kampanye",
                                                               start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 2)))
    psu = cycles.save_cycle(admin, cycles.CycleInput(code="psu_2027", kind="psu", name_id="PSU Kota Bandung",
                                                     regions=["32.73"], voting_day=dt.date(2027, 3, 3)))
    stages_before = set(pemilu.stages.values_list("code", "start", "end"))

    again = import_elections(domain_dir)
    call_command("elections", "import", "--domain-dir", str(domain_dir), stdout=io.StringIO(), stderr=io.StringIO())

    assert again.counts["kept_entered"] == ["pemilu_2024"]
    pemilu.refresh_from_db()
    assert pemilu.name_id == "Pemilu 2024 (dikoreksi admin)" and pemilu.origin == ElectionOrigin.ENTERED
    assert set(pemilu.stages.values_list("code", "start", "end")) == stages_before
    assert Stage.objects.filter(pk=added.pk).exists()
    assert Election.objects.filter(code=psu.code, origin=ElectionOrigin.ENTERED).exists()
    # The imported cycle beside it is still written by the file.
    assert Election.objects.get(code="pilkada_2024").origin == ElectionOrigin.IMPORTED


def test_an_entered_stage_reaches_incident_tagging(calendar: ImportResult, admin: Any) -> None:
    """Other processes reload the calendar when its version changes: a change by hand changes it too."""
    from waspada.elections.selectors import calendar_version
    from waspada.incidents.actions import stages

    before = calendar_version()
    psu = cycles.save_cycle(admin, cycles.CycleInput(code="psu_2027", kind="psu", name_id="PSU Kota Bandung",
                                                     regions=["32.73"]))  # fmt: skip
    cycles.save_stage(admin, psu, cycles.StageInput(name_id="Kampanye PSU", tag="kampanye",
                                                    start=dt.date(2027, 2, 1), end=dt.date(2027, 2, 20)))
    assert calendar_version() != before
    bandung, sambas = Region.objects.get(code="32.73"), Region.objects.get(code="61.01")
    assert stages.stage_situation(bandung, dt.date(2027, 2, 5)) == ("psu_2027", ["kampanye"])
    assert stages.stage_situation(sambas, dt.date(2027, 2, 5))[1] == ["luar_tahapan"]


def test_only_a_national_admin_enters_cycles(calendar: ImportResult, admin: Any, officer: Any) -> None:
    data = cycles.CycleInput(code="psu_2027", kind="psu", name_id="PSU", regions=["32.73"])
    with pytest.raises(cycles.CycleDenied):
        cycles.save_cycle(officer, data)
    assert not Election.objects.filter(code="psu_2027").exists()
    client = Client()
    client.force_login(officer)
    assert client.get("/elections/cycles/").status_code == 403
    client.force_login(admin)
    assert client.get("/elections/cycles/").status_code == 200


def test_form_creates_a_provisional_cycle_then_confirm_records_who(calendar: ImportResult, admin: Any) -> None:
    client = Client()
    client.force_login(admin)
    response = client.post("/elections/cycles/new/", {
        "code": "susulan_2027", "kind": "susulan", "name_id": "Pemilihan susulan Kabupaten Sambas",
        "regions": "61.01", "voting_day": "2027-04-07", "provisional": "on",
    })  # fmt: skip
    assert response.status_code == 302
    cycle = Election.objects.get(code="susulan_2027")
    assert cycle.provisional and cycle.origin == ElectionOrigin.ENTERED and cycle.confirmed_at is None
    bad = client.post("/elections/cycles/new/", {"code": "x", "kind": "psu", "name_id": "PSU", "regions": ""})
    assert bad.status_code == 200 and "code" in bad.context["form"].errors and "regions" in bad.context["form"].errors
    page = client.get("/elections/cycles/susulan_2027/", HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 200 and "Impor tahapan dari lembar kerja" in page.content.decode()
    sheet = client.get("/elections/cycles/stage-sheet.xlsx")
    header = cycles.read_stage_sheet(b"".join(sheet.streaming_content) if sheet.streaming else sheet.content)
    assert [data.tag for _row, data in header] == ["pemungutan_suara"]  # the template's example row is valid
    assert client.post("/elections/cycles/susulan_2027/confirm/").status_code == 302
    cycle.refresh_from_db()
    assert not cycle.provisional and cycle.confirmed_by == admin and cycle.confirmed_at is not None
    assert AuditEvent.objects.filter(action="elections.cycle_confirm", object_id="susulan_2027").exists()
    # Listed regions: the follow-up election applies in Sambas (and its parts), nowhere else.
    assert "susulan_2027" in stages_at(Region.objects.get(code="61.01"), dt.date(2027, 1, 1)).days_to_voting
    assert "susulan_2027" not in stages_at(Region.objects.get(code="61.71"), dt.date(2027, 1, 1)).days_to_voting


def test_stage_sheet_is_all_or_nothing_with_row_and_column_errors(calendar: ImportResult, admin: Any) -> None:
    cycle = cycles.save_cycle(admin, cycles.CycleInput(code="psu_2027", kind="psu", name_id="PSU", regions=["32"]))
    cycles.save_stage(admin, cycle, cycles.StageInput(name_id="Lama", tag="kampanye"))
    bad = _sheet([
        ["Kampanye PSU", "Re-vote campaign", "kampanye", dt.date(2027, 2, 1), dt.date(2027, 2, 20), ""],
        ["Pemungutan suara ulang", "", "Pemungutan Suara", "3 Maret", None, ""],
        ["Tanpa tag", "", "bukan_tag", "2027-03-05", "2027-03-01", ""],
    ])  # fmt: skip
    with pytest.raises(cycles.CycleError) as failure:
        cycles.import_stage_sheet(admin, cycle, bad)
    assert set(failure.value.errors) == {"baris 3, kolom start", "baris 4, kolom tag", "baris 4, kolom end"}
    with translation.override("en"), pytest.raises(cycles.CycleError) as failure:
        cycles.import_stage_sheet(admin, cycle, bad)
    assert set(failure.value.errors) == {"row 3, column start", "row 4, column tag", "row 4, column end"}
    assert list(cycle.stages.values_list("name_id", flat=True)) == ["Lama"]
    page = Client()
    page.force_login(admin)
    upload = io.BytesIO(bad)
    upload.name = "tahapan.xlsx"
    response = page.post("/elections/cycles/psu_2027/sheet/", {"file": upload})
    assert response.status_code == 422 and "baris 3, kolom start: " in response.content.decode()
    assert list(cycle.stages.values_list("name_id", flat=True)) == ["Lama"]

    good = _sheet([
        ["Kampanye PSU", "Re-vote campaign", "kampanye", dt.date(2027, 2, 1), dt.date(2027, 2, 20), ""],
        ["Pemungutan suara ulang", "", "pemungutan suara", "2027-03-03", "2027-03-03", "tanggal sementara"],
    ])  # fmt: skip
    client = Client()
    client.force_login(admin)
    upload = io.BytesIO(good)
    upload.name = "tahapan.xlsx"
    assert client.post("/elections/cycles/psu_2027/sheet/", {"file": upload}).status_code == 302
    stages = list(cycle.stages.order_by("position").values_list("name_id", "tag_id", "start"))
    assert stages == [("Kampanye PSU", "kampanye", dt.date(2027, 2, 1)),
                      ("Pemungutan suara ulang", "pemungutan_suara", dt.date(2027, 3, 3))]  # fmt: skip
    cycle.refresh_from_db()
    assert cycle.provisional
    missing = _sheet([["x"]], header=("name_en",))
    with pytest.raises(cycles.CycleError) as failure:
        cycles.import_stage_sheet(admin, cycle, missing)
    assert "name_id" in failure.value.errors["file"] and "tag" in failure.value.errors["file"]


def test_next_cycle_counts_down_in_december_2026(calendar_regions: None, full_domain_dir: Path,
                                                 user_client: Client) -> None:
    result = import_elections(full_domain_dir)
    assert {"pemilu_2029", "pilkada_2029"} <= set(result.counts["elections"])
    pemilu = Election.objects.get(code="pemilu_2029")
    assert pemilu.provisional and pemilu.source_note_id and pemilu.source_note_en
    bandung, day = Region.objects.get(code="32.73"), dt.date(2026, 12, 7)
    situation = stages_at(bandung, day)
    assert situation.outside
    assert [(s.election_id, s.start) for s in situation.upcoming] == [("pemilu_2029", dt.date(2027, 6, 14))]
    ahead = situation.next_voting
    assert ahead is not None and ahead[0].code == "pemilu_2029" and ahead[1] == (dt.date(2029, 2, 14) - day).days
    # The 2029 Pilkada covers the regions the 2024 rules give: Bandung yes.
    assert "pilkada_2029" in situation.days_to_voting

    template = Template("{% load elections %}{% current_stage region on %}")
    with translation.override("id"):
        html = template.render(Context({"region": bandung, "on": day}))
    assert f"{ahead[1]} hari menuju hari pemungutan suara berikutnya (Pemilihan Umum 2029)" in html
    assert "Tahapan berikutnya" in html and "Perencanaan program dan anggaran (sementara)" in html
    assert "sementara" in html and "pemilu_2029" not in html and "perencanaan_program" not in html
    with translation.override("en"):
        html = template.render(Context({"region": bandung, "on": day}))
    assert f"{ahead[1]} days to the next voting day (2029 general election)" in html
    assert "Programme and budget planning (provisional)" in html
    page = user_client.get("/elections/?region=32.73&date=2026-12-07", HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Pemilihan Umum 2029" in text and "sementara" in text and "Tanggal sementara." in text
    body = user_client.get("/api/v1/elections/pilkada_2029").json()
    assert body["provisional"] is True and body["origin"] == "imported" and body["confirmed_at"] is None


def test_a_stage_note_kept_as_shown_stays_bilingual_a_new_one_is_free_text(
    calendar: ImportResult, admin: Any, client: Any
) -> None:
    pemilu = Election.objects.get(code="pemilu_2024")
    stage = Stage.objects.get(election=pemilu, code="perselisihan_hasil")
    english, indonesian = stage.note, stage.note_id
    with translation.override("id"):
        kept = cycles.StageInput(name_id=stage.name_id, tag=stage.tag_id, note=stage.note_text)
    cycles.save_stage(admin, pemilu, kept, stage=stage)
    stage.refresh_from_db()
    assert (stage.note, stage.note_id) == (english, indonesian)
    cycles.save_stage(admin, pemilu, cycles.StageInput(name_id=stage.name_id, tag=stage.tag_id,
                                                       note="Putusan dibacakan April 2024"), stage=stage)  # fmt: skip
    stage.refresh_from_db()
    assert (stage.note, stage.note_id) == ("Putusan dibacakan April 2024", "")
    for language in ("id", "en"):
        with translation.override(language):
            assert stage.note_text == "Putusan dibacakan April 2024"
    # The calendar says who wrote an entered cycle, never a file name.
    client.force_login(admin)
    html = client.get("/elections/").content.decode()
    assert "Dimasukkan oleh admin nasional." in html and "Data kalender pemilihan bawaan Waspada." in html
