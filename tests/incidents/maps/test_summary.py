"""The summary: exact counts on the known incidents (conftest.py), what redaction lets count where, and the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.utils.http import urlencode


def _summary(client: Client, **params: str) -> dict[str, Any]:
    response = client.get("/api/v1/incidents/summary?" + urlencode(params))
    assert response.status_code == 200, response.content
    return response.json()


def _list_count(client: Client, **params: str) -> int:
    return int(client.get("/api/v1/incidents?" + urlencode(params)).json()["count"])


def test_province_summary_exact(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    data = _summary(client_for("jabar"))
    assert data == {
        "region": "32", "covers": "32", "total": 4,
        # The restricted items of Kota Bandung (#2) and Kabupaten Bandung (#4) count by type, stage, area and month...
        "by_type": {"violence_clash": 2, "money_politics": 1, "hoax_hate_speech": 1},
        # ... but not by severity or status, which are hidden from the province office: counted as redacted.
        "redacted": 2, "by_severity": {"1": 1, "3": 1}, "by_status": {"submitted": 2},
        "by_stage": {"perencanaan": 4, "pencalonan": 1, "kampanye": 1, "pemungutan_suara": 2,
                     "penghitungan_suara": 2},
        "by_area": {"32.04": 2, "32.73": 2},
        "monthly": {
            "months": ["2023-11", "2023-12", "2024-01", "2024-02"],
            "by_type": {"violence_clash": [0, 0, 0, 2], "money_politics": [0, 0, 0, 1],
                        "hoax_hate_speech": [1, 0, 0, 0]},
            # Each incident once per month: those in overlapping stages under the combination of their tags
            # (3 incidents in February, not the 8 a count per stage gave).
            "by_stage": {"perencanaan+pencalonan": [1, 0, 0, 0], "perencanaan+kampanye": [0, 0, 0, 1],
                         "perencanaan+pemungutan_suara+penghitungan_suara": [0, 0, 0, 2]},
        },
    }  # fmt: skip


def test_national_summary_exact(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    data = _summary(client_for("analyst"))
    assert (data["region"], data["covers"], data["total"], data["redacted"]) == (None, None, 6, 0)
    assert data["by_type"] == {"violence_clash": 2, "money_politics": 2, "hoax_hate_speech": 1, "other_election": 1}
    assert data["by_severity"] == {"1": 2, "2": 2, "3": 1, "4": 1}
    assert data["by_status"] == {"submitted": 6}
    assert data["by_area"] == {"31": 1, "32": 4}  # the unplaced report has no province yet
    assert data["by_stage"]["perencanaan"] == 6 and data["by_stage"]["rekapitulasi"] == 2
    assert data["monthly"]["months"][0] == "2023-11" and data["monthly"]["months"][-1] == "2024-03"
    assert data["monthly"]["by_type"]["money_politics"] == [0, 0, 0, 1, 1]


def test_kabkota_summary_and_filters(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    bandung = _summary(client_for("bandung"))
    assert (bandung["region"], bandung["total"], bandung["redacted"], bandung["by_area"]) == ("32.73", 2, 0, {})
    assert bandung["by_severity"] == {"2": 1, "3": 1}
    only = _summary(client_for("analyst"), region="32.04", type="violence_clash")
    assert (only["total"], only["by_severity"], only["by_type"]) == (1, {"4": 1}, {"violence_clash": 1})
    # A wider region than the scope: allowed, but the numbers (and `covers`) are the scope's.
    wider = _summary(client_for("bandung"), region="32")
    assert (wider["region"], wider["covers"], wider["total"]) == ("32", "32.73", 2)


def test_breakdowns_match_the_filtered_list(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    """Each number on the page links into the list with one more filter: the list must show exactly that many."""
    for role in ("analyst", "jabar", "bandung", "monitor", "viewer"):
        client = client_for(role)
        data = _summary(client)
        for key, param in (("by_type", "type"), ("by_severity", "severity"), ("by_status", "status"),
                           ("by_stage", "stage")):  # fmt: skip
            for code, count in data[key].items():
                assert _list_count(client, **{param: code}) == count, (role, key, code)
        assert _list_count(client) == data["total"]


def test_viewer_never_counts_restricted_items(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    data = _summary(client_for("viewer"))
    assert (data["total"], data["redacted"], data["by_type"]) == (1, 0, {"violence_clash": 1})


def test_summary_page(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    response = client_for("jabar").get("/incidents/summary/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jawa Barat" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="pygal-chart chart"') == 6
    assert "<script" not in html.split("<main>")[1]  # no script in the content: only htmx from the base
    assert 'href="/incidents/?type=violence_clash">2<' in html
    assert 'href="/incidents/summary/?region=32.73">2<' in html  # by kab/kota, into that kab/kota's summary
    assert re.search(r"Kekerasan dan bentrokan|Violence and clashes", html)
    assert "<details>" in html and "2023-11" in html  # the numbers behind the time series


def test_summary_page_gzip(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    response = client_for("analyst").get("/incidents/summary/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_summary_page_refuses_another_scope(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    response = client_for("bandung").get("/incidents/summary/?region=31.71")
    assert response.status_code == 403
    html = response.content.decode()
    assert "31.71" in html and "32.73" in html
    assert "Serangan fajar" not in html and "pygal-chart" not in html


def test_summary_page_bad_filter_shows_errors(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    response = client_for("analyst").get("/incidents/summary/?severity=9&type=money_politics")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="notice error"' in html and "Tingkat keparahan berupa angka 1 sampai 5." in html
    assert response.context["data"]["total"] == 6  # as the list: a bad filter set is not applied at all


def test_partial_scope_is_said(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    response = client_for("bandung").get("/incidents/summary/?region=32")
    assert response.status_code == 200
    assert response.context["area"].partial is True
    assert 'class="notice warning"' in response.content.decode()  # the shared notice box (issue 14)


def test_summary_queries_do_not_grow_with_rows(world: dict[str, Any], client_for: Callable[[str], Client],
                                               make_incident: Callable[..., Any],
                                               django_assert_max_num_queries: Any) -> None:  # fmt: skip
    client = client_for("jabar")
    client.get("/incidents/summary/")
    with django_assert_max_num_queries(24):
        client.get("/incidents/summary/")
    for n in range(6):
        make_incident("kabbandung", region="32.04", title=f"Tambahan {n}", event_type="money_politics",
                      event_subtype="", occurred_on=f"2024-0{n + 1}-05")  # fmt: skip
    with django_assert_max_num_queries(24):
        response = client.get("/incidents/summary/")
    assert response.context["data"]["total"] == 10


def test_long_runs_are_charted_by_year(db: None) -> None:
    from waspada.incidents.maps import pages

    months = [f"{year}-{month:02d}" for year in range(2015, 2025) for month in range(1, 13)]
    series = {"money_politics": [1] * len(months), "violence_clash": [0] * 119 + [5]}
    assert pages._periods(months[:60], {"x": [1] * 60}) == (months[:60], {"x": [1] * 60})  # five years: by month
    years, summed = pages._periods(months, series)
    assert years == [str(year) for year in range(2015, 2025)]
    assert summed == {"money_politics": [12] * 10, "violence_clash": [0] * 9 + [5]}
    chart = pages.time_series("Kejadian", months, series, {"money_politics": "Politik uang"}, "Lainnya")
    assert chart is not None and chart.periods == years and "Kejadian" in chart.title and chart.title != "Kejadian"
    assert chart.table[-1] == ("2024", [12, 5], 17)
