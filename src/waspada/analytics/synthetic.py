"""A synthetic conflict history for tests, the demo and the backtest (issue 19, item 5; docs/history.md
"Synthetic history").

Framework-free: it takes plain data (the kab/kota with their population and province, neighbour pairs, the
elections with their stage windows, a seed, a date range and a target event count) and returns plain events.
The Django side (`waspada history synthesize`) hands it the regions, the adjacency and the calendar, and writes
the events as incidents with `external_source="synthetic"`.

The mechanism, one day at a time over every kab/kota (numpy, vectorised over regions):

    rate_i(t) = base * population_i ** POP_EXPONENT * risk_i * stage_i(t) * season(t) * flare_i(t) + excitation_i(t)

- `risk_i` is a latent log-normal per-region risk (times a log-normal per-province factor), drawn from the seed:
  some regions are persistently hotter than their population says (what a "long-run rate" baseline learns);
- `stage_i(t)` multiplies the rate in the stage windows of the elections that apply to the region: campaign,
  the voting week (voting day +- 3 days, quiet days included), recapitulation and the result dispute;
- `excitation_i(t)` is self-exciting contagion (a Hawkes process in discrete time): every event adds to its own
  region's and, shared out, to its neighbours' excitation, which decays by a factor each day (a few days'
  memory), so an event makes more events nearby in the following days (what "last period" partly learns);
- `flare_i(t)`: rare regional bursts (a kab/kota and its neighbours) lasting days to weeks, starting at random;
- `season(t)`: an optional mild yearly cycle.

The daily count of each region is Poisson with that rate; each event then gets a type and sub-type from the
taxonomy (election types weighted by the stage it falls in, context types such as armed clashes, riots and
protests otherwise), casualties and a severity 1-5. The base is calibrated so that the total comes near the
target count (one pilot run, then the real one with the same seed). A fixed seed gives identical output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace

import numpy as np

DEFAULT_SEED = 19
DEFAULT_START = dt.date(2017, 1, 1)
DEFAULT_END = dt.date(2025, 12, 31)
DEFAULT_EVENTS = 60_000
POP_EXPONENT = 0.7  # rates grow less than in proportion to population: small kab/kota are not silent

# Stage names carried by each event (the stage in force in its region that day; "" none).
CAMPAIGN, VOTING, RECAPITULATION, DISPUTE = "campaign", "voting", "recapitulation", "dispute"
STAGES = (CAMPAIGN, VOTING, RECAPITULATION, DISPUTE)
VOTING_WEEK_DAYS = 3  # the voting week: voting day +- this many days


@dataclass(frozen=True)
class RegionInfo:
    """A kab/kota: its Kepmendagri code (`32.73`), province code (`32`) and population."""

    code: str
    province: str
    population: int


@dataclass(frozen=True)
class ElectionWindow:
    """One election's stage windows, both ends inclusive; `regions` the kab/kota codes where it is held (a
    province code stands for all its kab/kota), None for everywhere (a Pemilu)."""

    code: str
    voting_day: dt.date
    campaign: tuple[dt.date, dt.date] | None = None
    recapitulation: tuple[dt.date, dt.date] | None = None
    dispute: tuple[dt.date, dt.date] | None = None
    regions: frozenset[str] | None = None
    kind: str = "pemilu"  # pemilu | pilkada


@dataclass(frozen=True)
class Params:
    """The generator's knobs (documented in docs/history.md); the defaults make the history the docs measure."""

    risk_sigma: float = 0.6  # log-normal sigma of the per-region latent risk
    province_sigma: float = 0.4  # log-normal sigma of the per-province factor
    stage_multipliers: Mapping[str, float] = field(
        default_factory=lambda: {CAMPAIGN: 1.8, VOTING: 4.0, RECAPITULATION: 2.2, DISPUTE: 1.6}
    )
    self_excitation: float = 0.1  # added to a region's own excitation per event
    neighbour_excitation: float = 0.15  # shared out among a region's neighbours per event
    decay: float = 0.65  # excitation kept from one day to the next (memory of a few days)
    flare_rate_per_year: float = 20.0  # flare-ups started per year nationwide
    flare_multiplier: tuple[float, float] = (3.0, 8.0)  # a flare's peak multiplier, drawn uniformly
    flare_days: tuple[int, int] = (5, 30)  # a flare's length, drawn uniformly
    seasonality: float = 0.1  # amplitude of the yearly cycle (0: none)
    # Share of election-related events (the rest are context events) by the stage in force.
    election_share: Mapping[str, float] = field(
        default_factory=lambda: {"": 0.2, CAMPAIGN: 0.65, VOTING: 0.85, RECAPITULATION: 0.75, DISPUTE: 0.65}
    )

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["stage_multipliers"] = dict(sorted(self.stage_multipliers.items()))
        data["election_share"] = dict(sorted(self.election_share.items()))
        return data


