"""`waspada demo` runs the steps the apps register: accounts' users, then incidents, then monitoring rounds."""

from __future__ import annotations

from waspada.core.demo_steps import steps


def test_demo_steps_run_users_before_incidents() -> None:
    assert list(steps()) == ["accounts.demo_users", "incidents.demo_incidents", "monitoring.demo_rounds",
                             "education.demo_activities"]  # fmt: skip
    assert steps()["accounts.demo_users"] == "waspada.accounts.demo.demo_step"
