"""The synthetic history generator (waspada.analytics.synthetic): plain data in, seeded events out."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from waspada.analytics import synthetic
from waspada.analytics.synthetic import ElectionWindow, Params, RegionInfo
from waspada.datafiles import CHECKOUT_DOMAIN_DIR

START, END = dt.date(2018, 1, 1), dt.date(2019, 12, 31)
VOTING = dt.date(2019, 4, 17)


def grid(width: int = 8, height: int = 6) -> tuple[list[RegionInfo], list[tuple[str, str]]]:
    """width x height kab/kota on a grid, each a neighbour of the ones beside it; two provinces."""
    regions, pairs = [], []
    for row in range(height):
        for col in range(width):
            province = "32" if col < width // 2 else "33"
            regions.append(RegionInfo(f"{province}.{row * width + col + 1:02d}", province, 200_000 + 50_000 * col))
    codes = {(i // width, i % width): region.code for i, region in enumerate(regions)}
    for (row, col), code in codes.items():
        for other in ((row, col + 1), (row + 1, col)):
            if other in codes:
                pairs.append((code, codes[other]))
    return regions, pairs


def pemilu() -> list[ElectionWindow]:
    campaign = (dt.date(2018, 9, 23), dt.date(2019, 4, 13))
    recapitulation = (dt.date(2019, 4, 18), dt.date(2019, 5, 22))
    return [
        ElectionWindow("pemilu_2019", VOTING, campaign, recapitulation, (dt.date(2019, 5, 23), dt.date(2019, 8, 9)))
    ]


def run(seed: int = 7, events: int = 4000, params: Params | None = None) -> synthetic.History:
    regions, pairs = grid()
    return synthetic.generate(regions, pairs, pemilu(), seed=seed, start=START, end=END, target_events=events,
                              params=params)  # fmt: skip


def test_same_seed_same_events_other_seed_other_events() -> None:
    first, again, other = run(), run(), run(seed=8)
    assert first.events == again.events and first.key == again.key
    assert first.events != other.events and first.key != other.key


def test_count_near_target_ids_unique_and_sorted() -> None:
    history = run(events=5000)
    assert 4500 <= len(history.events) <= 5500
    assert len({event.external_id for event in history.events}) == len(history.events)
    assert all(event.external_id.startswith(f"syn-{history.key}-") for event in history.events)
    keys = [(event.day, event.region) for event in history.events]
    assert keys == sorted(keys)
    assert all(START <= event.day <= END for event in history.events)
    assert history.stats["events"] == len(history.events)


def test_types_come_from_the_taxonomy_and_fields_are_in_range() -> None:
    taxonomy = yaml.safe_load((CHECKOUT_DOMAIN_DIR / "taxonomy.yaml").read_text(encoding="utf-8"))
    known = {item["code"]: {sub["code"] for sub in item.get("subtypes", [])} for item in taxonomy["event_types"]}
    history = run()
    for event in history.events:
        assert event.event_type in known
        assert event.event_subtype == "" or event.event_subtype in known[event.event_type]
        assert 1 <= event.severity <= 5 and event.dead >= 0 and event.injured >= 0
        if event.dead >= 3:
            assert event.severity == 5
    assert any(event.election_related for event in history.events)
    assert any(not event.election_related for event in history.events)
    # Outside every stage most events are context; in the voting week most are about the election.
    calm = [event for event in history.events if event.stage == ""]
    voting = [event for event in history.events if event.stage == synthetic.VOTING]
    assert sum(e.election_related for e in calm) / len(calm) < 0.4
    assert sum(e.election_related for e in voting) / len(voting) > 0.6


def daily_rate(events: list[synthetic.SyntheticEvent], first: dt.date, last: dt.date) -> float:
    return sum(1 for event in events if first <= event.day <= last) / ((last - first).days + 1)


def test_the_voting_week_and_campaign_run_hotter_than_calm_months() -> None:
    events = run(events=6000, params=Params(flare_rate_per_year=0.0)).events  # flares would blur 48 regions
    calm = daily_rate(events, dt.date(2018, 1, 1), dt.date(2018, 8, 31))
    campaign = daily_rate(events, dt.date(2018, 10, 1), dt.date(2019, 3, 31))
    voting = daily_rate(events, VOTING - dt.timedelta(days=3), VOTING + dt.timedelta(days=3))
    assert campaign > 1.3 * calm
    assert voting > 2.5 * calm


def test_contagion_makes_events_follow_events_nearby() -> None:
    """With contagion a region's next three days hold more events after an event next door than on average;
    without it (and without flare-ups) barely so."""

    def lift(history: synthetic.History) -> float:
        regions, pairs = grid()
        around: dict[str, set[str]] = {region.code: set() for region in regions}
        for a, b in pairs:
            around[a].add(b)
            around[b].add(a)
        seen = {(event.region, event.day) for event in history.events}
        count: dict[tuple[str, dt.date], int] = {}
        for event in history.events:
            count[(event.region, event.day)] = count.get((event.region, event.day), 0) + 1
        after = [sum(count.get((n, day + dt.timedelta(days=k)), 0) for k in (1, 2, 3))
                 for region, day in seen for n in around[region]]  # fmt: skip
        mean = 3 * len(history.events) / (len(regions) * ((END - START).days + 1))
        return sum(after) / len(after) / mean

    quiet = Params(self_excitation=0.0, neighbour_excitation=0.0, flare_rate_per_year=0.0, risk_sigma=0.0,
                   province_sigma=0.0, seasonality=0.0)  # fmt: skip
    strong = Params(self_excitation=0.1, neighbour_excitation=0.3, decay=0.5, flare_rate_per_year=0.0,
                    risk_sigma=0.0, province_sigma=0.0, seasonality=0.0)  # fmt: skip
    assert lift(run(events=5000, params=strong)) > 1.2 * lift(run(events=5000, params=quiet))


def test_latent_risk_spreads_regions_apart() -> None:
    def spread(params: Params | None) -> float:
        per_region: dict[str, int] = {}
        for event in run(events=6000, params=params).events:
            per_region[event.region] = per_region.get(event.region, 0) + 1
        counts = list(per_region.values())
        mean = sum(counts) / len(counts)
        return (sum((count - mean) ** 2 for count in counts) / len(counts)) ** 0.5 / mean

    flat = Params(risk_sigma=0.0, province_sigma=0.0, flare_rate_per_year=0.0)
    assert spread(Params(flare_rate_per_year=0.0)) > 1.25 * spread(flat)


def test_past_elections_partition_the_kabkota_and_keep_the_governor_provinces() -> None:
    regions = [RegionInfo(f"{p}.{n:02d}", p, 100_000) for p in ("11", "13", "32", "34") for n in range(1, 21)]
    windows = {window.code: window for window in synthetic.past_elections(regions, seed=3)}
    assert set(windows) == {"pilkada_2017", "pilkada_2018", "pemilu_2019", "pilkada_2020"}
    assert windows["pemilu_2019"].regions is None and windows["pemilu_2019"].voting_day == VOTING
    kabkota = [{code for code in windows[name].regions or () if "." in code}
               for name in ("pilkada_2017", "pilkada_2018", "pilkada_2020")]  # fmt: skip
    assert set().union(*kabkota) == {region.code for region in regions}
    assert sum(len(group) for group in kabkota) == len(regions)
    assert "11" in (windows["pilkada_2017"].regions or ()) and "32" in (windows["pilkada_2018"].regions or ())
    assert synthetic.past_elections(regions, seed=3) == synthetic.past_elections(regions, seed=3)


def test_a_pilkada_raises_only_its_own_regions() -> None:
    regions, pairs = grid()
    held = frozenset(region.code for region in regions if region.province == "32")
    pilkada = [ElectionWindow("pilkada_x", dt.date(2018, 6, 27), (dt.date(2018, 2, 15), dt.date(2018, 6, 23)),
                              regions=held, kind="pilkada")]  # fmt: skip
    calm = Params(self_excitation=0.0, neighbour_excitation=0.0, flare_rate_per_year=0.0, risk_sigma=0.0,
                  province_sigma=0.0, seasonality=0.0)  # fmt: skip
    events = synthetic.generate(regions, pairs, pilkada, seed=1, start=START, end=END, target_events=4000,
                                params=calm).events  # fmt: skip
    assert all(event.stage == "" for event in events if event.province == "33")
    assert any(event.stage == synthetic.CAMPAIGN for event in events if event.province == "32")


@pytest.mark.parametrize(
    ("change", "message"),
    [({"start": END, "end": START}, "before it starts"), ({"target_events": -1}, "negative")],
)
def test_bad_input_is_refused(change: dict[str, object], message: str) -> None:
    regions, pairs = grid()
    arguments: dict[str, object] = {"seed": 1, "start": START, "end": END, "target_events": 10, **change}
    with pytest.raises(ValueError, match=message):
        synthetic.generate(regions, pairs, [], **arguments)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no regions"):
        synthetic.generate([], [], [])
    with pytest.raises(ValueError, match="branching"):
        synthetic.generate(regions, pairs, [], params=Params(self_excitation=0.5, neighbour_excitation=0.5))