@dataclass(frozen=True)
class SyntheticEvent:
    """One generated event. `external_id` is unique within a history and stable for the same inputs."""

    external_id: str
    day: dt.date
    region: str  # kab/kota code
    province: str
    event_type: str
    event_subtype: str
    severity: int  # 1-5
    dead: int
    injured: int
    election_related: bool  # False: a context event (armed clash, riot, protest not about an election)
    stage: str  # the stage in force that day in the region ("" none)
    flare: bool  # inside a flare-up

    @property
    def serious(self) -> bool:
        """Issue 19's target: severity 4 or more, or violence with casualties."""
        return self.severity >= 4 or (self.event_type == "violence_clash" and self.dead + self.injured > 0)


@dataclass
class History:
    events: list[SyntheticEvent]
    key: str  # a digest of every input: the same key means the same events
    stats: dict[str, object]


# Type mixes: (event type, sub-type, weight). Election types by stage; context types outside the election.
ELECTION_MIX: dict[str, list[tuple[str, str, float]]] = {
    "": [
        ("organiser_integrity", "voter_list_problem", 3), ("asn_neutrality", "asn_partisan", 2),
        ("money_politics", "politicised_aid", 2), ("hoax_hate_speech", "hoax_candidate", 2),
        ("other_election", "candidate_eligibility", 2), ("protest_demonstration", "nomination_protest", 1),
        ("intimidation_threat", "threat_candidate_team", 1), ("vulnerability_warning", "rising_tension", 1),
    ],
    CAMPAIGN: [
        ("money_politics", "cash_for_votes", 4), ("property_destruction", "apk_damage", 4),
        ("hoax_hate_speech", "black_campaign", 3), ("asn_neutrality", "asn_partisan", 3),
        ("other_election", "campaign_rule_violation", 3), ("intimidation_threat", "threat_candidate_team", 2),
        ("sara_provocation", "identity_mobilisation", 2), ("violence_clash", "supporter_clash", 2),
        ("violence_clash", "assault_candidate_team", 1),
    ],
    VOTING: [
        ("money_politics", "dawn_attack", 4), ("logistics_disruption", "late_short_logistics", 3),
        ("organiser_integrity", "procedural_breach", 3), ("intimidation_threat", "threat_voter", 2),
        ("property_destruction", "election_logistics", 1), ("violence_clash", "assault_organiser", 1),
        ("violence_clash", "assault_voter_witness", 1), ("organiser_integrity", "vote_manipulation", 2),
    ],
    RECAPITULATION: [
        ("protest_demonstration", "result_protest", 4), ("organiser_integrity", "vote_manipulation", 3),
        ("dispute_result", "recount_retabulation", 2), ("property_destruction", "organiser_facility", 1),
        ("violence_clash", "riot", 1), ("intimidation_threat", "threat_organiser", 1),
    ],
    DISPUTE: [
        ("dispute_result", "result_dispute_mk", 4), ("protest_demonstration", "result_protest", 3),
        ("dispute_result", "psu_ordered", 1), ("violence_clash", "riot", 1),
        ("protest_demonstration", "organiser_office_protest", 1),
    ],
}  # fmt: skip
CONTEXT_MIX: list[tuple[str, str, float]] = [
    ("protest_demonstration", "mass_mobilisation", 5), ("protest_demonstration", "dispersed_protest", 2),
    ("violence_clash", "riot", 3), ("violence_clash", "armed_attack", 2), ("violence_clash", "", 3),
    ("property_destruction", "private_property", 2), ("intimidation_threat", "abduction_detention", 1),
]  # fmt: skip
DEFAULT_SEVERITY = {
    "violence_clash": 3, "intimidation_threat": 2, "money_politics": 2, "hoax_hate_speech": 1,
    "sara_provocation": 2, "property_destruction": 2, "protest_demonstration": 2, "organiser_integrity": 2,
    "asn_neutrality": 1, "logistics_disruption": 2, "dispute_result": 2, "vulnerability_warning": 1,
    "other_election": 1,
}  # fmt: skip
# Chance that a violent event has dead or injured (armed attacks more than clashes).
CASUALTY_CHANCE = {"armed_attack": 0.45, "riot": 0.3, "": 0.25}
DEFAULT_CASUALTY_CHANCE = 0.2

