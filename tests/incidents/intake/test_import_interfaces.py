"""The three ways to import: the web page (upload -> result page with the error table), the API (201 / 422 with
row and column in every entry) and the CLI (exit 0 / 1 with every error / 2 on bad usage)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from tests.incidents.intake.import_support import counts, row, xlsx
from waspada.incidents.models import ImportRun, Incident

API = "/api/v1/incidents/imports"
BAD = [row(), row(judul="Kedua", luka=-1), row(judul="Ketiga", kode_wilayah="32.99")]


def upload(content: bytes, name: str = "laporan.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def test_web_upload_of_a_refused_file_shows_every_error(client_for: Callable[[str], Client]) -> None:
    client = english(client_for("bandung"))
    before = counts()
    response = client.post("/incidents/import/", {"kind": "incidents", "file": upload(xlsx(BAD))}, follow=True)
    run = ImportRun.objects.get()
    assert response.redirect_chain == [(f"/incidents/import/{run.pk}/", 302)] and response.status_code == 200
    html = response.content.decode()
    assert "2 problems; nothing was imported." in html
    assert "<td>3</td><td>luka</td><td>-1 is negative" in html
    assert "<td>4</td><td>kode wilayah</td><td>Unknown region code 32.99.</td>" in html
    assert counts() == (before[0], before[1], before[2] + 1)


def test_web_form_without_a_file_is_422(client_for: Callable[[str], Client]) -> None:
    response = client_for("bandung").post("/incidents/import/", {"kind": "incidents"})
    assert response.status_code == 422 and ImportRun.objects.count() == 0
    assert client_for("monitor").get("/incidents/import/").status_code == 403


def test_api_created_and_refused_shapes(client_for: Callable[[str], Client]) -> None:
    client = english(client_for("bandung"))
    created = client.post(API, {"kind": "incidents", "file": upload(xlsx([row()]))})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["rows_total"], body["rows_created"], body["error_count"]) == ("committed", 1, 1, 0)
    assert (
        body["office"] == "32.73"
        and body["created_by"] == "bandung"
        and body["url"] == f"/incidents/import/{body['id']}/"
    )
    refused = client.post(API, {"file": upload(xlsx(BAD), "buruk.xlsx")})
    assert refused.status_code == 422
    answer = refused.json()
    assert answer["detail"] == "buruk.xlsx was refused: 3 problems, nothing was imported."
    assert [(e["field"], e["row"], e["column"]) for e in answer["errors"]] == [
        ("row 2, judul", 2, "judul"),
        ("row 3, luka", 3, "luka"),
        ("row 4, kode wilayah", 4, "kode wilayah"),
    ]
    assert answer["errors"][0]["message"].startswith(f"Already stored as incident #{Incident.objects.get().pk}")
    assert answer["import"]["status"] == "rejected" and answer["import"]["error_count"] == 3
    detail = client.get(f"{API}/{answer['import']['id']}").json()
    assert detail["errors"][1] == {
        "field": "row 3, luka",
        "row": 3,
        "column": "luka",
        "message": "-1 is negative; counts are 0 or more (empty means unknown).",
    }
    bad_kind = client.post(API, {"kind": "users", "file": upload(xlsx([row()]))})
    assert bad_kind.status_code == 422 and bad_kind.json()["errors"][0]["field"] == "kind"
    assert Incident.objects.count() == 1


def test_api_refuses_roles_without_the_permission(client_for: Callable[[str], Client]) -> None:
    for name in ("monitor", "viewer", "analyst"):
        assert client_for(name).post(API, {"file": upload(xlsx([row()]))}).status_code == 403
    assert Client().get(API).status_code == 401 and Incident.objects.count() == 0


@pytest.fixture
def runs(people: dict[str, Any]) -> dict[str, int]:
    """One run per office: Kota Bandung, Kabupaten Bandung, Jawa Barat, DKI, national."""
    from tests.incidents.intake.import_support import run_import

    made = {}
    for name, region in (
        ("bandung", "32.73"),
        ("kabbandung", "32.04"),
        ("jabar", "32.73"),
        ("dki", "31.71"),
        ("nadmin", "31.71"),
    ):
        made[name] = run_import(
            people[name], xlsx([row(kode_wilayah=region, judul=f"Oleh {name}")]), f"{name}.xlsx"
        ).run.pk
    return made


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("bandung", ["bandung"]),
        ("kabbandung", ["kabbandung"]),
        ("jabar", ["jabar", "kabbandung", "bandung"]),
        ("dki", ["dki"]),
        ("nadmin", ["nadmin", "dki", "jabar", "kabbandung", "bandung"]),
    ],
)
def test_history_is_scoped_to_the_office(
    client_for: Callable[[str], Client], runs: dict[str, int], persona: str, sees: list[str]
) -> None:
    client = client_for(persona)
    listed = client.get(API).json()
    assert listed["count"] == len(sees) and [item["file_name"] for item in listed["results"]] == [
        f"{name}.xlsx" for name in sees
    ]  # newest first
    page = client.get("/incidents/import/").content.decode()
    assert all(f"{name}.xlsx" in page for name in sees)
    assert not any(f">{name}.xlsx<" in page for name in runs if name not in sees)
    for name, pk in runs.items():
        expected = 200 if name in sees else 404
        assert client.get(f"/incidents/import/{pk}/").status_code == expected
        assert client.get(f"{API}/{pk}").status_code == expected


def test_cli_exit_codes_and_output(people: dict[str, Any], tmp_path: Path, capsys: Any) -> None:
    good, bad = tmp_path / "baik.xlsx", tmp_path / "buruk.csv"
    good.write_bytes(xlsx([row()]))
    bad.write_bytes(b"tanggal;kode wilayah;jenis kejadian;judul;tingkat keparahan\n14/02/2024;32.04;x;A;7\n")
    with translation.override("en"):
        call_command("incidents", "import", str(good), "--user", "bandung", "--no-progress")
        assert "1 incidents from baik.xlsx" in capsys.readouterr().out
        with pytest.raises(CommandError) as refused:
            call_command("incidents", "import", str(bad), "--user", "bandung")
        assert refused.value.returncode == 1
        out = capsys.readouterr().out
        assert "row 2, kode wilayah: 32.04 is outside your scope." in out and "row 2, jenis kejadian:" in out
        assert "row 2, tingkat keparahan:" in out
        with pytest.raises(CommandError) as as_json:
            call_command("incidents", "import", str(bad), "--user", "jabar", "--json")
        result = json.loads(capsys.readouterr().out)
        assert as_json.value.returncode == 1 and result["import"]["status"] == "rejected"
        assert [(e["row"], e["column"]) for e in result["errors"]] == [(2, "jenis kejadian"), (2, "tingkat keparahan")]
        for args in (
            [str(tmp_path / "tidak-ada.xlsx"), "--user", "bandung"],
            [str(good), "--user", "siapa"],
            [str(good), "--user", "monitor"],
        ):
            with pytest.raises(CommandError) as usage:
                call_command("incidents", "import", *args)
            assert usage.value.returncode == 2, args
    assert Incident.objects.count() == 1 and ImportRun.objects.count() == 3
