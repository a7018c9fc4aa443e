"""The forecast target (docs/forecasts.md, Target): does a kab/kota have at least one serious incident in the
`horizon` days after an origin date t, that is in (t, t + horizon]?

Serious: severity 4 or more, or a violent event (the taxonomy's violence types) with any dead or injured, whether
election-related or a context event of imported history: serious violence in a region is what an office must
prepare for whatever its cause, and imported datasets hold most of it as context. The caller counts serious
incidents per region and day; this module turns those counts into labels, never looking at the origin day itself
or before it (those days belong to the features).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

HORIZONS = (14, 30)
SERIOUS_SEVERITY = 4
VIOLENT_TYPES = frozenset({"violence_clash"})


def is_serious(event_type: str, severity: int, dead: int | None, injured: int | None) -> bool:
    """One incident: severity >= 4, or a violent type with casualties (unknown counts are not casualties)."""
    return severity >= SERIOUS_SEVERITY or (event_type in VIOLENT_TYPES and ((dead or 0) > 0 or (injured or 0) > 0))


def labels(serious: np.ndarray, origins: Sequence[int], horizon: int) -> np.ndarray:
    """Labels for every (origin, region), origin-major like features.feature_matrix: 1.0 when region r has a
    serious incident on a day in (t, t + horizon], 0.0 when not, NaN when that window runs past the data.

    serious: (regions, days) counts; origins: day indices into it."""
    if horizon < 1:
        raise ValueError("horizon must be at least one day")
    regions, days = serious.shape
    cumulative = np.zeros((regions, days + 1))
    np.cumsum(serious, axis=1, out=cumulative[:, 1:])
    out = np.full((len(origins), regions), np.nan)
    for row, t in enumerate(origins):
        if t + horizon <= days - 1:
            out[row] = (cumulative[:, t + horizon + 1] - cumulative[:, t + 1]) > 0
    return out.reshape(-1)
