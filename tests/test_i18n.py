"""Indonesian by default, English on request, and every user-facing string translated and compiled."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

LOCALE = Path(settings.PACKAGE_DIR) / "locale"


def _po_entries(path: Path) -> dict[str, tuple[str, bool]]:
    """msgid -> (msgstr, fuzzy) for singular entries of a .po file (plural forms use msgstr[0])."""
    entries: dict[str, tuple[str, bool]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        msgid = _joined(block, "msgid")
        msgstr = _joined(block, "msgstr") if "msgstr[" not in block else _joined(block, r"msgstr\[0\]")
        if msgid:
            entries[msgid] = (msgstr, fuzzy)
    return entries


def _joined(block: str, key: str) -> str:
    match = re.search(rf'^{key} ((?:".*"\n?)+)', block, re.MULTILINE)
    if not match:
        return ""
    return "".join(re.findall(r'"(.*)"', match.group(1)))


def test_every_indonesian_message_is_translated() -> None:
    entries = _po_entries(LOCALE / "id/LC_MESSAGES/django.po")
    untranslated = [msgid for msgid, (msgstr, fuzzy) in entries.items() if not msgstr or fuzzy]
    assert entries and not untranslated, f"untranslated or fuzzy: {untranslated[:20]}"


def test_compiled_catalogue_matches_the_po_file() -> None:
    with (LOCALE / "id/LC_MESSAGES/django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = _po_entries(LOCALE / "id/LC_MESSAGES/django.po")
    stale = [msgid for msgid, (msgstr, _) in entries.items()
             if "%(" not in msgid and "\\" not in msgid and compiled.gettext(msgid) != msgstr]  # fmt: skip
    assert not stale, f"run `make messages`: {stale[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_catalogue_holds_every_string_in_the_code(tmp_path: Path) -> None:
    """Re-extract the strings into a scratch copy: any string missing from the .po fails here."""
    copy = tmp_path / "waspada"
    shutil.copytree(settings.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("locale", "nlp", "__pycache__"))
    (copy / "locale").mkdir()
    env = {"DJANGO_SETTINGS_MODULE": "waspada.settings", "PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}
    command = [sys.executable, "-m", "django", "makemessages", "-l", "id", "--no-location"]
    subprocess.run(command, cwd=copy, check=True, capture_output=True, env=env)
    extracted = set(_po_entries(copy / "locale/id/LC_MESSAGES/django.po"))
    known = set(_po_entries(LOCALE / "id/LC_MESSAGES/django.po"))
    assert not extracted - known, f"run `make messages` and translate: {sorted(extracted - known)[:20]}"


def test_pages_are_indonesian_by_default_even_for_english_browsers(db: None) -> None:
    html = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in html and "Masuk" in html


def test_english_is_available_through_the_switcher(db: None) -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    html = client.get("/login/").content.decode()
    assert 'lang="en"' in html and "Sign in" in html


def test_api_errors_follow_the_language(user_client: Client, small_regions: object) -> None:
    assert "tidak ditemukan" in user_client.get("/api/v1/regions/99").json()["detail"]
