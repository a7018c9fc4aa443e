"""`waspada analyze`, `waspada nlp evaluate` and POST /api/v1/analyze use the imported regions."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from waspada.news.cli import run_nlp_command
from waspada.news.gazetteer import get_gazetteer
from waspada.nlp.cli import run_analyze

BANDUNG = "Bentrok pendukung di Bandung\n\nBANDUNG, KOMPAS.com - Dua kelompok pendukung bentrok di Kota Bandung."


def test_database_gazetteer_follows_the_imported_regions(small_regions: tuple[Path, Path]) -> None:
    gazetteer = get_gazetteer()
    assert gazetteer.place("32.73") is not None
    assert gazetteer.place("35.78") is None  # Surabaya is not in the small dataset


def test_analyze_command_uses_the_database_gazetteer(small_regions: tuple[Path, Path], tmp_path: Path) -> None:
    article = tmp_path / "berita.txt"
    article.write_text(BANDUNG, encoding="utf-8")
    out = io.StringIO()
    assert run_nlp_command(run_analyze, ["--json", str(article)], out) == 0
    result = json.loads(out.getvalue())
    assert result["main_location"]["code"] == "32.73"
    assert result["source"].endswith("berita.txt")


def test_analyze_bad_usage_exits_2() -> None:
    completed = subprocess.run([sys.executable, "-m", "waspada.cli", "analyze", "--published", "kemarin"],
                               capture_output=True, text=True, check=False)  # fmt: skip
    assert completed.returncode == 2


def test_nlp_unknown_action_exits_2() -> None:
    completed = subprocess.run([sys.executable, "-m", "waspada.cli", "nlp", "bogus"],
                               capture_output=True, text=True, check=False)  # fmt: skip
    assert completed.returncode == 2 and "evaluate" in completed.stderr


@pytest.mark.usefixtures("small_regions")
def test_api_analyze_returns_one_result_per_item(user_client: Client) -> None:
    items = [{"id": "a", "text": BANDUNG}, {"id": "b", "text": "Harga cabai naik menjelang akhir pekan."}]
    response = user_client.post("/api/v1/analyze", {"items": items}, content_type="application/json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == ["a", "b"]
    assert results[0]["main_location"]["code"] == "32.73" and results[1]["main_location"] is None


@pytest.mark.usefixtures("small_regions")
@pytest.mark.parametrize(("body", "field"), [({"items": []}, "items"), ({"items": [{"id": 1}]}, "items.0.text"),
                                             ({"items": [{"text": "x"}] * 101}, "items")])  # fmt: skip
def test_api_analyze_rejects_bad_bodies_naming_the_field(user_client: Client, body: dict, field: str) -> None:
    response = user_client.post("/api/v1/analyze", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_api_analyze_requires_sign_in(db: None) -> None:
    response = Client().post("/api/v1/analyze", {"items": [{"text": "x"}]}, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.usefixtures("small_regions")
def test_api_analyze_includes_the_event_analysis(user_client: Client) -> None:
    text = ("BANDUNG, KOMPAS.com - Dua kelompok pendukung pasangan calon bentrok di Kota Bandung, Selasa (26/11/2024). "
            "Tiga orang luka-luka dan polisi mengamankan lokasi.")  # fmt: skip
    item = {"id": "c", "text": text, "published_at": "2024-11-27"}
    result = user_client.post("/api/v1/analyze", {"items": [item]}, content_type="application/json").json()
    analysis = result["results"][0]
    assert analysis["relevant"] is True and analysis["model_version"]
    assert analysis["event_types"][0]["code"] == "violence_clash"
    assert analysis["casualties"] == {"dead": None, "injured": 3}
    assert analysis["event_date"] == "2024-11-26"


@pytest.mark.usefixtures("small_regions")
def test_api_analyze_is_rate_limited_per_user(user_client: Client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.WASPADA_ANALYZE_RATE = "3/m"
    body = {"items": [{"text": BANDUNG}]}
    answers = [user_client.post("/api/v1/analyze", body, content_type="application/json") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert int(refused["Retry-After"]) >= 1 and "detik" in refused.json()["detail"]  # Indonesian by default
    other = Client()
    other.force_login(make_user(username="analis-lain"))
    assert other.post("/api/v1/analyze", body, content_type="application/json").status_code == 200
