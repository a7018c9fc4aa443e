"""Spearman's rho against hand computations (ties included), the comparison of an edition with Waspada's index
in the user's scope, the pre-2022 Papua extent, and the pages in both languages."""

from __future__ import annotations

import math
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.risk import factories_i17board as f
from tests.test_page_language import _catalogue, findings, visible_text
from waspada.risk.compare import average_ranks, compare, spearman
from waspada.risk.models import Category, ReferenceEdition, ReferenceScore


def test_average_ranks_share_tied_places() -> None:
    assert average_ranks([8, 7, 7, 6, 5]) == [1, 2.5, 2.5, 4, 5]
    assert average_ranks([3, 3, 3]) == [2, 2, 2]


def test_spearman_with_ties_by_hand() -> None:
    # xs ranks (largest first) 5 4 3 2 1; ys 8 -> 1, the two 7s -> 2.5 each, 6 -> 4, 5 -> 5, so ry = 5 4 2.5 1 2.5.
    # Deviations from the mean rank 3: dx = 2 1 0 -1 -2, dy = 2 1 -0.5 -2 -0.5.
    # sum dx*dy = 4 + 1 + 0 + 2 + 1 = 8; sum dx^2 = 10; sum dy^2 = 4 + 1 + 0.25 + 4 + 0.25 = 9.5.
    rho = spearman([10, 20, 30, 40, 50], [5, 6, 7, 8, 7])
    assert rho == pytest.approx(8 / math.sqrt(95)) and round(rho, 4) == 0.8208  # type: ignore[arg-type]


def test_spearman_without_ties_meets_the_textbook_formula() -> None:
    # d = 0 1 1 0: 1 - 6 * 2 / (4 * (16 - 1)) = 0.8
    assert spearman([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 2], [1, 2]) is None  # too few
    assert spearman([1, 2, 3], [5, 5, 5]) is None  # no spread


def _edition(code: str = "ikp_test", figures: dict[str, float] | None = None, **details: Any) -> ReferenceEdition:
    edition = ReferenceEdition.objects.create(code=code, publisher="bawaslu", name="IKP uji", details=details,
                                              sources=[{"id": "one", "url": "https://example.org/one"}])  # fmt: skip
    for code_, value in (figures or {}).items():
        ReferenceScore.objects.create(edition=edition, region_id=code_, level="province", approach="provincial_input",
                                      score=value, category=f.category_of(value))  # fmt: skip
    return edition


@pytest.fixture
def provinces(personas: dict[str, Any]) -> None:
    for code, name in (("33", "Jawa Tengah"), ("34", "DI Yogyakarta")):
        f.region(code, name)


def test_compare_ranks_both_sides_and_finds_the_regions_most_apart(personas: dict[str, Any], provinces: None) -> None:
    edition = _edition(figures={"31": 88.0, "32": 77.0, "33": 35.0, "34": 43.0, "35": 15.0})
    run = f.run()
    for code, value in {"31": 20.0, "32": 70.0, "33": 40.0, "34": 45.0, "35": 10.0}.items():
        f.score(run, code, value)
    national = compare(edition, run, personas["national_analyst"])
    assert national.level == "province" and national.approach == "provincial_input" and national.basis == "score"
    # Published order 31 32 34 33 35, ours 32 34 33 31 35: d = 3 1 1 1 0, rho = 1 - 6*12/(5*24) = 0.4.
    assert national.rho == pytest.approx(0.4)
    assert [(p.code, p.gap) for p in national.disagreements] == [("31", -3.0), ("32", 1.0), ("33", 1.0), ("34", 1.0)]
    province = compare(edition, run, personas["province_officer"])  # Jawa Barat sees its own score only
    assert [p.code for p in province.pairs] == ["32"] and province.rho is None
    assert sorted(province.missing) == ["31", "33", "34", "35"]


