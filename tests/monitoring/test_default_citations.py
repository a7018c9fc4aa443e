"""The default instrument's citations of UU 7/2017 Pasal 434 name a part that exists: ayat (1) (help for the
election's smooth running) or ayat (2) with one of its huruf a-g (secretariat staff, secretariat rooms, socialising
the rules, voter political education, logistics transport, monitoring the smooth running, other needs)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.conf import settings

CITATION = re.compile(r"Pasal 434(?: ayat \((?P<ayat>\d+)\))?(?: huruf (?P<huruf>[a-z])(?: dan (?P<also>[a-z]))?)?")
HURUF_OF_AYAT_2 = set("abcdefg")


def _bases() -> list[tuple[str, str]]:
    data = yaml.safe_load((Path(settings.DOMAIN_DIR) / "instrument_default.yaml").read_text(encoding="utf-8"))
    return [(ind["code"], ind.get("basis", "")) for dim in data["dimensions"] for sub in dim["subdimensions"]
            for ind in sub["indicators"]]  # fmt: skip


def test_every_pasal_434_citation_names_an_existing_ayat_and_huruf() -> None:
    cited = 0
    for code, basis in _bases():
        for found in CITATION.finditer(basis):
            cited += 1
            ayat, huruf, also = found.group("ayat"), found.group("huruf"), found.group("also")
            assert ayat in {"1", "2"}, f"{code}: Pasal 434 has ayat (1) and (2) only: {basis}"
            if ayat == "2":
                assert huruf in HURUF_OF_AYAT_2, f"{code}: ayat (2) needs one of huruf a-g: {basis}"
                assert also is None or also in HURUF_OF_AYAT_2, f"{code}: {basis}"
            else:
                assert huruf is None, f"{code}: ayat (1) has no huruf: {basis}"
    assert cited >= 5


def test_security_is_not_cited_as_a_pasal_434_duty() -> None:
    for code, basis in _bases():
        if "Pasal 434" in basis:
            assert "keamanan" not in basis.lower() and "pengamanan" not in basis.lower(), f"{code}: {basis}"
