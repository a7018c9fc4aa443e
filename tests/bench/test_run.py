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
    assert "benchmark group: early_warning, foundation, grants, incidents, intake, monitoring, news" in " ".join(
        done.stdout.split()
    )


def test_an_unknown_group_is_bad_usage() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run"), "_harness"], capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2
    assert "unknown group '_harness'" in done.stderr