def test_order_only_and_category_only_lists(personas: dict[str, Any], provinces: None) -> None:
    edition = _edition()
    for code, rank in (("31", 1), ("32", 2), ("33", 3)):
        ReferenceScore.objects.create(edition=edition, region_id=code, level="province", approach="kabkota_aggregate",
                                      rank=rank)  # fmt: skip
    for code, category in (("31", Category.TINGGI), ("32", Category.SEDANG), ("33", Category.SEDANG),
                           ("34", Category.RENDAH)):  # fmt: skip
        ReferenceScore.objects.create(edition=edition, region_id=code, level="province", approach="", category=category)
    run = f.run()
    for code, value in {"31": 60.0, "32": 50.0, "33": 40.0, "34": 30.0}.items():
        f.score(run, code, value)
    ranked = compare(edition, run, personas["national_admin"], "province", "kabkota_aggregate")
    assert ranked.basis == "rank" and ranked.rho == pytest.approx(1.0)
    classed = compare(edition, run, personas["national_admin"], "province", "")
    # Categories 3 2 2 1 -> ranks 1 2.5 2.5 4 against 1 2 3 4: rho = 4.5 / sqrt(4.5 * 5).
    assert classed.basis == "category" and classed.rho == pytest.approx(4.5 / math.sqrt(22.5))


def test_the_pre_2022_papua_meets_the_population_weighted_mean_of_its_extent(personas: dict[str, Any]) -> None:
    for code, population in (("91", 1_000), ("93", 1_000), ("94", 2_000), ("95", 0)):
        f.region(code, f"Provinsi {code}", population)
    edition = _edition("bawaslu_ikp_2024", {"91": 57.27, "32": 77.04, "35": 14.74},
                       pre_2022_extent={"91": ["91", "93", "94", "95"], "92": ["92", "96"]})  # fmt: skip
    run = f.run()
    for code, value in {"91": 40.0, "93": 10.0, "94": 70.0, "95": 99.0, "32": 60.0, "35": 20.0}.items():
        f.score(run, code, value)
    result = compare(edition, run, personas["national_admin"])
    papua = next(p for p in result.pairs if p.code == "91")
    assert papua.ours == pytest.approx((1_000 * 40 + 1_000 * 10 + 2_000 * 70 + 0 * 99) / 4_000)  # 47.5
    assert papua.extent == ["91", "93", "94", "95"]
    f.region("96", "Papua Barat Daya")
    assert "92" not in {p.code for p in result.pairs}  # not published here, and 92/96 are unscored


def _page_text(client: Client, url: str, language: str) -> tuple[str, list[str]]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    msgids, indonesian = _catalogue()
    return html, findings(visible_text(html), language, msgids, {"national_analyst"}, frozenset(indonesian))


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_pages_show_the_comparison_in_the_readers_language(personas: dict[str, Any], provinces: None,
                                                               language: str) -> None:  # fmt: skip
    edition = _edition(figures={"31": 88.0, "32": 77.0, "33": 35.0, "34": 43.0, "35": 15.0})
    _edition("empty_test")
    client = Client()
    client.force_login(personas["national_analyst"])
    html, problems = _page_text(client, "/index/references/", language)
    assert problems == [] and "IKP uji" in html and "https://example.org/one" in html
    html, problems = _page_text(client, f"/index/references/{edition.code}/", language)
    assert problems == []
    assert ("belum dihitung" if language == "id" else "has not been computed yet") in html
    run = f.run()
    for code, value in {"31": 20.0, "32": 70.0, "33": 40.0, "34": 45.0, "35": 10.0}.items():
        f.score(run, code, value)
    html, problems = _page_text(client, f"/index/references/{edition.code}/", language)
    assert problems == []
    assert ("Korelasi peringkat Spearman atas 5 wilayah: ρ = 0" if language == "id"
            else "Spearman rank correlation over 5 regions: ρ = 0.40") in html  # fmt: skip
    assert html.count("<circle") == 5 and 'class="far"' in html and "/index/regions/31/" in html
    html, problems = _page_text(client, "/index/references/empty_test/", language)  # an edition without figures
    assert problems == [] and "<circle" not in html
    assert client.get("/index/references/nothing/").status_code == 404


def test_the_api_lists_the_editions_with_their_lists_and_sources(personas: dict[str, Any]) -> None:
    _edition(figures={"31": 88.0, "32": 77.0})
    client = Client()
    client.force_login(personas["viewer"])
    body = client.get("/api/v1/index/references").json()
    assert body["count"] == 1
    edition = body["results"][0]
    assert edition["code"] == "ikp_test" and edition["page"] == "/index/references/ikp_test/"
    assert edition["lists"] == [{"level": "province", "approach": "provincial_input", "regions": 2}]
    assert edition["sources"] == [{"url": "https://example.org/one", "label": "example.org", "note": ""}]
    assert client.get("/api/v1/index/references?page=9").status_code == 422