# Past cycles before the 2024 calendar in data/domain (public facts: KPU schedules). The Pilkada provinces are
# the ones that elected a governor that year; which kab/kota held a regent or mayor election in 2017, 2018 or
# 2020 is not in the reference data, so `past_elections` draws those (seeded) with the published counts.
PILKADA_2017_PROVINCES = frozenset({"11", "19", "31", "36", "75", "76", "92"})
PILKADA_2018_PROVINCES = frozenset({"12", "14", "16", "18", "32", "33", "35", "51", "52", "53", "61", "64", "73",
                                    "74", "81", "82", "91"})  # fmt: skip
PILKADA_2020_PROVINCES = frozenset({"13", "15", "17", "21", "62", "63", "65", "71", "72"})
PILKADA_KABKOTA_COUNTS = {"pilkada_2017": 94, "pilkada_2018": 154, "pilkada_2020": 261}


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def past_elections(regions: Sequence[RegionInfo], seed: int = DEFAULT_SEED) -> list[ElectionWindow]:
    """Pilkada 2017, 2018 and 2020 and Pemilu 2019 with their stage windows. The kab/kota of each Pilkada are
    the seeded partition of every kab/kota in the three cycles' published proportions (the cycles are
    disjoint: a region elects its head once in five years); the governors' provinces are the real ones."""
    codes = sorted(region.code for region in regions)
    order = np.random.default_rng([seed, 2017]).permutation(len(codes))
    total = sum(PILKADA_KABKOTA_COUNTS.values())
    groups: dict[str, set[str]] = {}
    start = 0
    for position, (name, count) in enumerate(PILKADA_KABKOTA_COUNTS.items()):
        size = len(codes) - start if position == len(PILKADA_KABKOTA_COUNTS) - 1 else round(len(codes) * count / total)
        groups[name] = {codes[i] for i in order[start : start + size]}
        start += size
    return [
        ElectionWindow("pilkada_2017", _d("2017-02-15"), (_d("2016-10-28"), _d("2017-02-11")),
                       (_d("2017-02-16"), _d("2017-03-02")), (_d("2017-03-03"), _d("2017-04-30")),
                       frozenset(groups["pilkada_2017"] | PILKADA_2017_PROVINCES), "pilkada"),
        ElectionWindow("pilkada_2018", _d("2018-06-27"), (_d("2018-02-15"), _d("2018-06-23")),
                       (_d("2018-06-28"), _d("2018-07-09")), (_d("2018-07-10"), _d("2018-09-30")),
                       frozenset(groups["pilkada_2018"] | PILKADA_2018_PROVINCES), "pilkada"),
        ElectionWindow("pemilu_2019", _d("2019-04-17"), (_d("2018-09-23"), _d("2019-04-13")),
                       (_d("2019-04-18"), _d("2019-05-22")), (_d("2019-05-23"), _d("2019-08-09")), None, "pemilu"),
        ElectionWindow("pilkada_2020", _d("2020-12-09"), (_d("2020-09-26"), _d("2020-12-05")),
                       (_d("2020-12-10"), _d("2020-12-26")), (_d("2020-12-27"), _d("2021-03-24")),
                       frozenset(groups["pilkada_2020"] | PILKADA_2020_PROVINCES), "pilkada"),
    ]  # fmt: skip


