"""A fresh web worker imports its views before the first request, not during it."""

from __future__ import annotations

import os
import subprocess
import sys

CHECK = """
import sys, django
django.setup()
assert "waspada.incidents.api" not in sys.modules, "imported before the warm-up: the test proves nothing"
from waspada.core import gunicorn_conf
gunicorn_conf.post_worker_init(None)
assert "waspada.incidents.api" in sys.modules and "waspada.urls" in sys.modules
from django.utils import translation
from django.utils.translation import trans_real
assert {"id", "en"} <= set(trans_real._translations), trans_real._translations.keys()
print("warm")
"""


def test_post_worker_init_imports_views_and_translations(tmp_path) -> None:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "waspada.settings", "WASPADA_VAR_DIR": str(tmp_path),
                        "WASPADA_DATABASE_URL": f"sqlite:///{tmp_path / 'warm.sqlite3'}"}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "warm"


ran: list[str] = []


def _works() -> None:
    ran.append("works")


def _fails() -> None:
    raise RuntimeError("no database yet")


def test_background_warm_ups_are_registered_by_the_apps_and_one_failure_stops_none(monkeypatch, caplog) -> None:
    from waspada.core import warmup

    assert warmup.background_jobs() == {
        "incidents.gateway_analysis": "waspada.incidents.intake.gateway_warmup.warm_gateway_analysis"
    }
    monkeypatch.setattr(warmup, "_background", {"a": f"{__name__}._fails", "b": f"{__name__}._works"})
    ran.clear()
    warmup.warm_in_background()
    assert ran == ["works"]
    assert "warm-up a failed" in caplog.text
