"""From the database to the arrays of waspada.analytics (docs/forecasts.md): daily incident counts per kab/kota
and type group in one grouped query, the calendar per origin (one look-up per group of regions that share their
elections), the index per origin from the runs, the neighbours and populations. No per-region queries.

History sources (`source`): "" (default) every record except demo ones and synthetic history; "waspada" the
records typed or imported into Waspada itself (no dataset); a dataset name (acled, ucdp, snpk, synthetic) only
that dataset's records.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from waspada.alerts.signals import VERIFIED, WEIGHTS
from waspada.analytics.features import (
    CATEGORIES,
    GROUPS,
    History,
    OriginExtras,
    feature_matrix,
    group_of,
)
from waspada.analytics.target import SERIOUS_SEVERITY, VIOLENT_TYPES, labels
from waspada.core.errors import DomainError
from waspada.elections.selectors import Calendar
from waspada.incidents.models import Incident
from waspada.incidents.models.incident import ExternalSource
from waspada.regions.models import KABKOTA_LEVELS, Region
from waspada.regions.selectors import neighbour_map
from waspada.risk.models import IndexRun, RegionScore, RunStatus

WASPADA_SOURCE = "waspada"
SOURCES = (WASPADA_SOURCE, *ExternalSource.values)
CAMPAIGN = frozenset({"kampanye"})
VOTING = frozenset({"masa_tenang", "pemungutan_suara", "penghitungan_suara"})
RECAPITULATION = frozenset({"rekapitulasi", "penetapan_hasil", "perselisihan_hasil", "psu"})


def check_source(source: str | None) -> str:
    source = (source or "").strip().lower()
    if source and source not in SOURCES:
        raise DomainError({"source": _("Unknown history source “%(value)s”; use one of: %(choices)s.")
                           % {"value": source, "choices": ", ".join(SOURCES)}})  # fmt: skip
    return source


def incidents_of(source: str) -> QuerySet[Incident]:
    """The records a source means (see the module docstring); only placed in a kab/kota."""
    rows = Incident.objects.exclude(kabkota_code="")
    if source == "":
        return rows.filter(is_demo=False).exclude(external_source=ExternalSource.SYNTHETIC)
    if source == WASPADA_SOURCE:
        return rows.filter(is_demo=False, external_source="")
    return rows.filter(external_source=source)


def span_of(source: str) -> tuple[dt.date, dt.date] | None:
    rows = incidents_of(source).filter(status__in=list(WEIGHTS))
    first = rows.order_by("occurred_on").values_list("occurred_on", flat=True).first()
    last = rows.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    return None if first is None or last is None else (first, last)


@dataclass
class Dataset:
    history: History
    regions: list[Region]

    def extras(self, origins: Sequence[int]) -> OriginExtras:
        return origin_extras(self.regions, [self.history.date_of(t) for t in origins])

    def rows(self, origins: Sequence[int], horizon: int) -> dict[str, np.ndarray]:
        """Everything the backtest and the fit need for these origins, origin-major."""
        count = len(self.regions)
        matrix = feature_matrix(self.history, origins, self.extras(origins))
        total = np.concatenate([np.zeros((count, 1)), np.cumsum(self.history.counts.sum(axis=0), axis=1)], axis=1)
        last = np.concatenate([total[:, t + 1] - total[:, max(t + 1 - horizon, 0)] for t in origins])
        return {"matrix": matrix, "y": labels(self.history.serious, origins, horizon),
                "origin": np.repeat(np.asarray(origins, dtype=int), count),
                "region": np.tile(np.arange(count), len(origins)), "last_period": last}  # fmt: skip


def load(source: str, start: dt.date, end: dt.date) -> Dataset:
    """Daily arrays over [start, end] for every active kab/kota (one grouped query for the incidents)."""
    regions = list(Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).order_by("code"))
    position = {region.code: i for i, region in enumerate(regions)}
    days = (end - start).days + 1
    counts = np.zeros((len(GROUPS), len(regions), days))
    context = np.zeros((len(regions), days))
    serious = np.zeros((len(regions), days))
    is_serious = Case(When(Q(severity__gte=SERIOUS_SEVERITY)
                           | Q(event_type_id__in=VIOLENT_TYPES) & (Q(dead__gt=0) | Q(injured__gt=0)),
                           then=Value(True)), default=Value(False), output_field=BooleanField())  # fmt: skip
    rows = (incidents_of(source).filter(occurred_on__gte=start, occurred_on__lte=end, status__in=list(WEIGHTS))
            .annotate(serious=is_serious)
            .values_list("kabkota_code", "occurred_on", "event_type_id", "is_context", "status", "serious")
            .annotate(n=Count("id")).order_by())  # fmt: skip
    groups: dict[str, int] = {}
    for code, when, event_type, is_context, status, is_bad, n in rows.iterator(chunk_size=10_000):
        r = position.get(code)
        if r is None:
            continue
        d = (when - start).days
        if is_bad and status in VERIFIED:
            serious[r, d] += n  # election-related or context: the target counts both (docs/forecasts.md)
        if is_context:
            context[r, d] += n
            continue
        g = groups.get(event_type)
        if g is None:
            g = groups[event_type] = group_of(event_type)
        counts[g, r, d] += WEIGHTS[status] * n
    near = neighbour_map("kabkota")
    neighbours = [[position[c] for c in near.get(region.code, []) if c in position] for region in regions]
    population = np.array([region.population or 0 for region in regions], dtype=float)
    history = History(start=start, regions=[r.code for r in regions], counts=counts, context=context,
                      serious=serious, population=population, neighbours=neighbours)  # fmt: skip
    return Dataset(history, regions)


def origin_extras(regions: list[Region], dates: Sequence[dt.date]) -> OriginExtras:
    """The calendar and the index per origin date and region."""
    extras = OriginExtras.empty(len(dates), len(regions))
    if not regions or not dates:
        return extras
    calendar = Calendar.load()
    # Regions that the same elections apply to share their stages: one look-up per group and date.
    signatures: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, region in enumerate(regions):
        signatures[tuple(e.code for e in calendar.elections if calendar.applies(e, region))].append(i)
    for members in signatures.values():
        for row, day in enumerate(dates):
            situation = calendar.at(regions[members[0]], day)
            ahead = [days for days in situation.days_to_voting.values() if days >= 0]
            tags = set(situation.tags)
            extras.days_to_voting[row, members] = min(ahead) if ahead else np.nan
            extras.campaign[row, members] = float(bool(tags & CAMPAIGN))
            extras.voting[row, members] = float(bool(tags & VOTING))
            extras.recapitulation[row, members] = float(bool(tags & RECAPITULATION))
    _index_extras(extras, regions, dates)
    return extras


def _index_extras(extras: OriginExtras, regions: list[Region], dates: Sequence[dt.date]) -> None:
    """The newest finished, non-demo index run on or before each date (the same the alerts read)."""
    runs = list(IndexRun.objects.filter(status=RunStatus.DONE, is_demo=False, as_of__lte=max(dates))
                .order_by("as_of", "id").values_list("id", "as_of"))  # fmt: skip
    if not runs:
        return
    position = {region.code: i for i, region in enumerate(regions)}
    by_run: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    scores = RegionScore.objects.filter(run_id__in=[run_id for run_id, _ in runs], level="kabkota")
    for run_id, code, composite, category in scores.values_list("run_id", "region_id", "composite", "category"):
        if run_id not in by_run:
            by_run[run_id] = (np.full(len(regions), np.nan), np.zeros(len(regions)))
        r = position.get(code)
        if r is not None and composite is not None:
            by_run[run_id][0][r] = composite
            by_run[run_id][1][r] = CATEGORIES.get(category, 0)
    for row, day in enumerate(dates):
        current = [run_id for run_id, as_of in runs if as_of <= day and run_id in by_run]
        if current:
            extras.index_score[row], extras.index_category[row] = by_run[current[-1]]
