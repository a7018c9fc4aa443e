"""Monitoring figures (issue 16), run inside a bench instance with the full reference data (bench/monitoring.py):

- round_open_514_s: services.open_round by the national desk for every kab/kota (one assignment each, in bulk),
  the median of three rounds.
- completion_board_p95_ms: GET /monitoring/rounds/<pk>/board/ (the counts, the table and the map's data of every
  kab/kota; states mixed as in the demo) through Django's test client, alternating a national analyst and a
  province officer.
- demo_rounds_s / demo_rounds_rerun_s: the `waspada demo` step (three rounds with answers), first and rerun.
- submission_save_p95_ms: services.save_answers of a complete questionnaire (every question of the default
  instrument) by a kab/kota officer, a different office each time (the first save: answers and history created).
Numbers, never pass/fail (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from typing import Any

REQUESTS = 60
SAVES = 60
WARM_UP = 5


def _p(timings: list[float], q: float) -> float:
    ordered = sorted(timings)
    return round(ordered[max(0, int(len(ordered) * q + 0.5) - 1)], 1)


def _answers(version: Any) -> dict[str, Any]:
    from waspada.monitoring.instruments import version_spec
    from waspada.monitoring.scoring import all_indicators, relevant_codes

    indicators = all_indicators(version_spec(version))
    values: dict[str, Any] = {}
    for ind in indicators:
        choices = [c["code"] for c in ind.get("choices") or []]
        rule = ind.get("scoring") or {}
        values[ind["code"]] = {
            "yes_no": False, "scale": int(rule.get("min", 1)), "number": int(rule.get("min", 0)), "text": "catatan",
            "date": "2026-01-15", "single_choice": choices[0] if choices else None,
            "multiple_choice": choices[:1] or None,
        }[ind["answer_type"]]
    relevant = relevant_codes(indicators, values)
    return {code: value for code, value in values.items() if code in relevant and value is not None}


def measure() -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from waspada.accounts.models import User
    from waspada.core.scope import Role
    from waspada.monitoring import services
    from waspada.monitoring.instruments import load_default
    from waspada.monitoring.models import Assignment, AssignmentStatus

    version, _created = load_default(settings.DOMAIN_DIR)
    admin, _ = User.objects.get_or_create(username="bench-mon-admin", defaults={"role": Role.NATIONAL_ADMIN})
    analyst, _ = User.objects.get_or_create(username="bench-mon-analyst", defaults={"role": Role.NATIONAL_ANALYST})
    officer, _ = User.objects.get_or_create(username="bench-mon-province", defaults={
        "role": Role.PROVINCE_OFFICER, "scope_region_id": "32"})  # fmt: skip
    today = timezone.localdate()
    opens: list[float] = []
    rounds = []
    for n in range(3):
        t0 = time.perf_counter()
        round_ = services.open_round(admin, version=version, title=f"[BENCH] putaran {n + 1}", period_start=today,
                                     period_end=today + dt.timedelta(days=30),
                                     deadline=timezone.now() + dt.timedelta(days=14))  # fmt: skip
        opens.append(time.perf_counter() - t0)
        rounds.append(round_)
    round_ = rounds[0]
    covered = round_.assignments.count()

    # Mixed states as in the demo, for the board.
    rng = random.Random(16)  # noqa: S311 - benchmark data
    states = [AssignmentStatus.APPROVED, AssignmentStatus.SUBMITTED, AssignmentStatus.RETURNED,
              AssignmentStatus.DRAFT, AssignmentStatus.NOT_STARTED]  # fmt: skip
    by_state: dict[str, list[int]] = {}
    for pk in round_.assignments.values_list("pk", flat=True):
        by_state.setdefault(rng.choices(states, [60, 15, 5, 10, 10])[0], []).append(pk)
    for state, pks in by_state.items():
        Assignment.objects.filter(pk__in=pks).update(status=state)
    clients = []
    for user in (analyst, officer):
        client = Client(HTTP_ACCEPT_ENCODING="gzip")
        client.force_login(user)
        clients.append(client)
    board: list[float] = []
    for n in range(REQUESTS + WARM_UP):
        t0 = time.perf_counter()
        response = clients[n % 2].get(f"/monitoring/rounds/{round_.pk}/board/")
        took = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"board answered {response.status_code}: {response.content[:200]!r}")
        if n >= WARM_UP:
            board.append(took)

    # Saving a complete questionnaire, each time another office of the second round.
    answers = _answers(version)
    targets = list(rounds[1].assignments.order_by("kabkota_code")[: SAVES + WARM_UP])
    offices = User.objects.bulk_create([
        User(username=f"bench-mon-{a.kabkota_code}", role=Role.KABKOTA_OFFICER, scope_region_id=a.kabkota_code)
        for a in targets])  # fmt: skip
    saves: list[float] = []
    for n, (assignment, user) in enumerate(zip(targets, offices, strict=True)):
        t0 = time.perf_counter()
        services.save_answers(user, assignment, answers)
        if n >= WARM_UP:
            saves.append((time.perf_counter() - t0) * 1000)
    from waspada.monitoring.demo import create_demo_rounds

    t0 = time.perf_counter()
    demo = create_demo_rounds()
    demo_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    create_demo_rounds()  # the rerun replaces them
    demo_rerun_s = time.perf_counter() - t0
    return {
        "demo_rounds_s": round(demo_s, 2), "demo_rounds_rerun_s": round(demo_rerun_s, 2),
        "demo_answers": demo["answers"],
        "round_open_514_s": round(statistics.median(opens), 3), "round_open_assignments": covered,
        "completion_board_p95_ms": _p(board, 0.95), "completion_board_p50_ms": _p(board, 0.5),
        "submission_save_p95_ms": _p(saves, 0.95), "submission_save_p50_ms": _p(saves, 0.5),
        "submission_answers": len(answers),
    }
