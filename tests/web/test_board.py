"""The situation board: every role's home page shows its scope's blocks (index, incidents, election stages,
monitoring rounds), and nothing of another area; empty states say what is missing."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.risk import factories_i17board as f
from waspada.core import board
from waspada.core.scope import Sensitivity
from waspada.incidents.models import Incident, Status
from waspada.incidents.taxonomy import import_taxonomy
from waspada.monitoring import services
from waspada.monitoring.models import Assignment, AssignmentStatus, InstrumentVersion


def _page(user: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _block(html: str, name: str) -> str:
    """The HTML of one block (its <section id="board-NAME">), empty when the board does not show it."""
    start = html.find(f'id="board-{name}"')
    return "" if start < 0 else html[start : html.find("</section>", start)]


@pytest.fixture
def scored(personas: dict[str, Any]) -> Any:
    """Two computations: Kota Bandung rose 6.5, Kabupaten Bandung fell 2, Kota Surabaya (outside) rose 30."""
    f.region("32.04", "Kabupaten Bandung")
    first = f.run(dt.date(2026, 11, 1))
    latest = f.run(dt.date(2026, 12, 1), previous=first)
    for code, value, change in (("32.73", 71.5, 6.5), ("32.04", 40.0, -2.0), ("35.78", 20.0, 30.0),
                                ("32", 55.0, 1.0), ("35", 25.0, 0.0)):  # fmt: skip
        f.score(latest, code, value, change)
    f.rank_all(latest)
    return latest


@pytest.fixture
def incidents(personas: dict[str, Any]) -> None:
    import_taxonomy(Path(settings.DOMAIN_DIR))
    today = timezone.localdate()
    for title, code, severity in (("Bentrok di Sukasari", "32.73", 4), ("Perusakan baliho", "32.73", 2),
                                  ("Kericuhan di Surabaya", "35.78", 5)):  # fmt: skip
        Incident.objects.create(
            title=title, occurred_on=today - dt.timedelta(days=3), region_id=code, province_code=code[:2],
            kabkota_code=code, place_code=code, event_type_id="violence_clash", severity=severity,
            status=Status.VERIFIED, sensitivity=Sensitivity.INTER_AGENCY,
        )  # fmt: skip


def test_blocks_are_registered_by_their_apps_in_board_order() -> None:
    names = [name for name, _path, _order in board.registered()]
    assert [n for n in names if n in ("index", "incidents", "elections", "monitoring")] == [
        "index", "incidents", "elections", "monitoring"]  # the later apps' blocks fit between them by order
    assert all(path.startswith("waspada.") for _name, path, _order in board.registered())


@pytest.mark.parametrize("role", ["national_admin", "national_analyst", "province_officer", "kabkota_officer",
                                  "field_monitor", "viewer"])  # fmt: skip
def test_every_role_lands_on_its_board_with_real_empty_states(personas: dict[str, Any], role: str) -> None:
    html = _page(personas[role])  # Indonesian by default
    assert "Indeks kerawanan belum dihitung" in _block(html, "index")
    assert "Tidak ada insiden di wilayah Anda" in _block(html, "incidents")
    assert "Kalender pemilu belum dimuat" in _block(html, "elections")
    if role == "viewer":
        assert _block(html, "monitoring") == ""  # viewers follow no rounds
    else:
        assert "Belum ada putaran pemantauan" in _block(html, "monitoring")
    title = {"province_officer": "Situasi di Jawa Barat", "kabkota_officer": "Situasi di Kota Bandung",
             "national_admin": "Situasi di Indonesia"}.get(role)  # fmt: skip
    if title:
        assert title in html


def test_the_index_block_shows_the_scope_and_its_biggest_changes(personas: dict[str, Any], scored: Any) -> None:
    national = _block(_page(personas["national_analyst"]), "index")
    assert "Kota Surabaya" in national and "+30.0" in national.replace(",", ".")
    province = _block(_page(personas["province_officer"]), "index")
    assert "Kota Bandung" in province and "Kabupaten Bandung" in province
    assert "Surabaya" not in province and "/index/regions/32.73/" in province and 'href="/index/"' in province
    kabkota = _block(_page(personas["kabkota_officer"]), "index")
    assert "Kota Bandung" in kabkota and "Kabupaten Bandung" not in kabkota and "Surabaya" not in kabkota
    assert "71.5" in kabkota.replace(",", ".")  # its own score


def test_the_map_is_drawn_from_the_scope_layer_with_only_its_categories(personas: dict[str, Any], scored: Any) -> None:
    html = _page(personas["kabkota_officer"])
    categories = html.split('id="board-map-categories" type="application/json">')[1].split("</script>")[0]
    assert categories == '{"32.73": "tinggi"}'
    assert "province-32" in html and "&quot;prefix&quot;: &quot;32.73&quot;" in html


def test_the_incident_block_counts_only_the_area(personas: dict[str, Any], incidents: None) -> None:
    kabkota = _block(_page(personas["kabkota_officer"]), "incidents")
    assert "2 insiden di wilayah Anda" in kabkota and "Bentrok di Sukasari" in kabkota
    assert "Surabaya" not in kabkota
    national = _block(_page(personas["national_admin"]), "incidents")
    assert "3 insiden" in national and "Kericuhan di Surabaya" in national


def test_english_board(personas: dict[str, Any]) -> None:
    client = Client()
    client.force_login(personas["province_officer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert "Situation in Jawa Barat" in html and "The vulnerability index has not been computed yet" in html


def test_a_block_returning_none_is_left_out(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(board, "_registry", {})
    board.register("later", "tests.web.test_board.nothing_here", order=5)
    assert board.blocks_for(personas["viewer"]) == []
    board.register("later", "tests.web.test_board.a_sentence", order=5)
    assert [b.name for b in board.blocks_for(personas["viewer"])] == ["later"]


def nothing_here(user: Any, scope: Any) -> None:
    return None


def a_sentence(user: Any, scope: Any) -> board.Block:
    return board.Block("web/board/index_block.html", {"run": None})


def test_the_monitoring_block_counts_the_open_round_in_scope(personas: dict[str, Any]) -> None:
    call_command("instruments", "load-default", stdout=StringIO())
    version = InstrumentVersion.objects.get(instrument__code="waspada_default", number=1)
    day = timezone.localdate()
    round_ = services.open_round(personas["national_admin"], version=version, title="Putaran Desember",
                                 period_start=day, period_end=day + dt.timedelta(days=29),
                                 deadline=timezone.now() + dt.timedelta(days=1))  # fmt: skip
    Assignment.objects.filter(round=round_, kabkota_code="32.73").update(status=AssignmentStatus.SUBMITTED)
    covered = Assignment.objects.filter(round=round_).count()
    national = _block(_page(personas["national_admin"]), "monitoring")
    assert "Terbuka: Putaran Desember" in national and f"1 dari {covered} sudah diserahkan" in national
    assert f'href="/monitoring/rounds/{round_.pk}/board/"' in national
    kabkota = _block(_page(personas["kabkota_officer"]), "monitoring")
    assert "1 dari 1 sudah diserahkan (100%)" in kabkota and "Diajukan: <strong>1</strong>" in kabkota


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_full_board_speaks_the_readers_language(personas: dict[str, Any], scored: Any, incidents: None,
                                                  language: str) -> None:  # fmt: skip
    from tests.test_page_language import _catalogue, findings, visible_text

    msgids, indonesian = _catalogue()
    for role in ("national_admin", "province_officer", "kabkota_officer"):
        client = Client()
        client.force_login(personas[role])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get("/").content.decode()
        assert 'id="board-map"' in html or role == "national_admin"  # the small dataset has province layers only
        assert findings(visible_text(html), language, msgids, {role}, frozenset(indonesian)) == [], role
