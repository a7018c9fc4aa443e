"""The index against a computation by hand (docs/index.md, worked example): a five-question instrument, three
kab/kota, a handful of incidents, two runs 90 days (one half-life) apart. Every expected figure is worked out
below from the method's default parameters (data/domain/index_method.yaml, version 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from waspada.core.audit.models import AuditEvent
from waspada.risk import services
from waspada.risk.models import IndexMethod, RegionScore, RunStatus

D1 = dt.date(2026, 6, 30)
D2 = D1 + dt.timedelta(days=90)  # one half-life later


def approx(value: float) -> Any:
    return pytest.approx(value, abs=0.006)


@pytest.fixture
def world(make_round: Any, approve_answers: Any, make_incident: Any) -> None:
    june = make_round("Putaran Juni", dt.date(2026, 6, 15))
    september = make_round("Putaran September", dt.date(2026, 9, 15))
    # Kota Bandung answers everything; in September a1 turns "no" and b1 "tinggi".
    approve_answers(june, "32.73", {"a1": True, "a2": 4, "a3": 2, "b1": "sedang", "b2": False}, dt.date(2026, 6, 20))
    approve_answers(september, "32.73", {"a1": False, "a2": 4, "a3": 2, "b1": "tinggi", "b2": False},
                    dt.date(2026, 9, 20))
    # Kabupaten Bandung answers two questions; Jakarta Pusat one (below the coverage minimum).
    approve_answers(june, "32.04", {"a1": False, "a3": 5}, dt.date(2026, 6, 21))
    approve_answers(june, "31.71", {"b2": True}, dt.date(2026, 6, 22))
    # Not approved: never counted.
    approve_answers(september, "32.04", {"a1": True, "a2": 5, "a3": 9, "b1": "tinggi", "b2": True},
                    dt.date(2026, 9, 21), status="submitted")
    # Incidents of Kota Bandung counted as of D1.
    make_incident("32.73", D1, "violence_clash", 4)  # age 0: 4 x 1
    make_incident("32.73", D1 - dt.timedelta(days=90), "violence_clash", 2, status="closed")  # 2 x 0.5
    make_incident("32.73", D1, "money_politics", 3, status="handled")  # 3 x 1
    # Never counted: not checked, demo, too old, an early warning, and (for D1) one after the day.
    make_incident("32.73", D1, "violence_clash", 5, status="submitted")
    make_incident("32.73", D1, "violence_clash", 5, is_demo=True)
    make_incident("32.73", D1 - dt.timedelta(days=400), "violence_clash", 5)
    make_incident("32.73", D1, "vulnerability_warning", 5)
    make_incident("32.73", D2, "violence_clash", 3)  # counted as of D2 only
    # Jakarta Pusat: a protest 45 days before D1.
    make_incident("31.71", D1 - dt.timedelta(days=45), "protest_demonstration", 5, status="escalated")


def _scores(run: Any) -> dict[str, RegionScore]:
    return {s.region_id: s for s in RegionScore.objects.filter(run=run)}


@pytest.mark.django_db
def test_first_run_matches_the_hand_computation(world: None) -> None:
    run = services.compute_index(as_of=D1)
    assert run.status == RunStatus.DONE and run.previous is None
    assert IndexMethod.objects.get(is_active=True).version == 1  # loaded from the file on first use
    s = _scores(run)

    # --- Kota Bandung (32.73), population 200,000 ---
    # Sub A1 = (2*100 + 1*75) / 3 = 91.667; Sub A2 = 50 (2 reports: band up to 3); Dim A = (91.667 + 50) / 2
    a1_sub = (2 * 100 + 1 * 75) / 3
    dim_a = (a1_sub + 50) / 2  # 70.833
    dim_b = (50 + 0) / 2  # b1 "sedang" 50, b2 "no" 0 -> 25
    monitoring = (2 * dim_a + 1 * dim_b) / 3  # 55.556
    # Incidents: violence 4*1 + 2*0.5 = 5, x1.5 (type weight) = 7.5 -> per 100,000: 7.5 * 100000 / 200000 = 3.75
    # money politics 3*1 = 3, x1.0 -> 1.5; X = 5.25; I = 100 * 5.25 / (5.25 + 5) = 51.220
    violence, money = 7.5 * 100_000 / 200_000, 3.0 * 100_000 / 200_000
    incident = 100 * (violence + money) / (violence + money + 5)
    composite = 0.7 * monitoring + 0.3 * incident  # 38.889 + 15.366 = 54.25
    bandung = s["32.73"]
    assert bandung.dimensions == {"dim_a": approx(dim_a), "dim_b": approx(dim_b)}
    assert bandung.subdimensions == {"sub_a1": approx(a1_sub), "sub_a2": approx(50), "sub_b1": approx(25)}
    assert bandung.monitoring_score == approx(monitoring)
    assert bandung.incident_score == approx(incident)
    assert bandung.composite == approx(composite) == approx(54.25)
    assert bandung.category == "tinggi"  # kab/kota: tinggi from 49.33
    assert bandung.coverage == 1.0
    assert bandung.rank == 1
    # Contributions: weight = 0.7 x dimension share x sub-dimension share x indicator share; points = weight x score.
    top = [(c["kind"], c["code"], c["points"]) for c in bandung.contributions]
    assert top == [
        ("answer", "a1", approx(0.7 * (2 / 3) * (1 / 2) * (2 / 3) * 100)),  # 15.56
        ("answer", "a3", approx(0.7 * (2 / 3) * (1 / 2) * 1 * 50)),  # 11.67
        ("incident", "violence_clash", approx(0.3 * 100 * violence / (violence + money + 5))),  # 10.98
        ("answer", "a2", approx(0.7 * (2 / 3) * (1 / 2) * (1 / 3) * 75)),  # 5.83
        ("answer", "b1", approx(0.7 * (1 / 3) * (1 / 2) * 50)),  # 5.83
        ("incident", "money_politics", approx(0.3 * 100 * money / (violence + money + 5))),  # 4.39
    ]
    assert sum(c["points"] for c in bandung.contributions) == approx(composite)  # b2 carries 0 points
    violence_item = bandung.contributions[2]
    assert violence_item["count"] == 2 and violence_item["value"] == approx(3.75) and violence_item["weight"] == 0.3

    # --- Kabupaten Bandung (32.04): a1 "no" (0) and a3 = 5 (above the bands: 100) ---
    # Dim B unanswered, so Dim A carries the whole monitoring part: (0 + 100) / 2 = 50.
    # Coverage = A1 2/3 x 1/2 x (2 of 3 weight answered) + A2 2/3 x 1/2 x 1 + B 1/3 x 0 = 2/9 + 1/3 = 5/9.
    kab = s["32.04"]
    assert kab.coverage == approx(5 / 9)
    assert kab.monitoring_score == approx(50) and kab.incident_score == 0
    assert kab.composite == approx(0.7 * 50) == approx(35.0)
    assert kab.category == "sedang" and kab.rank == 2
    assert kab.dimensions == {"dim_a": approx(50), "dim_b": None}

    # --- Jakarta Pusat (31.71): only b2 answered, coverage 1/3 x 1/2 = 1/6 < 0.5: incidents only, provisional ---
    # protest 5 x 0.5 ** (45 / 90) = 3.5355, x0.6 = 2.1213, per 100,000 of 1,000,000 = 0.21213
    protest = 5 * 0.5 ** (45 / 90) * 0.6 * 100_000 / 1_000_000
    pusat = s["31.71"]
    assert pusat.coverage == approx(1 / 6)
    assert pusat.monitoring_score == 100  # kept for reading, not counted
    assert pusat.composite == approx(100 * protest / (protest + 5)) == approx(4.07)
    assert pusat.category == "rendah" and pusat.inputs["provisional"] is True and pusat.rank == 3
    assert pusat.contributions[0]["weight"] == 1.0  # the incident part carries the whole score

    # --- Provinces: population-weighted mean of their kab/kota ---
    jabar = s["32"]
    assert jabar.composite == approx(0.8 * 35.0 + 0.2 * 54.25) == approx(38.85)
    assert jabar.category == "sedang"  # province: sedang from 21.7, tinggi from 68.5
    assert jabar.coverage == approx(0.8 * 5 / 9 + 0.2 * 1.0)
    # A province item carries the population-weighted points of its kab/kota: a3 = 0.8 x (0.7 x 1/2 x 100)
    # + 0.2 x 11.67 = 30.33; the items still add up to the composite (each rounded to 2 decimals).
    assert (jabar.contributions[0]["code"], jabar.contributions[0]["points"]) == (
        "a3", approx(0.8 * 0.7 * 0.5 * 100 + 0.2 * 0.7 * (2 / 3) * (1 / 2) * 50))
    assert sum(c["points"] for c in jabar.contributions) == pytest.approx(jabar.composite, abs=0.03)
    assert s["31"].composite == approx(4.07) and s["31"].rank == 2 and jabar.rank == 1
    assert run.summary["categories"]["kabkota"] == {"rendah": 1, "sedang": 1, "tinggi": 1}
    assert run.regions_scored == 5
    event = AuditEvent.objects.filter(action="risk.compute").get()
    assert event.batch["job_id"] == str(run.pk) and event.batch["counts"]["scored"] == 5


@pytest.mark.django_db
def test_second_run_names_what_moved(world: None) -> None:
    first = services.compute_index(as_of=D1)
    second = services.compute_index(as_of=D2)
    assert second.previous_id == first.pk
    bandung = _scores(second)["32.73"]
    # September answers: A1 = (2*0 + 75) / 3 = 25, A2 = 50, Dim A = 37.5; B1 = (100 + 0) / 2 = 50.
    monitoring = (2 * 37.5 + 50) / 3  # 41.667
    # Violence: 4 x 0.5 (age 90) + 2 x 0.25 (age 180) + 3 x 1 (new) = 5.5, x1.5 = 8.25 -> 4.125 per 100,000;
    # money: 3 x 0.5 = 1.5 -> 0.75; X = 4.875, I = 487.5 / 9.875 = 49.367
    violence, money = 8.25 * 0.5, 1.5 * 0.5
    incident = 100 * (violence + money) / (violence + money + 5)
    composite = 0.7 * monitoring + 0.3 * incident  # 43.98
    assert bandung.composite == approx(composite) == approx(43.98)
    assert bandung.change == approx(43.98 - 54.25)
    assert bandung.category == "sedang"
    moved = [(r["kind"], r["code"], r["before"], r["after"], r["effect"]) for r in bandung.reasons]
    before_violence = 0.3 * 100 * 3.75 / (3.75 + 1.5 + 5)
    before_money = 0.3 * 100 * 1.5 / (3.75 + 1.5 + 5)
    assert moved == [
        ("answer", "a1", 100, 0, approx(-0.7 * (2 / 3) * (1 / 2) * (2 / 3) * 100)),  # -15.56
        ("answer", "b1", 50, 100, approx(0.7 * (1 / 3) * (1 / 2) * 50)),  # +5.83
        ("incident", "money_politics", 1, 1, approx(0.3 * 100 * money / (violence + money + 5) - before_money)),
        ("incident", "violence_clash", 2, 3, approx(0.3 * 100 * violence / (violence + money + 5) - before_violence)),
    ]
    assert "menjadi 0.0" in bandung.reasons[0]["text_id"] and "to 0.0" in bandung.reasons[0]["text_en"]
    assert "2 menjadi 3" in bandung.reasons[3]["text_id"]
