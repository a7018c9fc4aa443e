"""GET /api/v1/elections, /elections/{code}/stages, /elections/{code}/contests and /stages/at."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("calendar")


def test_api_needs_sign_in() -> None:
    for url in ("/api/v1/elections", "/api/v1/stages/at?region=91.71&date=2024-11-27"):
        response = Client().get(url)
        assert response.status_code == 401 and response.json()["detail"]


def test_list_elections(user_client: Client) -> None:
    body = user_client.get("/api/v1/elections").json()
    assert body["count"] == 2 and body["next"] is None
    pemilu, pilkada = body["results"]
    assert pemilu["code"] == "pemilu_2024" and pemilu["voting_day"] == "2024-02-14" and pemilu["stages"] == 20
    assert pilkada["expected_contests"] == {"governor": 37, "regent": 415, "mayor": 93}
    assert pilkada["contests"] == {"governor": 5, "mayor": 5, "regent": 6}
    assert pilkada["name_id"].startswith("Pemilihan Gubernur") and pilkada["applies_to"] == "contest_regions"


def test_stages_of_an_election(user_client: Client) -> None:
    body = user_client.get("/api/v1/elections/pemilu_2024/stages").json()
    assert body["count"] == 20
    stages = {stage["code"]: stage for stage in body["results"]}
    assert list(stages)[0] == "perencanaan_program_anggaran"
    registration = stages["pendaftaran_verifikasi_peserta"]
    assert registration["start"] == "2022-07-29" and registration["sources_disagree"] is True
    rbg = "https://rbg.id/politik/ini-jadwal-dan-tahapan-pemilu-2024"
    assert registration["sources"][0] == {"id": "pemilu_schedule_rbg", "url": rbg}
    runoff = stages["pemungutan_suara_putaran_2"]
    assert runoff["contingent"] is True and runoff["held"] is False and runoff["note_id"] == "(belum diverifikasi)"
    assert stages["penetapan_hasil"]["start"] is None and stages["penetapan_hasil"]["rule"]


def test_stage_names_follow_the_language(user_client: Client) -> None:
    english = user_client.get("/api/v1/elections/pilkada_2024/stages", HTTP_ACCEPT_LANGUAGE="en").json()
    names = {stage["code"]: stage["name"] for stage in english["results"]}
    assert names["masa_tenang"] in {"Quiet period", "Masa tenang"}  # the session may pin the language
    assert user_client.get("/api/v1/elections/nope/stages").status_code == 404


def test_contests_of_a_region(user_client: Client) -> None:
    body = user_client.get("/api/v1/elections/pilkada_2024/contests?region=31.71").json()
    assert [(c["region"], c["kind"]) for c in body["results"]] == [("31", "governor")]
    body = user_client.get("/api/v1/elections/pilkada_2024/contests?region=34.71.01").json()
    assert [(c["region"], c["kind"]) for c in body["results"]] == [("34.71", "mayor")]
    body = user_client.get("/api/v1/elections/pilkada_2024/contests?kind=regent&page_size=2").json()
    assert body["count"] == 6 and body["next"] and len(body["results"]) == 2
    bad = user_client.get("/api/v1/elections/pilkada_2024/contests?kind=president")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "kind"


def test_stage_at(user_client: Client) -> None:
    body = user_client.get("/api/v1/stages/at?region=91.71&date=2024-11-27").json()
    assert body["region"] == "91.71" and body["date"] == "2024-11-27"
    assert body["tags"] == ["pemungutan_suara", "penghitungan_suara", "rekapitulasi"]
    assert [s["code"] for s in body["stages"]] == ["pemungutan_suara", "penghitungan_rekapitulasi"]
    assert body["days_to_voting"] == {"pemilu_2024": -287, "pilkada_2024": 0}
    assert [s["code"] for s in body["possible_stages"]] == ["perselisihan_hasil"]  # start unknown, ends 2025-02-24
    outside = user_client.get("/api/v1/stages/at?region=31.71&date=2022-01-01").json()
    assert outside["tags"] == ["luar_tahapan"] and outside["stages"] == []


def test_stage_at_unknown_region_is_404_naming_it(user_client: Client) -> None:
    response = user_client.get("/api/v1/stages/at?region=99.99&date=2024-11-27")
    assert response.status_code == 404 and "99.99" in response.json()["detail"]


@pytest.mark.parametrize("date", ["27-11-2024", "2024-02-30", "20241127", ""])
def test_stage_at_bad_date_is_422_on_date(user_client: Client, date: str) -> None:
    response = user_client.get(f"/api/v1/stages/at?region=91.71&date={date}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "date"


def test_stage_at_missing_region_is_422(user_client: Client) -> None:
    response = user_client.get("/api/v1/stages/at?date=2024-11-27")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "region"
