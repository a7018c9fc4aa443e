"""The blocks the later apps add to the situation board: early warning, grants and political education."""

from __future__ import annotations

from typing import Any

from tests.personas import client_for
from waspada.core.board import registered


def test_alerts_grants_and_education_register_their_blocks() -> None:
    names = [name for name, _path, _order in registered()]
    assert {"alerts", "grants", "education"} <= set(names)
    assert names.index("index") < names.index("alerts") < names.index("grants") < names.index("education")


def test_a_province_board_shows_the_three_blocks_with_their_empty_states(personas: dict[str, Any]) -> None:
    page = client_for(personas["province_officer"]).get("/").content.decode()
    assert "/alerts/" in page and "Tidak ada peringatan terbuka di wilayah Anda." in page
    assert "/hibah/" in page and "Belum ada NPHD tercatat di wilayah Anda." in page
    assert "/education/coverage/" in page and "Indeks kerawanan belum dihitung" in page


def test_a_viewer_has_no_grants_block(personas: dict[str, Any]) -> None:
    page = client_for(personas["viewer"]).get("/").content.decode()
    assert "Belum ada NPHD" not in page and "/alerts/" in page
