"""`waspada demo` runs the steps the apps register in INSTALLED_APPS order: users, incidents, monitoring rounds,
the index computed from them, then the early-warning run over the incidents and the index."""

from __future__ import annotations

from waspada.core.demo_steps import steps


def test_demo_steps_run_users_before_incidents() -> None:
    assert list(steps()) == ["accounts.demo_users", "risk.reference_editions", "incidents.demo_incidents",
                             "incidents.demo_history", "monitoring.demo_rounds", "risk.demo_index",
                             "alerts.demo_forecasts", "alerts.demo_run",
                             "education.demo_activities", "grants.demo_agreements"]  # fmt: skip
    assert steps()["accounts.demo_users"] == "waspada.accounts.demo.demo_step"
