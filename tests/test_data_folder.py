"""The repository's data/ folder: checksums of the files as stored, attribution beside every data folder, and
domain files that parse with every source id resolving (data/README.md, data/domain/README.md)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
DOMAIN = DATA / "domain"
PAPERWORK = {"README.md", "SOURCE.md", "SHA256SUMS"}
DOMAIN_FILES = ["taxonomy.yaml", "elections_2024.yaml", "elections_2029.yaml", "parties_2024.yaml", "regions.yaml",
                "ikp_2024.yaml", "grants_rules.yaml", "holidays.yaml", "instrument_default.yaml",
                "index_method.yaml", "education.yaml"]  # fmt: skip


def _is_licence(path: Path) -> bool:
    return path.name.upper().startswith(("LICENSE", "LICENCE"))


def _data_files() -> list[Path]:
    """Reference data files as stored: everything outside domain/ that is not paperwork or a licence."""
    return sorted(p for p in DATA.rglob("*") if p.is_file() and DOMAIN not in p.parents
                  and p.name not in PAPERWORK and not _is_licence(p))  # fmt: skip


def _listed() -> dict[str, str]:
    listed = {}
    for line in (DATA / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.strip().removeprefix("./")] = digest
    return listed


def test_sha256sums_match_the_stored_files() -> None:
    listed = _listed()
    assert listed, "data/SHA256SUMS is empty"
    for name, digest in listed.items():
        path = DATA / name
        assert path.is_file(), f"data/SHA256SUMS lists {name}, which is not in data/"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, f"data/{name}: checksum mismatch"


def test_every_data_file_is_listed_in_sha256sums() -> None:
    unlisted = sorted({p.relative_to(DATA).as_posix() for p in _data_files()} - set(_listed()))
    assert not unlisted, f"not in data/SHA256SUMS: {unlisted}"


def test_every_data_folder_has_its_source_and_licence() -> None:
    folders = {p.parent for p in _data_files()}
    assert {DATA / "regions", DATA / "boundaries", DATA / "nlp" / "nerp"} <= folders
    for folder in sorted(folders):
        where = folder.relative_to(DATA).as_posix()
        assert (folder / "SOURCE.md").is_file(), f"data/{where} has data files but no SOURCE.md"
        assert any(_is_licence(p) for p in folder.iterdir()), f"data/{where} has data files but no licence file"


def test_the_regions_source_names_the_decree() -> None:
    assert "Kepmendagri 300.2.2-2138/2025" in (DATA / "regions" / "SOURCE.md").read_text(encoding="utf-8")


def _cited(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(where, id) for every source id an entry cites: `source`, `sources`, `alt_source` or `*_sources`."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key in {"source", "alt_source"} and isinstance(value, str):
                yield here, value
            elif (key == "sources" or str(key).endswith("_sources")) and isinstance(value, list) and path:
                yield from ((here, str(v)) for v in value)
            else:
                yield from _cited(value, here)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _cited(value, f"{path}[{index}]")


@pytest.mark.parametrize("name", DOMAIN_FILES)
def test_domain_file_parses_and_every_source_id_resolves(name: str) -> None:
    document = yaml.safe_load((DOMAIN / name).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    assert document.get("about") and isinstance(document.get("version"), int) and document.get("updated")
    sources = document.get("sources")
    assert isinstance(sources, list) and sources, f"{name}: no sources list"
    ids = [item["id"] for item in sources]
    assert len(ids) == len(set(ids)), f"{name}: a source id appears twice"
    for item in sources:
        assert item.get("url") or item.get("ref"), f"{name}: source {item['id']} has neither url nor ref"
    cited = list(_cited({k: v for k, v in document.items() if k != "sources"}))
    assert cited, f"{name}: no entry cites a source"
    unknown = [(where, ident) for where, ident in cited if ident not in ids]
    assert not unknown, f"{name}: source ids not in its sources list: {unknown[:5]}"


def test_the_domain_folder_holds_only_described_files() -> None:
    present = sorted(p.name for p in DOMAIN.iterdir() if p.is_file())
    assert present == sorted([*DOMAIN_FILES, "README.md"])
