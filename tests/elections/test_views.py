"""The timeline page, the per-region contest list and the current-stage badge on home and region pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import Client

from waspada.elections.models import StageTag

pytestmark = pytest.mark.usefixtures("calendar")


def test_pages_require_sign_in() -> None:
    for url in ("/elections/", "/elections/contests/31.71/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_timeline_shows_both_elections_as_bars(user_client: Client) -> None:
    response = user_client.get("/elections/")
    html = response.content.decode()
    assert response.status_code == 200
    chart = response.context["chart"]
    assert [g.election.code for g in chart.groups] == ["pemilu_2024", "pilkada_2024"]
    assert chart.start == dt.date(2022, 6, 1) and chart.end == dt.date(2025, 3, 1)
    assert html.count('class="tl-bar dated"') >= 30 and 'class="tl-bar not-held"' in html
    assert "Pemilihan Umum Serentak 2024" in html and "Masa kampanye" in html
    assert "<script" not in html.split("</header>")[1]  # no inline script (CSP)
    assert 'x="' in html and not any(f'x="{n},' in html for n in range(10))  # SVG numbers never localised


def test_timeline_marks_today_and_the_selected_date(user_client: Client) -> None:
    response = user_client.get("/elections/?region=91.71&date=2024-11-27")
    context = response.context
    assert context["situation"].tags == ["pemungutan_suara", "penghitungan_suara", "rekapitulasi"]
    assert context["zone"] == "Asia/Jayapura"
    assert [(c.region_id, c.kind) for c in context["contests"].covering] == [("91", "governor"), ("91.71", "mayor")]
    active = [row.stage.code for group in context["chart"].groups for row in group.rows if row.active]
    assert active == ["pemungutan_suara", "penghitungan_rekapitulasi"]
    html = response.content.decode()
    assert "tl-today" in html  # today is marked, on the axis or at its edge


def test_timeline_reports_bad_input(user_client: Client) -> None:
    response = user_client.get("/elections/?region=99.99&date=2024-13-01")
    assert response.status_code == 200
    assert set(response.context["errors"]) == {"region", "date"}


def test_contest_list_of_jakarta_unit_and_yogyakarta(user_client: Client) -> None:
    response = user_client.get("/elections/contests/31.71/")
    assert [(c.region_id, c.kind) for c in response.context["contests"].covering] == [("31", "governor")]
    response = user_client.get("/elections/contests/34/")
    assert response.context["contests"].covering == [] and len(response.context["contests"].within) == 5
    assert user_client.get("/elections/contests/99/").status_code == 404


def test_badge_template_tag() -> None:
    from waspada.regions.models import Region

    template = Template("{% load elections %}{% current_stage region on %}")
    html = template.render(Context({"region": Region.objects.get(code="31.71"), "on": dt.date(2024, 11, 23)}))
    assert "Kampanye" in html and "/elections/contests/31.71/" in html and "Daerah Khusus Ibukota Jakarta" in html
    yogyakarta = template.render(Context({"region": Region.objects.get(code="34"), "on": dt.date(2024, 11, 27)}))
    assert "Pemungutan suara" in yogyakarta and "5 di dalam wilayah ini" in yogyakarta
    national = Template("{% load elections %}{% current_stage %}").render(Context({}))
    assert "stage-badge" in national and "/elections/" in national


def test_badge_on_home_and_region_pages(user_client: Client) -> None:
    assert b"stage-badge" in user_client.get("/national/").content
    assert b'id="board-elections"' in user_client.get("/").content  # home: the situation board's stage block
    assert b"stage-badge" in user_client.get("/regions/31.71/").content


def test_timeline_defaults_to_the_users_scope_region(make_user: object) -> None:
    from waspada.regions.models import Region

    user = make_user(username="jayapura")  # type: ignore[operator]
    user.role, user.scope_region = "kabkota_officer", Region.objects.get(code="91.71")
    user.save()
    client = Client()
    client.force_login(user)
    context = client.get("/elections/").context
    assert context["region"].code == "91.71" and context["zone"] == "Asia/Jayapura"
    assert [(c.region_id, c.kind) for c in context["contests"].covering] == [("91", "governor"), ("91.71", "mayor")]


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("id", ["Mahkamah Konstitusi", "Data kalender pemilihan bawaan Waspada.", "perubahan kedua atas UU 1/2015"],
         ["no dispute was filed", "Source file", "Berkas sumber", "elections_2024.yaml", "second amendment"]),
        ("en", ["no dispute was filed", "Waspada's built-in election calendar data.", "second amendment of UU 1/2015"],
         ["perubahan kedua", "Source file", "elections_2024.yaml"]),
    ],
)  # fmt: skip
def test_stage_table_speaks_the_readers_language(
    user_client: Client, settings: object, language: str, shown: list[str], hidden: list[str]
) -> None:
    user_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # type: ignore[attr-defined]
    html = user_client.get("/elections/").content.decode()
    for text in shown:
        assert text in html, text
    for text in hidden:
        assert text not in html, text
    # Tags as words, sources named by their site or instrument: codes stay in data attributes only.
    tags = StageTag.objects.get(code="rekapitulasi"), StageTag.objects.get(code="penghitungan_suara")
    labels = [tag.label_id if language == "id" else tag.label_en for tag in tags]
    assert f'data-tags="rekapitulasi penghitungan_suara">{labels[0]}, {labels[1]}</td>' in html
    assert 'data-source="pemilu_schedule_rbg">rbg.id</a>' in html
    assert ">pemilu_schedule_rbg<" not in html and ">pemungutan_suara<" not in html
