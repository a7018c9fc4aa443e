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
