"""The index pages (issue 17 item 4): map, breakdown, ranking, comparison; scope, empty state, bad parameters."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.personas import client_for
from tests.risk import factories_views as f
from waspada.monitoring.instruments import load_default

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_after() -> Iterator[None]:
    """A page asked for in English leaves English active in this thread (core's LanguageMiddleware activates,
    never resets): put the default back, so tests that run next write their texts in Indonesian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _client(personas: dict[str, Any], name: str, language: str = "id") -> Client:
    client = client_for(personas[name])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _scores(html: str) -> dict[str, Any]:
    found = re.search(r'<script id="index-scores" type="application/json">(.*?)</script>', html, re.DOTALL)
    assert found, "the map page carries no score table"
    return json.loads(found.group(1))


@pytest.fixture
def runs(personas: dict[str, Any]) -> tuple[Any, Any]:
    load_default(settings.DOMAIN_DIR)  # dimension names
    return f.two_runs()


# --- Before any computation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/index/", "/index/ranking/", "/index/compare/", "/index/regions/32.73/"])
def test_every_page_says_nothing_was_computed_yet(personas: dict[str, Any], path: str) -> None:
    admin = _client(personas, "national_admin").get(path)
    assert admin.status_code == 200
    text = admin.content.decode()
    assert 'id="index-empty"' in text and "waspada index compute" in text
    viewer = _client(personas, "viewer").get(path)
    assert viewer.status_code == 200 and "waspada index compute" not in viewer.content.decode()


@pytest.mark.parametrize("path", ["/index/export.csv", "/index/export.xlsx", "/index/map.png"])
def test_downloads_before_any_computation_are_a_404_sentence(personas: dict[str, Any], path: str) -> None:
    response = _client(personas, "national_admin").get(path)
    assert response.status_code == 404 and response["Content-Type"].startswith("text/plain")


def test_the_menu_links_the_index(personas: dict[str, Any]) -> None:
    page = _client(personas, "viewer").get("/index/").content.decode()
    assert 'href="/index/"' in page and "Indeks Kerawanan" in page


# --- The map ------------------------------------------------------------------------------------------------


def test_national_map_carries_every_kabkota_score_compactly(personas: dict[str, Any], runs: Any) -> None:
    first, second = runs
    response = _client(personas, "national_analyst").get("/index/")
    assert response.status_code == 200
    html = response.content.decode()
    data = _scores(html)
    assert data["dims"] == list(f.DIMS) and 'data-layer="composite"' in html
    assert data["bands"] == {"sedang": 30.0, "tinggi": 60.0}  # the method's thresholds
    assert set(data["rows"]) == {"31.71", "32.04", "32.73", "35.78"}
    assert data["rows"]["32.73"] == [64.5, "tinggi", 84.5, 64.5, 64.5, 44.5]
    assert "/regions/layers/national-kabkota" in html and "national-province" not in html  # one layer, not two
    assert f"?run={second.pk}" in html and "Tinggi" in html and "Tidak ada data" in html  # legend


def test_a_province_officer_sees_its_province_on_its_own_layer(personas: dict[str, Any], runs: Any) -> None:
    html = _client(personas, "province_officer").get("/index/").content.decode()
    assert set(_scores(html)["rows"]) == {"32.04", "32.73"}
    assert "/regions/layers/province-32" in html and 'data-domain="32"' in html


def test_a_kabkota_officer_sees_only_its_own_score(personas: dict[str, Any], runs: Any) -> None:
    html = _client(personas, "kabkota_officer").get("/index/").content.decode()
    assert set(_scores(html)["rows"]) == {"32.73"}


def test_province_level_date_and_dimension_choices(personas: dict[str, Any], runs: Any) -> None:
    first, _second = runs
    client = _client(personas, "national_admin")
    html = client.get("/index/?level=province&layer=kontestasi&date=2026-10-15").content.decode()
    data = _scores(html)
    assert set(data["rows"]) == {"31", "32", "35"} and 'data-layer="kontestasi"' in html
    assert data["rows"]["32"][0] == f.FIRST["32"]  # the computation of 1 October, the newest on 15 October
    assert "/regions/layers/national-province" in html and f'value="{first.pk}" selected' in html
    _first, second = runs  # the run list always sends its selection: a typed date beside it wins
    both = _scores(client.get(f"/index/?run={second.pk}&date=2026-10-15&level=province").content.decode())
    assert both["rows"]["32"][0] == f.FIRST["32"]


