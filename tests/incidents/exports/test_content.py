"""What a file holds: exactly the list's rows in the list's order, redaction, no informants, blurred points."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.incidents.exports.conftest import SECRETS
from waspada.incidents.exports.columns import CODES
from waspada.incidents.models import EventSubType, EventType, mappings_for
from waspada.incidents.selectors import IncidentFilter, incidents_for

ROLES = ("analyst", "jabar", "bandung", "monitor", "viewer")
FILTER_SETS: tuple[dict[str, str], ...] = (
    {}, {"region": "32"}, {"region": "32.73"}, {"type": "money_politics"}, {"sensitivity": "restricted"},
    {"date_from": "2024-02-01", "date_to": "2024-02-28"}, {"q": "bandung"}, {"severity_min": "3"},
    {"stage": "pemungutan_suara"},
)  # fmt: skip


def csv_rows(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def list_ids(user: Any, filters: dict[str, str]) -> list[int]:
    return list(incidents_for(user, IncidentFilter.parse(filters)).values_list("id", flat=True))


@pytest.mark.parametrize("role", ROLES)
def test_csv_rows_are_the_lists_rows_in_its_order(role: str, world: dict[str, Any], people: dict[str, Any],
                                                  export_file: Callable[..., Any]) -> None:  # fmt: skip
    for filters in FILTER_SETS:  # region 32 contains the 32.73 scopes: allowed, the rows are the scope's
        job, data = export_file(role, "csv", filters)
        expected = list_ids(people[role], filters)
        got = [int(row["id"]) for row in csv_rows(data)]
        assert got == expected, (role, filters)
        assert job.row_count == len(expected)


def test_the_lists_differ_by_role(world: dict[str, Any], people: dict[str, Any]) -> None:
    """The comparisons above mean something only if the roles see different rows."""
    seen = {role: set(list_ids(people[role], {})) for role in ROLES}
    assert seen["analyst"] == {incident.pk for incident in world.values()}
    assert world["surabaya"].pk not in seen["jabar"] and world["dki"].pk not in seen["jabar"]
    assert seen["bandung"] == {world[name].pk for name in ("bandung_point", "bandung_restricted", "monitor_public")}
    assert world["bandung_restricted"].pk not in seen["viewer"]


@pytest.mark.parametrize("fmt", ["xlsx", "geojson"])
@pytest.mark.parametrize("role", ["analyst", "jabar", "viewer"])
def test_xlsx_and_geojson_hold_the_same_rows(fmt: str, role: str, world: dict[str, Any], people: dict[str, Any],
                                             export_file: Callable[..., Any]) -> None:  # fmt: skip
    for filters in ({}, {"region": "32"}, {"type": "violence_clash"}):
        _job, data = export_file(role, fmt, filters)
        if fmt == "geojson":
            ids = [feature["id"] for feature in json.loads(data)["features"]]
        else:
            sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
            ids = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
        assert ids == list_ids(people[role], filters), (role, filters)


def test_restricted_rows_of_other_offices_are_redacted(world: dict[str, Any], export_file: Callable[..., Any]) -> None:
    _job, data = export_file("jabar", "csv")
    rows = {int(row["id"]): row for row in csv_rows(data)}
    for name in ("bandung_restricted", "kab_restricted"):  # owned by the kab/kota offices, not the province
        row = rows[world[name].pk]
        kept = {key: value for key, value in row.items() if value}
        assert kept == {"id": str(world[name].pk), "occurred_on": str(world[name].occurred_on),
                        "kabkota_code": world[name].kabkota_code, "kabkota_name": world[name].region.name,
                        "event_type": "violence_clash", "event_type_label": world[name].event_type.label_id,
                        "sensitivity": "restricted", "redacted": "true"}  # fmt: skip
    full = rows[world["bandung_point"].pk]
    assert full["redacted"] == "false" and full["title"] == world["bandung_point"].title
    assert "Rahasia" not in data.decode("utf-8-sig")
    # The owning office reads its own restricted item in full.
    _job, own = export_file("bandung", "csv")
    mine = {int(row["id"]): row for row in csv_rows(own)}[world["bandung_restricted"].pk]
    assert mine["redacted"] == "false" and mine["title"] == "Rahasia kantor Kota Bandung"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson"])
@pytest.mark.parametrize("role", ["nadmin", "analyst", "bandung"])
def test_informants_never_appear(fmt: str, role: str, world: dict[str, Any], export_file: Callable[..., Any]) -> None:
    _job, data = export_file(role, fmt)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data), read_only=True)
        text = "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for cell in row)  # fmt: skip
    else:
        text = data.decode("utf-8-sig")
    assert "Politik uang Cileunyi" in text or role == "bandung"  # the files do hold the rows' text
    for secret in SECRETS:
        assert secret not in text, (role, fmt, secret)
    assert "informant_name" not in text and "informant_contact" not in text


def test_source_kinds_without_informants(world: dict[str, Any], export_file: Callable[..., Any]) -> None:
    _job, data = export_file("analyst", "csv")
    row = {int(r["id"]): r for r in csv_rows(data)}[world["bandung_point"].pk]
    assert row["source_kinds"] == "fkdm;media" and row["corroboration"] == "2"


def test_viewers_get_the_blurred_point(world: dict[str, Any], export_file: Callable[..., Any]) -> None:
    pk = world["bandung_point"].pk
    _job, data = export_file("viewer", "csv")
    row = {int(r["id"]): r for r in csv_rows(data)}[pk]
    assert (row["latitude"], row["longitude"]) == ("-6.91", "107.57")
    _job, geo = export_file("viewer", "geojson")
    feature = next(f for f in json.loads(geo)["features"] if f["id"] == pk)
    assert feature["geometry"]["coordinates"] == [107.57, -6.91]
    _job, precise = export_file("bandung", "csv")
    row = {int(r["id"]): r for r in csv_rows(precise)}[pk]
    assert (row["latitude"], row["longitude"]) == ("-6.91234", "107.56789")


def test_csv_layout_and_full_row(world: dict[str, Any], export_file: Callable[..., Any]) -> None:
    _job, data = export_file("analyst", "csv", {"region": "32.73"})
    assert data.startswith(b"\xef\xbb\xbfid,occurred_on,")  # UTF-8 BOM, then the stable codes
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(header) == CODES
    incident = world["bandung_point"]
    row = {int(r["id"]): r for r in csv_rows(data)}[incident.pk]
    subtype = EventSubType.objects.get(event_type_id="violence_clash", code="supporter_clash")
    mapped = mappings_for(EventType.objects.get(code="violence_clash"), subtype)
    assert row["snpk_category"] == mapped["snpk_category"] == "konflik_pemilihan_jabatan"
    assert row["acled_event_type"] == (mapped["acled_event_type"] or "")
    assert row["acled_sub_event_type"] == (mapped["acled_sub_event_type"] or "")
    assert row["event_subtype"] == "supporter_clash" and row["event_subtype_label"] == subtype.label_id
    assert row["province_code"] == "32" and row["province_name"] == "Jawa Barat"
    assert row["kabkota_code"] == "32.73" and row["kabkota_name"] == "Kota Bandung"
    assert "pemungutan_suara" in row["stage_tags"].split(";") and row["election"] == "pemilu_2024"
    assert (row["injured"], row["dead"], row["severity"], row["status"]) == ("2", "", "3", "submitted")
    assert row["created_at"].endswith("+07:00") and row["is_demo"] == "false"


def test_xlsx_has_two_header_rows_and_the_filter_sheet(world: dict[str, Any], export_file: Callable[..., Any]) -> None:
    job, data = export_file("jabar", "xlsx", {"type": "violence_clash"})
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[1] == "Filter"
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A3"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == CODES and rows[1][0] == "ID" and len(rows) - 2 == job.row_count
    summary = {row[0]: row[1] for row in book["Filter"].iter_rows(values_only=True)}
    values = list(summary.values())
    assert "type = violence_clash" in values and job.row_count in values and "jabar" in values
    assert any(str(value).startswith("32 Jawa Barat") for value in values)


def test_xlsx_continues_on_further_sheets(world: dict[str, Any], export_file: Callable[..., Any],
                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from waspada.incidents.exports.writers import XlsxWriter

    monkeypatch.setattr(XlsxWriter, "rows_per_sheet", 3)
    job, data = export_file("analyst", "xlsx")
    book = load_workbook(io.BytesIO(data), read_only=True)
    data_sheets = [sheet for sheet in book.worksheets if sheet.title != "Filter"]
    assert len(data_sheets) == 3 and job.row_count == 7
    ids = [row[0] for sheet in data_sheets for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert ids == list_ids(job.user, {})


def test_geojson_is_a_feature_collection_with_centroids(world: dict[str, Any],
                                                        export_file: Callable[..., Any]) -> None:  # fmt: skip
    _job, data = export_file("analyst", "geojson", {"region": "32.73"})
    collection = json.loads(data)
    assert collection["type"] == "FeatureCollection" and collection["waspada"]["rows"] == 3
    by_id = {feature["id"]: feature for feature in collection["features"]}
    point = by_id[world["bandung_point"].pk]
    assert point["geometry"] == {"type": "Point", "coordinates": [107.56789, -6.91234]}
    assert point["properties"]["geometry_source"] == "point"
    centre = by_id[world["monitor_public"].pk]  # no point: Kota Bandung's centre (a square 107.5-107.65)
    assert centre["properties"]["geometry_source"] == "kabkota_centroid"
    assert centre["geometry"]["coordinates"] == [107.575, -6.925]
    assert centre["properties"]["latitude"] is None and centre["properties"]["stage_tags"]
