"""Helpers shared by management commands: progress bars that stay quiet off a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], *, enabled: bool, desc: str, total: int | None = None) -> Iterator[T]:
    """Wrap items in a tqdm bar when enabled and stderr is a terminal (docs/architecture.md, Command line)."""
    show = enabled and sys.stderr.isatty()
    yield from tqdm(items, desc=desc, total=total, disable=not show, unit="", leave=False)