def _applies(window: ElectionWindow, region: RegionInfo) -> bool:
    return window.regions is None or region.code in window.regions or region.province in window.regions


def stage_calendar(
    regions: Sequence[RegionInfo], elections: Sequence[ElectionWindow], start: dt.date, end: dt.date
) -> np.ndarray:
    """days x regions array of stage indexes: 0 none, 1 + STAGES.index(stage) otherwise (where two elections'
    stages overlap, the stronger by rank: voting > recapitulation > campaign > dispute)."""
    days = (end - start).days + 1
    rank = {VOTING: 4, RECAPITULATION: 3, CAMPAIGN: 2, DISPUTE: 1}
    grid = np.zeros((days, len(regions)), dtype=np.int8)
    strength = np.zeros((days, len(regions)), dtype=np.int8)
    for window in elections:
        mask = np.array([_applies(window, region) for region in regions], dtype=bool)
        if not mask.any():
            continue
        spans = [
            (CAMPAIGN, window.campaign),
            (VOTING, (window.voting_day - dt.timedelta(days=VOTING_WEEK_DAYS),
                      window.voting_day + dt.timedelta(days=VOTING_WEEK_DAYS))),
            (RECAPITULATION, window.recapitulation),
            (DISPUTE, window.dispute),
        ]  # fmt: skip
        for stage, span in spans:
            if span is None:
                continue
            first, last = max((span[0] - start).days, 0), min((span[1] - start).days, days - 1)
            if first > last:
                continue
            block = strength[first : last + 1]
            stronger = (block < rank[stage]) & mask[None, :]
            block[stronger] = rank[stage]
            grid[first : last + 1][stronger] = 1 + STAGES.index(stage)
    return grid


def history_key(
    regions: Sequence[RegionInfo], neighbours: Iterable[tuple[str, str]], elections: Sequence[ElectionWindow],
    seed: int, start: dt.date, end: dt.date, target_events: int, params: Params,
) -> str:  # fmt: skip
    """A digest of every input: two runs with the same key produce the same events."""
    basis = {
        "regions": [(r.code, r.province, r.population) for r in sorted(regions, key=lambda r: r.code)],
        "neighbours": sorted({tuple(sorted(pair)) for pair in neighbours}),
        "elections": [(e.code, e.voting_day, e.campaign, e.recapitulation, e.dispute,
                       sorted(e.regions) if e.regions is not None else None) for e in elections],
        "seed": seed, "start": start, "end": end, "events": target_events, "params": params.as_dict(),
    }  # fmt: skip
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()[:10]


