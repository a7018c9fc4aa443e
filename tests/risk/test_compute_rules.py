"""The computation's rules beyond the worked example: province modes, round runs, demo incidents, refusals."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from waspada.risk import method, services
from waspada.risk.models import IndexRun, RegionScore, RunStatus

D1 = dt.date(2026, 6, 30)
FULL_HIGH = {"a1": True, "a2": 5, "a3": 9, "b1": "tinggi", "b2": True}  # every answer 100: M = 100
FULL_LOW = {"a1": False, "a2": 1, "a3": 0, "b1": "rendah", "b2": False}  # every answer 0: M = 0


@pytest.fixture
def june(make_round: Any, approve_answers: Any) -> Any:
    june = make_round("Putaran Juni", dt.date(2026, 6, 15))
    approve_answers(june, "32.73", FULL_HIGH, dt.date(2026, 6, 20))  # 200,000 people: 0.7 x 100 = 70
    approve_answers(june, "32.04", FULL_LOW, dt.date(2026, 6, 20))  # 800,000 people: 0
    return june


def _use(admin: Any, **changes: Any) -> None:
    params = copy.deepcopy(method.active_method().params)
    params.update(changes)
    method.new_version(admin, params)


def _score(run: IndexRun, code: str) -> RegionScore:
    return RegionScore.objects.get(run=run, region_id=code)


@pytest.mark.django_db
def test_province_modes(june: Any, approve_answers: Any, risk_users: Any) -> None:
    run = services.compute_index(as_of=D1)
    assert _score(run, "32").composite == pytest.approx(0.2 * 70 + 0.8 * 0)  # population_mean: 14.0
    _use(risk_users["admin"], province_mode="max")
    run = services.compute_index(as_of=D1)
    jabar = _score(run, "32")
    assert jabar.composite == 70.0 and jabar.inputs["from_region"] == "32.73" and jabar.category == "tinggi"
    # own: the province's own questionnaire (an assignment of region 32) and its own population.
    _use(risk_users["admin"], province_mode="own")
    approve_answers(june, "32", FULL_LOW, dt.date(2026, 6, 21))
    run = services.compute_index(as_of=D1)
    assert _score(run, "32").composite == 0.0 and _score(run, "32").coverage == 1.0
    assert _score(run, "31").composite == 0.0 and _score(run, "31").inputs["provisional"] is True
    assert run.method.version == 3


@pytest.mark.django_db
def test_a_round_run_reads_only_that_round(june: Any, make_round: Any, approve_answers: Any) -> None:
    july = make_round("Putaran Juli", dt.date(2026, 6, 25))
    approve_answers(july, "32.73", FULL_LOW, dt.date(2026, 6, 26))
    assert _score(services.compute_index(as_of=D1), "32.73").composite == 0.0  # the latest questionnaire
    by_round = services.compute_index(as_of=D1, round_id=june.pk)
    assert _score(by_round, "32.73").composite == 70.0 and by_round.round_id == june.pk
    assert by_round.previous is None  # the first run of its kind (per round), not the dated run before it


@pytest.mark.django_db
def test_answers_approved_after_the_day_do_not_count(june: Any) -> None:
    run = services.compute_index(as_of=dt.date(2026, 6, 19))
    assert _score(run, "32.73").composite == 0.0 and _score(run, "32.73").coverage == 0.0
    # The next day's run has Kota Bandung's questionnaire: the change names the coverage first, then the answers.
    later = _score(services.compute_index(as_of=D1), "32.73")
    assert later.change == 70.0
    assert [r["kind"] for r in later.reasons][:2] == ["coverage", "answer"]
    assert later.reasons[0]["text_en"] == "Answer coverage went from 0% to 100%."
    assert later.reasons[1]["before"] is None and later.reasons[1]["text_id"].startswith("Jawaban baru")


@pytest.mark.django_db
def test_demo_incidents_count_only_in_a_demo_run(june: Any, make_incident: Any) -> None:
    make_incident("32.04", D1, "violence_clash", 5, is_demo=True)
    real = services.compute_index(as_of=D1)
    demo = services.compute_index(as_of=D1, demo=True)
    assert _score(real, "32.04").incident_score == 0.0
    # 5 x 1.5 = 7.5 weighted, per 100,000 of 800,000 = 0.9375; I = 93.75 / 5.9375 = 15.79
    assert _score(demo, "32.04").incident_score == pytest.approx(100 * 0.9375 / 5.9375, abs=0.006)
    assert demo.previous is None and demo.is_demo  # demo and real runs are never compared


@pytest.mark.django_db
def test_refusals_write_nothing(june: Any, risk_users: Any) -> None:
    with pytest.raises(services.RunDenied):
        services.compute_index(risk_users["jabar"], as_of=D1)
    with pytest.raises(services.RunInvalid) as refused:
        services.compute_index(as_of=dt.date.today() + dt.timedelta(days=2))
    assert set(refused.value.errors) == {"date"}
    with pytest.raises(services.RunInvalid) as refused:
        services.compute_index(as_of=D1, round_id=987654)
    assert set(refused.value.errors) == {"round"}
    assert not IndexRun.objects.exists()


@pytest.mark.django_db
def test_a_failed_run_is_kept_with_its_error(june: Any, monkeypatch: Any) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "compute", broken)
    with pytest.raises(RuntimeError):
        services.compute_index(as_of=D1)
    run = IndexRun.objects.get()
    assert run.status == RunStatus.FAILED and run.error == "disk full" and not run.scores.exists()
