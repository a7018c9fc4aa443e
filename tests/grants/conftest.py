from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from waspada.elections.models import Election, ElectionKind
from waspada.grants import memo


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """Documents land in a scratch folder, never the checkout's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _forget_boards() -> None:
    """Each test starts without remembered boards (a rolled-back chain may repeat an earlier data version)."""
    memo.clear()


@pytest.fixture
def pilkada(db: None) -> Election:
    """Pilkada 2024 as the calendar holds it (voting on 27 November 2024); no contests, so any region may grant."""
    return Election.objects.create(code="pilkada_2024", kind=ElectionKind.PILKADA, voting_day=dt.date(2024, 11, 27),
                                   name_id="Pilkada Serentak 2024", name_en="2024 regional elections")  # fmt: skip
