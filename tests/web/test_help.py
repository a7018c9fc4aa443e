"""The "Help" link of every page opens the guide of the reader's role, rendered from the packaged Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.personas import client_for
from waspada.accounts.models import User
from waspada.web import guides

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "heading"),
    [("national_admin", "Panduan admin nasional"), ("national_analyst", "Panduan admin nasional"),
     ("province_officer", "Panduan petugas provinsi"), ("kabkota_officer", "Panduan petugas kabupaten/kota"),
     ("field_monitor", "Panduan petugas kabupaten/kota"), ("viewer", "Panduan petugas provinsi")],
)  # fmt: skip
def test_help_opens_the_guide_of_the_role(personas: dict[str, User], persona: str, heading: str) -> None:
    client = client_for(personas[persona])
    page = client.get("/national/").content.decode()
    assert '<a href="/help/">Bantuan</a>' in page
    html = client.get("/help/").content.decode()
    assert f"<h1>{heading}</h1>" in html and "<h2>Masuk" in html


def test_another_guide_and_an_unknown_one(personas: dict[str, User]) -> None:
    client = client_for(personas["kabkota_officer"])
    other = client.get("/help/?panduan=panduan-admin-nasional").content.decode()
    assert "<h1>Panduan admin nasional</h1>" in other and 'href="/help/"' in other
    assert client.get("/help/?panduan=../settings").status_code == 404
    assert client_for(None).get("/help/").status_code == 302  # signed-in readers only


def test_every_guide_ships_in_the_package_and_is_listed_in_docs() -> None:
    listing = (Path(__file__).resolve().parents[2] / "docs" / "guide" / "README.md").read_text(encoding="utf-8")
    for guide in guides.GUIDES:
        path = guides.FOLDER / f"{guide.slug}.md"
        assert path.read_text(encoding="utf-8").startswith(f"# {guide.title}\n")
        assert f"src/waspada/web/guides/{guide.slug}.md" in listing
        assert "<h2>" in guides.guide_html(guide.slug)
