"""History import (issue 19): ACLED and UCDP exports as downloaded, placed in the small test regions.

Small regions (tests/regions/dataset.py): Kab. Bandung 32.04 (107.4-107.8 E, 7.2-6.8 S) with Kota Bandung 32.73
inside its corner (107.5-107.65 E, 7.0-6.85 S), Jakarta Pusat 31.71; provinces 31 and 32. Files are made by
tools/acled_export.py from ACLED's codebook, never copied rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tools.acled_export import EVENT_TYPES, Place, acled_rows, to_csv, to_xlsx
from waspada.incidents.errors import Invalid
from waspada.incidents.intake.datasets import classify
from waspada.incidents.intake.datasets.importer import import_history
from waspada.incidents.models import EventSubType, EventType, ImportRun, Incident, IncidentSource, Status

KOTA = Place("West Java", "Kota Bandung", "Sukasari", -6.9, 107.55)
KAB = Place("West Java", "Bandung", "Cileunyi", -7.1, 107.75)
JAKARTA = Place("Jakarta", "Central Jakarta", "Gambir", -6.2, 106.8)


def rows_at(places: list[Place], **changes: Any) -> list[dict[str, Any]]:
    rows = acled_rows(len(places), places, seed=3, start=dt.date(2019, 1, 1), end=dt.date(2023, 12, 31))
    for row, place in zip(rows, places, strict=True):  # acled_rows cycles the places from the second
        row.update(ADMIN1=place.admin1, ADMIN2=place.admin2, LOCATION=place.location, LATITUDE=place.lat,
                   LONGITUDE=place.lng, **changes)  # fmt: skip
    return rows


def run(user: Any, content: bytes, name: str = "acled.xlsx", source: str = "acled") -> Any:
    with translation.override("en"):
        return import_history(user, content, name, source)


@pytest.fixture
def nadmin(people: dict[str, Any]) -> Any:
    return people["nadmin"]


def test_an_xlsx_export_is_placed_by_point_nearest_and_names(nadmin: Any) -> None:
    rows = rows_at([KOTA, KAB, KAB, JAKARTA, KAB, KOTA, KAB, KAB])
    rows[2].update(LONGITUDE=107.83)  # 3 km east of Kab. Bandung's edge: the nearest kab/kota
    rows[3].update(LATITUDE=-5.0, LONGITUDE=105.0)  # at sea: "Central Jakarta" names Jakarta Pusat
    rows[4].update(LATITUDE="", LONGITUDE="")  # "Bandung" with no point: Kota or Kabupaten? Province only
    rows[5].update(LATITUDE="", LONGITUDE="")  # "Kota Bandung" says which
    rows[6].update(LATITUDE="", LONGITUDE="", ADMIN1="Atlantis", ADMIN2="Nowhere")
    rows[7].update(COUNTRY="Timor-Leste")
    outcome = run(nadmin, to_xlsx(rows))
    assert outcome.committed, outcome.errors
    result = outcome.as_json()
    assert (result["placed"], result["province_only"], result["refused"]) == (5, 1, 2)
    assert result["refused_reasons"] == {"not_indonesia": 1, "unplaced": 1}
    assert [(item["row"], item["reason"]) for item in result["refused_rows"]] == [(8, "unplaced"), (9, "not_indonesia")]
    placed = dict(Incident.objects.values_list("external_id", "place_code"))
    assert placed == {"IDN1": "32.73", "IDN2": "32.04", "IDN3": "32.04", "IDN4": "31.71", "IDN5": "32",
                      "IDN6": "32.73"}  # fmt: skip
    methods = {incident.external_id: incident.external_record["placement"] for incident in Incident.objects.all()}
    assert methods == {"IDN1": "point", "IDN2": "point", "IDN3": "nearest", "IDN4": "admin2",
                       "IDN5": "province_name", "IDN6": "admin2"}  # fmt: skip
    province_only = Incident.objects.get(external_id="IDN5")
    assert (province_only.region_id, province_only.province_code, province_only.kabkota_code) == (None, "32", "")
    assert province_only.status == Status.CLOSED
    assert IncidentSource.objects.filter(kind="other_system", name="ACLED").count() == 6
    stored = ImportRun.objects.get()
    assert (stored.kind, stored.dataset, stored.summary["placed"]) == ("events", "acled", 5)


def test_types_and_the_election_flag(nadmin: Any) -> None:
    rows = rows_at([KOTA] * 5)
    cases = [("Battles", "Armed clash", "Two armed groups exchanged fire.", ""),
             ("Violence against civilians", "", "Unknown men beat a voter near a polling station.", ""),
             ("Strategic developments", "Arrests", "Police detained a village head.", ""),
             ("Protests", "Peaceful protest", "Workers rallied for higher wages.", "crowd size=no report"),
             ("Riots", "Mob violence", "Supporters of rival candidates clashed.", "")]  # fmt: skip
    for row, (event_type, sub, notes, tags) in zip(rows, cases, strict=True):
        row.update(EVENT_TYPE=event_type, SUB_EVENT_TYPE=sub, NOTES=notes, TAGS=tags)
    outcome = run(nadmin, to_csv(rows), "acled.csv")
    assert outcome.committed, outcome.errors
    found = {i.external_id: (i.event_type_id, i.event_subtype.code if i.event_subtype else None, i.is_context)
             for i in Incident.objects.select_related("event_subtype")}  # fmt: skip
    assert found == {
        "IDN1": ("violence_clash", "armed_attack", True),
        "IDN2": ("violence_clash", None, False),  # "voter", "polling station"
        "IDN3": ("other_election", "unclassified", True),
        "IDN4": ("protest_demonstration", None, True),
        "IDN5": ("violence_clash", "riot", False),  # "candidates"
    }
    assert outcome.run.summary["context"] == 3


@pytest.mark.django_db
def test_every_codebook_pair_maps_to_a_known_type(reference: None) -> None:
    types = set(EventType.objects.values_list("code", flat=True))
    subtypes = set(EventSubType.objects.values_list("event_type_id", "code"))
    for event_type, (_disorder, subs) in EVENT_TYPES.items():
        for sub in ("", *subs):
            mapped = classify.acled(event_type, sub)
            assert mapped.event_type in types, (event_type, sub)
            assert mapped.event_subtype is None or (mapped.event_type, mapped.event_subtype) in subtypes


def test_a_newer_export_updates_instead_of_duplicating(nadmin: Any) -> None:
    rows = rows_at([KOTA, KAB, JAKARTA])
    assert run(nadmin, to_csv(rows), "acled.csv").committed
    again = run(nadmin, to_csv(rows, date_style="iso"), "acled-again.csv")
    assert (again.run.summary["created"], again.run.summary["unchanged"]) == (0, 3)
    rows[1].update(FATALITIES=4, NOTES="Corrected: four people were killed in a clash.")
    newer = run(nadmin, to_csv(rows), "acled-newer.csv")
    assert (newer.run.summary["created"], newer.run.summary["updated"]) == (0, 1)
    assert Incident.objects.count() == 3
    corrected = Incident.objects.get(external_id="IDN2")
    assert (corrected.dead, corrected.severity) == (4, 5)


def test_wrong_headers_refuse_the_file_naming_the_missing_columns(nadmin: Any) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["EVENT_ID_CNTY", "EVENT_DATE", "EVENT_TYPE", "NOTES"])
    writer.writerow(["IDN1", "2019-05-22", "Riots", "x"])
    outcome = run(nadmin, buffer.getvalue().encode(), "acled.csv")
    assert not outcome.committed
    message = outcome.errors[0].message
    assert "SUB_EVENT_TYPE" in message and "LATITUDE" in message and "FATALITIES" in message
    assert Incident.objects.count() == 0


def test_a_ucdp_file_offered_as_acled_is_named(nadmin: Any) -> None:
    outcome = run(nadmin, ucdp_csv([ucdp_row()]), "ged.csv")
    assert not outcome.committed
    assert "UCDP GED" in outcome.errors[0].message


def test_a_malformed_cell_refuses_the_whole_file(nadmin: Any) -> None:
    rows = rows_at([KOTA, KAB])
    content = to_csv(rows)
    text = content.decode().splitlines()
    cells = next(csv.reader([text[2]]))
    cells[1] = "32 Mayday 2019"
    text[2] = ",".join(f'"{cell}"' for cell in cells)
    outcome = run(nadmin, "\r\n".join(text).encode(), "acled.csv")
    assert not outcome.committed
    assert [(error.row, error.column) for error in outcome.errors] == [(3, "EVENT_DATE")]
    assert Incident.objects.count() == 0


def test_an_office_imports_its_own_scope_and_the_rest_is_refused(people: dict[str, Any]) -> None:
    outcome = run(people["bandung"], to_csv(rows_at([KOTA, KAB, JAKARTA])), "acled.csv")
    assert outcome.committed
    assert outcome.as_json()["refused_reasons"] == {"outside_scope": 2}
    assert list(Incident.objects.values_list("place_code", flat=True)) == ["32.73"]


def test_snpk_and_unknown_sources_are_refused_as_usage(nadmin: Any) -> None:
    for source in ("snpk", "gdelt"):
        with pytest.raises(Invalid):
            run(nadmin, b"x", "x.csv", source)


def ucdp_row(**changes: Any) -> dict[str, Any]:
    row = {"id": 501, "type_of_violence": 1, "side_a": "Government of Indonesia", "side_b": "OPM",
           "where_prec": 1, "adm_1": "West Java province", "adm_2": "Bandung regency", "latitude": -7.1,
           "longitude": 107.75, "country": "Indonesia", "date_prec": 1, "date_start": "2019-08-29 00:00:00.000",
           "date_end": "2019-08-29 00:00:00.000", "best": 2, "source_headline": "Clash reported"}  # fmt: skip
    row.update(changes)
    return row


def ucdp_csv(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_ucdp_ged_with_a_province_centroid_stays_at_province_level(nadmin: Any) -> None:
    rows = [ucdp_row(), ucdp_row(id=502, where_prec=4, latitude=-6.95, longitude=107.55, adm_2="")]
    outcome = run(nadmin, ucdp_csv(rows), "ged.csv", "ucdp")
    assert outcome.committed, outcome.errors
    placed = dict(Incident.objects.values_list("external_id", "place_code"))
    assert placed == {"501": "32.04", "502": "32"}  # the centroid lies in Kota Bandung, but means the province
    assert Incident.objects.get(external_id="501").dead == 2


def test_command_line_json_and_exit_codes(nadmin: Any, tmp_path: Any) -> None:
    path = tmp_path / "acled.xlsx"
    path.write_bytes(to_xlsx(rows_at([KOTA, KAB])))
    out = io.StringIO()
    call_command("history", "import", str(path), "--source", "acled", "--user", "nadmin", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert (result["placed"], result["province_only"], result["refused"]) == (2, 0, 0)
    assert result["import"]["status"] == "committed"
    with pytest.raises(CommandError) as refused:
        call_command("history", "import", str(path), "--source", "snpk", "--user", "nadmin", stdout=io.StringIO())
    assert refused.value.returncode == 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"EVENT_ID_CNTY\nIDN1\n")
    with pytest.raises(CommandError) as rejected:
        call_command("history", "import", str(bad), "--source", "acled", "--user", "nadmin", stdout=io.StringIO())
    assert rejected.value.returncode == 1


def test_the_page_imports_and_the_run_shows_what_was_placed(client_for: Any, people: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = client_for("jabar")
    assert client.get(reverse("incidents:import_history")).status_code == 200
    upload = SimpleUploadedFile("acled.csv", to_csv(rows_at([KOTA, KAB, JAKARTA])), content_type="text/csv")
    answer = client.post(reverse("incidents:import_history"), {"source": "acled", "file": upload})
    assert answer.status_code == 302
    page = client.get(answer["Location"])
    assert page.status_code == 200
    assert Incident.objects.count() == 2  # Jakarta is outside Jawa Barat's scope
    assert "IDN3" in page.content.decode()
    wrong = SimpleUploadedFile("acled.csv", b"EVENT_ID_CNTY\nIDN1\n", content_type="text/csv")
    refused = client.post(reverse("incidents:import_history"), {"source": "acled", "file": wrong})
    assert refused.status_code == 302
    assert "LATITUDE" in client.get(refused["Location"]).content.decode()


def test_pre_2022_papua_names_reach_todays_provinces(nadmin: Any) -> None:
    from waspada.regions.models import Level, Region

    def region(code: str, name: str, level: str, parent: str | None = None) -> None:
        Region.objects.create(code=code, name=name, level=level, parent_id=parent, province_code=code[:2],
                              kabkota_code=code if "." in code else "", decree="test", timezone="Asia/Jayapura",
                              search_name=name.lower())  # fmt: skip

    region("91", "Papua", Level.PROVINCE)
    region("95", "Papua Pegunungan", Level.PROVINCE)
    region("95.01", "Kabupaten Jayawijaya", Level.KABUPATEN, "95")
    rows = rows_at([KOTA, KOTA])
    rows[0].update(LATITUDE="", LONGITUDE="", ADMIN1="Papua", ADMIN2="Jayawijaya", EVENT_DATE=dt.date(2019, 8, 29))
    rows[1].update(LATITUDE="", LONGITUDE="", ADMIN1="Papua", ADMIN2="")
    outcome = run(nadmin, to_csv(rows), "acled.csv")
    assert outcome.committed, outcome.errors
    assert dict(Incident.objects.values_list("external_id", "place_code")) == {"IDN1": "95.01", "IDN2": "91"}


def _written() -> dict[str, Any]:
    """What an ACLED import stored, as the database holds it (raw rows), with the ids and the clock left out:
    incidents by event id, their sources, stage links, first transitions and row links."""
    from django.db import connection

    def rows(sql: str) -> list[dict[str, Any]]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def clean(row: dict[str, Any], *dropped: str) -> dict[str, Any]:
        kept = {name: value for name, value in row.items() if name not in ("id", "incident_id", *dropped)}
        for name in dropped:  # the time of writing differs between the two imports; its form must not
            if name in ("created_at", "updated_at", "at"):
                kept[name + ":type"] = type(row[name]).__name__
        return kept

    def linked(table: str, *dropped: str) -> list[dict[str, Any]]:
        found = rows(f"SELECT i.external_id AS event, t.* FROM {table} t JOIN incidents_incident i "  # noqa: S608
                     "ON i.id = t.incident_id WHERE i.external_source = 'acled' "
                     "ORDER BY i.external_id, t.id")  # fmt: skip
        for row in found:
            if "comment" in row:  # names the import run
                row["comment"] = row["comment"].split("(import #")[0]
        return [clean(row, *dropped) for row in found]

    incidents = rows("SELECT * FROM incidents_incident WHERE external_source = 'acled' ORDER BY external_id")
    return {
        "incidents": [clean(row, "created_at", "updated_at") for row in incidents],
        "sources": linked("incidents_incidentsource", "created_at"),
        "stages": sorted(linked("incidents_incidentstage"), key=lambda row: (row["event"], row["tag_id"])),
        "transitions": linked("incidents_transition", "at"),
        "row_links": linked("incidents_importedrow", "run_id"),
    }


def test_the_straight_inserts_write_what_bulk_create_writes(nadmin: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """store._insert writes rows itself for speed; the same file through Django's bulk_create gives the same rows."""
    from waspada.incidents.intake.datasets import store

    rows = rows_at([KOTA, KAB, KAB, JAKARTA, KAB, KOTA, KAB, KOTA, JAKARTA, KAB])
    rows[2].update(LONGITUDE=107.83)  # nearest kab/kota
    rows[3].update(LATITUDE=-5.0, LONGITUDE=105.0)  # placed by name, no usable point
    rows[4].update(LATITUDE="", LONGITUDE="")  # province only: no region, no point
    rows[6].update(NOTES="Unknown men beat a voter near a polling station.", FATALITIES=2)  # election-related
    content = to_xlsx(rows)
    assert run(nadmin, content).committed
    fast = _written()
    assert len(fast["incidents"]) == 10 and fast["stages"] and len(fast["row_links"]) == 10
    Incident.objects.filter(external_source="acled").delete()

    def bulk_create(model: Any, objs: Any) -> None:
        model.objects.bulk_create(objs)

    monkeypatch.setattr(store, "_insert", bulk_create)
    assert run(nadmin, content).committed
    assert _written() == fast
