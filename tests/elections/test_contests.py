"""Pilkada 2024 contests derived from the regions: Jakarta's units, DI Yogyakarta, and the cross-check."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from waspada.elections.models import Contest, Election
from waspada.elections.selectors import region_contests
from waspada.elections.services import ImportResult, check_contests, import_elections
from waspada.regions.models import Region

pytestmark = pytest.mark.usefixtures("calendar")


def _contests(**filters: object) -> set[tuple[str, str]]:
    return set(Contest.objects.filter(election="pilkada_2024", **filters).values_list("region_id", "kind"))


def test_jakarta_elects_a_governor_but_its_administrative_units_no_head() -> None:
    assert _contests(region__province_code="31") == {("31", "governor")}


def test_jakarta_units_are_inside_the_dki_governor_contest(region: Callable[[str], Region]) -> None:
    for code in ("31.01", "31.71", "31.75", "31.71.01", "31.71.01.1001"):
        covering = region_contests(region(code)).covering
        assert [(c.region_id, c.kind) for c in covering] == [("31", "governor")], code


def test_yogyakarta_has_no_governor_contest_but_regents_and_a_mayor(region: Callable[[str], Region]) -> None:
    assert _contests(region__province_code="34") == {
        ("34.01", "regent"), ("34.02", "regent"), ("34.03", "regent"), ("34.04", "regent"), ("34.71", "mayor"),
    }  # fmt: skip
    assert [(c.region_id, c.kind) for c in region_contests(region("34.71.01")).covering] == [("34.71", "mayor")]
    province = region_contests(region("34"))
    assert province.covering == [] and len(province.within) == 5


def test_other_provinces_elect_a_governor_and_every_kabkota_head(region: Callable[[str], Region]) -> None:
    assert _contests(region__province_code="32") == {("32", "governor"), ("32.04", "regent"), ("32.73", "mayor")}
    covering = region_contests(region("32.73.01")).covering
    assert [(c.region_id, c.kind) for c in covering] == [("32", "governor"), ("32.73", "mayor")]
    assert _contests(region__province_code="91") == {("91", "governor"), ("91.71", "mayor")}


def test_pemilu_has_no_regional_contests() -> None:
    assert not Contest.objects.filter(election="pemilu_2024").exists()


def test_check_passes_where_the_fixture_is_complete_and_names_the_rest() -> None:
    check = check_contests(Election.objects.get(code="pilkada_2024"))
    assert check.derived == {"governor": 5, "regent": 6, "mayor": 5}
    bad = {(m["scope"], m["kind"]) for m in check.mismatches}
    # DKI Jakarta (0 kab/kota heads) and DI Yogyakarta (no governor, 5 kab/kota heads) match regions.yaml.
    assert not {scope for scope, _ in bad} & {"31", "34"}
    assert ("32", "kabkota") in bad and ("32", "governor") not in bad
    assert {"scope": "32", "kind": "kabkota", "expected": 27, "derived": 2} in check.mismatches
    assert {"scope": "total", "kind": "governor", "expected": 37, "derived": 5} in check.mismatches
    assert ("11", "governor") in bad  # Aceh is not in the fixture


def test_check_command_exits_1_on_mismatch() -> None:
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("elections", "check-contests", "--json", stdout=out)
    assert failure.value.returncode == 1
    [check] = json.loads(out.getvalue())
    assert check["election"] == "pilkada_2024" and check["ok"] is False


def test_reimport_follows_the_regions_and_keeps_manual_contests(
    domain_dir: Path, region: Callable[[str], Region], calendar: ImportResult
) -> None:
    election = Election.objects.get(code="pilkada_2024")
    Contest.objects.create(election=election, region=region("31.71"), kind="mayor", origin="manual")
    Region.objects.filter(code="61.01").update(is_active=False)
    result = import_elections(domain_dir)
    assert result.counts["contests"]["pilkada_2024"] == {"governor": 5, "mayor": 6, "regent": 5}
    assert ("31.71", "mayor") in _contests() and ("61.01", "regent") not in _contests()
