"""The comparison's scatter chart as plain SVG coordinates (no script, no chart library): one dot per region,
the edition's rank across, Waspada's rank down, the diagonal where both agree."""

from __future__ import annotations

from dataclasses import dataclass

from waspada.risk.compare import Pair

SIZE = 320  # the square plot, in SVG user units
MARGIN = 36


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    code: str
    name: str
    published_rank: float
    our_rank: float
    far: bool  # among the regions ranked most apart


def dots(pairs: list[Pair], far_codes: set[str]) -> list[Dot]:
    """Rank 1 (most vulnerable) at the top left on both axes."""
    if not pairs:
        return []
    top = max(len(pairs), 2)
    span = SIZE - 2 * MARGIN

    def place(rank: float) -> float:
        return round(MARGIN + (rank - 1) / (top - 1) * span, 1)

    return [Dot(place(p.published_rank), place(p.our_rank), p.code, p.name, p.published_rank, p.our_rank,
                p.code in far_codes) for p in pairs]  # fmt: skip
