"""`bench/run`: the groups it offers are the group modules, never the measurement helpers beside them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_groups_are_the_group_modules_only() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run"), "--help"], capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    listed = " ".join(done.stdout.split()).split("benchmark group: ")[1].split(" options:")[0]
    offered = set(listed.split(", "))
    assert {"early_warning", "foundation", "grants", "incidents", "intake", "monitoring", "news", "index"} <= offered
    # Measurement helpers are never groups; bench/index_views.py joins group `index` (its GROUP line).
    assert not {name for name in offered if name.startswith("_")} and "index_views" not in offered


def test_an_unknown_group_is_bad_usage() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run"), "_harness"], capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2
    assert "unknown group '_harness'" in done.stderr
