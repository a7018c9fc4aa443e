"""The complete official regions: the derivation gives 37 governors, 415 regents and 93 mayors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from tests.audit_cleanup import audit_events_removed_afterwards
from waspada.elections.models import Contest, Election, ElectionImport, Stage, StageTag
from waspada.elections.selectors import stages_at
from waspada.elections.services import ImportResult, check_contests, import_elections
from waspada.regions.models import Region

pytestmark = [pytest.mark.fulldata, pytest.mark.xdist_group("fulldata"), pytest.mark.django_db]


def _delete_calendar() -> None:
    Contest.objects.all().delete()
    Stage.objects.all().delete()
    Election.objects.all().delete()
    StageTag.objects.all().delete()
    ElectionImport.objects.all().delete()


@pytest.fixture(scope="module")
def full_calendar(full_regions: Any, django_db_blocker: Any) -> Iterator[ImportResult]:
    """The 2024 calendar over the group's shared full import (tests/full_reference.py)."""
    with django_db_blocker.unblock(), audit_events_removed_afterwards():
        _delete_calendar()
        yield import_elections(settings.DOMAIN_DIR)
        _delete_calendar()


def test_contest_totals_match_the_domain_files(full_calendar: ImportResult) -> None:
    assert full_calendar.counts["contests"]["pilkada_2024"] == {"governor": 37, "mayor": 93, "regent": 415}
    check = check_contests(Election.objects.get(code="pilkada_2024"))
    assert check.ok, check.mismatches
    assert not any("contests" in warning for warning in full_calendar.warnings)


def test_no_head_in_jakarta_units_and_no_governor_in_yogyakarta(full_calendar: ImportResult) -> None:
    for code in ("pilkada_2024", "pilkada_2029"):  # the provisional next cycle follows the 2024 rules
        contests = Contest.objects.filter(election_id=code)
        jakarta = set(contests.filter(region__province_code="31").values_list("region_id", "kind"))
        assert jakarta == {("31", "governor")}
        yogyakarta = contests.filter(region__province_code="34")
        assert yogyakarta.count() == 5 and not yogyakarta.filter(kind="governor").exists()


def test_every_kabkota_has_pilkada_stages_on_voting_day(full_calendar: ImportResult) -> None:
    for region in Region.objects.filter(level__in=("kabupaten", "kota"), is_active=True):
        assert "pemungutan_suara" in stages_at(region, dt.date(2024, 11, 27)).tags, region.code
