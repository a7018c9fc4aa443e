"""Reference files stored plain or gzip-compressed: a reader asks for `X` and gets `X`, else `X.gz`.

The repository keeps its large reference files gzipped (data/README.md); a folder given in WASPADA_DATA_DIR
may hold them uncompressed (a newer edition, say). Where both exist the plain file wins. No Django here: the
NLP core and its scripts use this too.
"""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path
from typing import IO, Any, TextIO

import yaml

GZ = ".gz"
# The repository's data folder (src/waspada/datafiles.py -> the checkout), and its domain facts.
CHECKOUT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
CHECKOUT_DOMAIN_DIR = CHECKOUT_DATA_DIR / "domain"


def locate(path: str | os.PathLike[str]) -> Path:
    """`path` if it exists, else `path.gz` if that exists, else `path` (so a caller's error names the plain file)."""
    plain = Path(path)
    if plain.exists():
        return plain
    packed = plain.with_name(plain.name + GZ)
    return packed if packed.exists() else plain


def exists(path: str | os.PathLike[str]) -> bool:
    return locate(path).is_file()


def stored_relative(base: Path, relative: str) -> str:
    """The name, relative to `base`, under which `relative` is stored: `relative` or `relative.gz`."""
    return locate(base / relative).relative_to(base).as_posix()


def open_text(path: str | os.PathLike[str], newline: str | None = None) -> TextIO:
    """Open `path` (or `path.gz`) for reading UTF-8 text."""
    found = locate(path)
    if found.name.endswith(GZ):
        return io.TextIOWrapper(gzip.open(found, "rb"), encoding="utf-8", newline=newline)
    return found.open(encoding="utf-8", newline=newline)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The content of `path` (or of `path.gz`, decompressed)."""
    found = locate(path)
    raw = found.read_bytes()
    return gzip.decompress(raw) if found.name.endswith(GZ) else raw


def parse_yaml(text: str | bytes | IO[str]) -> Any:
    """YAML through libyaml's C parser when PyYAML has it: the domain files parse about ten times faster than with
    the pure-Python parser that `yaml.safe_load` uses, and every import and test set-up reads them."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, C or Python
