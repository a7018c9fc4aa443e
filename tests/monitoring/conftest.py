from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """Evidence files land in a scratch folder, never the checkout's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