class _Simulator:
    def __init__(self, regions: Sequence[RegionInfo], neighbours: Iterable[tuple[str, str]],
                 elections: Sequence[ElectionWindow], seed: int, start: dt.date, end: dt.date,
                 params: Params) -> None:  # fmt: skip
        self.regions, self.seed, self.start, self.end, self.params = list(regions), seed, start, end, params
        self.days = (end - start).days + 1
        n = len(self.regions)
        index = {region.code: i for i, region in enumerate(self.regions)}
        # Neighbour matrix, each source's excitation shared out among its neighbours (columns sum to 1).
        adjacency = np.zeros((n, n))
        for a, b in neighbours:
            if a in index and b in index and a != b:
                adjacency[index[a], index[b]] = adjacency[index[b], index[a]] = 1.0
        degree = adjacency.sum(axis=0)
        self.spread = np.divide(adjacency, degree[None, :], out=np.zeros_like(adjacency), where=degree[None, :] > 0)
        self.adjacency = adjacency
        rng = np.random.default_rng([seed, 1])
        provinces = sorted({region.province for region in self.regions})
        province_factor = dict(zip(provinces, rng.lognormal(0.0, params.province_sigma, len(provinces)), strict=True))
        self.risk = rng.lognormal(0.0, params.risk_sigma, n) * np.array(
            [province_factor[region.province] for region in self.regions])  # fmt: skip
        population = np.array([max(region.population, 1) for region in self.regions], dtype=float)
        self.exposure = (population / 100_000) ** POP_EXPONENT * self.risk
        self.stage = stage_calendar(self.regions, elections, start, end)
        multipliers = np.array([1.0] + [params.stage_multipliers.get(stage, 1.0) for stage in STAGES])
        self.stage_factor = multipliers[self.stage]  # days x regions
        day_of_year = np.array([(start + dt.timedelta(days=d)).timetuple().tm_yday for d in range(self.days)])
        self.season = 1.0 + params.seasonality * np.sin(2 * math.pi * (day_of_year - 80) / 365.25)
        self.flare = self._flares(np.random.default_rng([seed, 2]))

    def _flares(self, rng: np.random.Generator) -> np.ndarray:
        """days x regions multiplier: 1 outside flare-ups; a flare peaks at once and fades linearly."""
        p = self.params
        factor = np.ones((self.days, len(self.regions)))
        starts = rng.poisson(p.flare_rate_per_year * self.days / 365.25)
        weights = self.exposure / self.exposure.sum()  # hot regions flare more often
        for _ in range(starts):
            first = int(rng.integers(0, self.days))
            centre = int(rng.choice(len(self.regions), p=weights))
            peak = rng.uniform(*p.flare_multiplier)
            length = int(rng.integers(p.flare_days[0], p.flare_days[1] + 1))
            area = np.flatnonzero(self.adjacency[centre]).tolist() + [centre]
            for offset in range(min(length, self.days - first)):
                level = 1.0 + (peak - 1.0) * (1.0 - offset / length)
                row = factor[first + offset]
                row[area] = np.maximum(row[area], level)
                row[centre] = max(row[centre], level * 1.3)
        return factor

    def background(self) -> np.ndarray:
        """days x regions: the rate without contagion, per unit of base."""
        return self.exposure[None, :] * self.stage_factor * self.season[:, None] * self.flare

    def counts(self, base: float) -> np.ndarray:
        """days x regions event counts with contagion (the same draws for the same seed and base)."""
        p = self.params
        rng = np.random.default_rng([self.seed, 3])
        background = self.background() * base
        excitation = np.zeros(len(self.regions))
        out = np.zeros((self.days, len(self.regions)), dtype=np.int32)
        for day in range(self.days):
            today = rng.poisson(background[day] + excitation)
            out[day] = today
            excitation *= p.decay
            hit = np.flatnonzero(today)
            if hit.size:
                excitation += p.self_excitation * today
                excitation += p.neighbour_excitation * (self.spread[:, hit] @ today[hit])
        return out


def _pick(rng: np.random.Generator, mix: Sequence[tuple[str, str, float]]) -> tuple[str, str]:
    weights = np.array([weight for _, _, weight in mix], dtype=float)
    chosen = mix[int(rng.choice(len(mix), p=weights / weights.sum()))]
    return chosen[0], chosen[1]