@pytest.mark.parametrize(("query", "field_text"), [
    ("level=desa", "Tingkat tidak dikenal"), ("run=999", "Tidak ada perhitungan selesai"),
    ("run=abc", "Tidak ada perhitungan selesai"), ("date=2026-13-01", "Bukan tanggal"),
    ("date=2020-01-01", "Tidak ada perhitungan pada atau sebelum"), ("layer=nothing", "Dimensi tidak dikenal"),
])  # fmt: skip
def test_bad_choices_are_named_and_fall_back(personas: dict[str, Any], runs: Any, query: str,
                                             field_text: str) -> None:  # fmt: skip
    response = _client(personas, "national_admin").get(f"/index/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert field_text in html and 'id="index-map"' in html  # the page still shows the default map


# --- A region's breakdown -----------------------------------------------------------------------------------


def test_breakdown_shows_score_change_reasons_contributions_and_history(personas: dict[str, Any],
                                                                        runs: Any) -> None:  # fmt: skip
    html = _client(personas, "kabkota_officer").get("/index/regions/32.73/").content.decode()
    assert "64,5" in html and "Tinggi" in html and "+14,5" in html  # composite, category, change (id format)
    assert "Jawaban bentrok berubah menjadi ya" in html and "Bentrok antarpendukung" in html
    assert "Konteks sosial dan politik" in html and "Keamanan" in html  # dimension, sub-dimension names
    assert html.count("<circle") == 2  # two computations in the history chart
    english = _client(personas, "kabkota_officer", "en").get("/index/regions/32.73/").content.decode()
    assert "The clashes answer changed to yes" in english and "Clashes between supporters" in english


@pytest.mark.parametrize(("persona", "code", "status"), [
    ("kabkota_officer", "32.04", 404), ("kabkota_officer", "35.78", 404), ("field_monitor", "32.04", 404),
    ("province_officer", "35.78", 404), ("province_officer", "32.04", 200), ("viewer", "35", 404),
    ("national_analyst", "35.78", 200), ("national_admin", "99.99", 404),
])  # fmt: skip
def test_breakdowns_outside_the_scope_are_not_found(personas: dict[str, Any], runs: Any, persona: str, code: str,
                                                    status: int) -> None:  # fmt: skip
    response = _client(personas, persona).get(f"/index/regions/{code}/")
    assert response.status_code == status
    if status == 404 and code in f.SECOND:
        assert str(f.SECOND.get(code, "")).replace(".", ",") not in response.content.decode()


def test_breakdown_of_an_earlier_computation(personas: dict[str, Any], runs: Any) -> None:
    first, _second = runs
    html = _client(personas, "national_admin").get(f"/index/regions/32.73/?run={first.pk}").content.decode()
    assert "50,0" in html and "Sedang" in html and "tidak ada perhitungan sebelumnya" in html


# --- Ranking and comparison ---------------------------------------------------------------------------------


def test_ranking_sorts_and_filters_within_the_scope(personas: dict[str, Any], runs: Any) -> None:
    client = _client(personas, "national_admin")
    html = client.get("/index/ranking/").content.decode()
    assert re.findall(r'data-code="([\d.]+)"', html) == ["35.78", "32.73", "32.04", "31.71"]  # rank order
    html = client.get("/index/ranking/?sort=index&province=32").content.decode()
    assert re.findall(r'data-code="([\d.]+)"', html) == ["32.04", "32.73"]  # ascending index, one province
    html = client.get("/index/ranking/?sort=-change").content.decode()
    assert re.findall(r'data-code="([\d.]+)"', html)[0] == "32.73"  # the biggest rise first
    officer = _client(personas, "province_officer").get("/index/ranking/?province=35").content.decode()
    assert re.findall(r'data-code="([\d.]+)"', officer) == ["32.73", "32.04"]  # a foreign province is ignored


def test_compare_two_computations(personas: dict[str, Any], runs: Any) -> None:
    first, second = runs
    html = _client(personas, "national_analyst").get("/index/compare/").content.decode()  # default: B and its previous
    risers = html.split('id="index-risers"')[1].split("</table>")[0]
    assert re.findall(r'data-code="([\d.]+)"', risers) == ["32.73", "31.71", "35.78"]
    fallers = html.split('id="index-fallers"')[1].split("</table>")[0]
    assert re.findall(r'data-code="([\d.]+)"', fallers) == ["32.04"]
    assert "1 wilayah berganti kategori" in html
    swapped = _client(personas, "national_analyst").get(f"/index/compare/?a={second.pk}&b={first.pk}")
    assert re.findall(r'data-code="([\d.]+)"', swapped.content.decode().split('id="index-fallers"')[1])[0] == "32.73"


def test_compare_respects_scope_and_names_bad_runs(personas: dict[str, Any], runs: Any) -> None:
    html = _client(personas, "kabkota_officer").get("/index/compare/").content.decode()
    every = html.split('id="index-diff"')[1]
    assert set(re.findall(r'data-code="([\d.]+)"', every)) == {"32.73"}
    bad = _client(personas, "national_admin").get("/index/compare/?a=12345")
    assert bad.status_code == 400 and "Tidak ada perhitungan selesai" in bad.content.decode()


def test_only_one_computation_has_nothing_to_compare(personas: dict[str, Any]) -> None:
    only = f.run(dt.date(2026, 11, 1))
    f.score(only, "32.73", 40.0)
    html = _client(personas, "national_admin").get("/index/compare/").content.decode()
    assert "Hanya ada satu perhitungan" in html


def test_the_map_data_cannot_close_its_script_element(personas: dict[str, Any], runs: Any) -> None:
    """The score table is written into the page by hand (maps.map_data, remembered per run): escaped as
    json_script escapes, so a dimension code with markup stays data."""
    _first, second = runs
    second.scores.filter(region_id="32.73").update(dimensions={"</script><b>x": 1.0, **dict.fromkeys(f.DIMS, 2.0)})
    html = _client(personas, "national_admin").get(f"/index/?run={second.pk}").content.decode()
    assert "</script><b>" not in html and "\\u003C/script\\u003E\\u003Cb\\u003Ex" in html
    assert "</script><b>x" in _scores(html)["dims"]
