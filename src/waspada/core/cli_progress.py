"""The progress bar of long command-line work (imports, the index, synthetic history): one bar on stderr whose count
restarts with each phase ("check", then "write"), shown only on a terminal and never beside JSON output."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm

Progress = Callable[[str, int, int], None]


@contextmanager
def phased_progress(unit: str, *, show: bool) -> Iterator[Progress]:
    """A callback `progress(phase, done, total)` for the work inside the block; each new phase resets the count."""
    with tqdm(total=0, unit=unit, disable=not show, leave=False, file=sys.stderr) as bar:
        current = [""]

        def progress(phase: str, done: int, total: int) -> None:
            if current[0] != phase:
                current[0] = phase
                bar.reset(total=total)
                bar.set_description_str(phase)
            bar.n = done
            bar.refresh()

        yield progress