def generate(
    regions: Sequence[RegionInfo],
    neighbours: Iterable[tuple[str, str]],
    elections: Sequence[ElectionWindow],
    *,
    seed: int = DEFAULT_SEED,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    target_events: int = DEFAULT_EVENTS,
    params: Params | None = None,
) -> History:
    """The synthetic history: events sorted by day and region, ids `syn-<key>-<n>`. Raises ValueError on bad
    input (no regions, an empty range, a negative target)."""
    params = params or Params()
    pairs = list(neighbours)
    if not regions:
        raise ValueError("no regions")
    if end < start:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")
    if target_events < 0:
        raise ValueError("the target event count is negative")
    ordered = sorted(regions, key=lambda region: region.code)
    key = history_key(ordered, pairs, elections, seed, start, end, target_events, params)
    simulator = _Simulator(ordered, pairs, elections, seed, start, end, params)
    # Calibrate the base: a Hawkes process multiplies its background by about 1 / (1 - branching ratio); a
    # pilot run at that guess corrects for the neighbours' share and the flares, then the real run.
    background = simulator.background().sum()
    branching = (params.self_excitation + params.neighbour_excitation) / (1.0 - params.decay)
    if branching >= 1.0:
        raise ValueError("the contagion parameters explode (branching ratio >= 1)")
    base = target_events * (1.0 - branching) / background if background > 0 and target_events else 0.0
    counts = simulator.counts(base)
    if counts.sum() > 0 and target_events:
        base *= target_events / counts.sum()
        counts = simulator.counts(base)
    events = _events(simulator, counts, key, seed, params)
    stats = {
        "key": key, "seed": seed, "start": start.isoformat(), "end": end.isoformat(), "regions": len(ordered),
        "events": len(events), "target_events": target_events, "base_per_100k": round(float(base), 6),
        "branching_ratio": round(branching, 3),
        "election_related": sum(1 for event in events if event.election_related),
        "context": sum(1 for event in events if not event.election_related),
        "serious": sum(1 for event in events if event.serious),
        "in_flare": sum(1 for event in events if event.flare),
        "by_stage": {stage or "none": sum(1 for event in events if event.stage == stage) for stage in ("", *STAGES)},
    }  # fmt: skip
    return History(events, key, stats)


def _events(simulator: _Simulator, counts: np.ndarray, key: str, seed: int, params: Params) -> list[SyntheticEvent]:
    rng = np.random.default_rng([seed, 4])
    regions = simulator.regions
    events: list[SyntheticEvent] = []
    days, cols = np.nonzero(counts)
    for day, col in zip(days.tolist(), cols.tolist(), strict=True):
        stage = STAGES[simulator.stage[day, col] - 1] if simulator.stage[day, col] else ""
        flare = bool(simulator.flare[day, col] > 1.0)
        date = simulator.start + dt.timedelta(days=day)
        region = regions[col]
        for _ in range(int(counts[day, col])):
            # A flare-up is mostly violence whatever the calendar says.
            election = bool(rng.random() < params.election_share.get(stage, 0.2) * (0.5 if flare else 1.0))
            event_type, subtype = _pick(rng, ELECTION_MIX[stage] if election else CONTEXT_MIX)
            dead = injured = 0
            if event_type == "violence_clash":
                chance = CASUALTY_CHANCE.get(subtype, DEFAULT_CASUALTY_CHANCE) * (1.5 if flare else 1.0)
                if rng.random() < chance:
                    injured = int(rng.geometric(0.4))
                    dead = int(rng.geometric(0.6)) if rng.random() < 0.35 else 0
            severity = DEFAULT_SEVERITY[event_type] + int(rng.choice(3, p=[0.7, 0.25, 0.05]))
            if dead >= 3:
                severity = 5
            elif dead:
                severity = max(severity, 4)
            events.append(SyntheticEvent(
                external_id=f"syn-{key}-{len(events) + 1:07d}", day=date, region=region.code,
                province=region.province, event_type=event_type, event_subtype=subtype,
                severity=min(severity, 5), dead=dead, injured=injured, election_related=election, stage=stage,
                flare=flare,
            ))  # fmt: skip
    return events


def with_params(params: Params, **changes: object) -> Params:
    """A copy of `params` with some knobs changed (tests and experiments)."""
    return replace(params, **changes)  # type: ignore[arg-type]
