"""The stage of a date: edges, outside every stage, contests deciding Pilkada stages, and time zones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from waspada.elections.models import Contest
from waspada.elections.selectors import Calendar, local_date_for, stages_at, stages_at_time
from waspada.regions.models import Region

pytestmark = pytest.mark.usefixtures("calendar")
D = dt.date
Get = Callable[[str], Region]


def codes(situation: object) -> list[tuple[str, str]]:
    return [(stage.election_id, stage.code) for stage in situation.stages]  # type: ignore[attr-defined]


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_before_the_first_stage_is_outside_every_stage(region: Get) -> None:
    situation = stages_at(region("32.73"), D(2022, 6, 13))
    assert situation.tags == ["luar_tahapan"] and situation.stages == [] and situation.outside
    assert situation.days_to_voting == {"pemilu_2024": 611, "pilkada_2024": 898}


def test_stages_began_on_14_june_2022(region: Get) -> None:
    situation = stages_at(region("32.73"), D(2022, 6, 14))
    assert situation.tags == ["perencanaan"]
    assert codes(situation) == [("pemilu_2024", "perencanaan_program_anggaran")]


def test_campaign_edges_are_inclusive(region: Get) -> None:
    kota = region("32.73")
    assert "kampanye" not in stages_at(kota, D(2023, 11, 27)).tags
    assert "kampanye" in stages_at(kota, D(2023, 11, 28)).tags
    last_day = stages_at(kota, D(2024, 2, 10))
    assert "kampanye" in last_day.tags and "masa_tenang" not in last_day.tags
    quiet = stages_at(kota, D(2024, 2, 11))
    assert "masa_tenang" in quiet.tags and "kampanye" not in quiet.tags


def test_pemilu_voting_day(region: Get) -> None:
    situation = stages_at(region("34.71"), D(2024, 2, 14))
    assert situation.tags == ["perencanaan", "pemungutan_suara", "penghitungan_suara"]
    assert situation.days_to_voting == {"pemilu_2024": 0, "pilkada_2024": 287}


def test_tags_of_both_elections_combine(region: Get) -> None:
    situation = stages_at(region("31.71"), D(2024, 6, 1))
    assert ("pemilu_2024", "perencanaan_program_anggaran") in codes(situation)
    assert ("pilkada_2024", "pemutakhiran_data_pemilih") in codes(situation)
    assert situation.tags == ["perencanaan", "pembentukan_badan_adhoc", "pendaftaran_pemantau",
                              "pemutakhiran_data_pemilih", "dukungan_perseorangan"]  # fmt: skip


def test_pilkada_voting_day_in_jayapura(region: Get) -> None:
    situation = stages_at(region("91.71"), D(2024, 11, 27))
    assert situation.as_dict() == {
        "region": "91.71",
        "date": "2024-11-27",
        "tags": ["pemungutan_suara", "penghitungan_suara", "rekapitulasi"],
        "stages": [
            {"election": "pilkada_2024", "code": "pemungutan_suara", "name": "Pemungutan suara"},
            {"election": "pilkada_2024", "code": "penghitungan_rekapitulasi",
             "name": "Penghitungan suara dan rekapitulasi hasil penghitungan suara"},
        ],
        "days_to_voting": {"pemilu_2024": -287, "pilkada_2024": 0},
    }  # fmt: skip


def test_jakarta_administrative_kota_has_pilkada_stages_through_the_governor(region: Get) -> None:
    for code in ("31.71", "31.01", "31.71.01.1001"):
        situation = stages_at(region(code), D(2024, 11, 27))
        assert "pemungutan_suara" in situation.tags, code
        assert situation.days_to_voting["pilkada_2024"] == 0


def test_yogyakarta_province_has_pilkada_stages_through_its_kabkota(region: Get) -> None:
    assert "pemungutan_suara" in stages_at(region("34"), D(2024, 11, 27)).tags
    assert "kampanye" in stages_at(region("34.04"), D(2024, 10, 1)).tags


def test_a_region_without_any_contest_has_no_pilkada_stages(region: Get) -> None:
    Contest.objects.filter(region__province_code="91").delete()
    situation = stages_at(region("91.71"), D(2024, 11, 27))
    assert situation.tags == ["luar_tahapan"]
    assert situation.days_to_voting == {"pemilu_2024": -287}
    assert "pemungutan_suara" in stages_at(region("91.71"), D(2024, 2, 14)).tags  # Pemilu applies everywhere


def test_national_view_combines_every_election() -> None:
    situation = stages_at(None, D(2024, 11, 27))
    assert situation.as_dict()["region"] is None and "pemungutan_suara" in situation.tags


def test_the_contingent_runoff_that_was_not_held_is_never_active(region: Get) -> None:
    situation = stages_at(region("32.73"), D(2024, 6, 26))
    assert "pemungutan_suara" not in situation.tags
    assert ("pemilu_2024", "pemungutan_suara_putaran_2") not in codes(situation)
    assert all(stage.code != "pemungutan_suara_putaran_2" for stage in situation.possible)


def test_half_dated_stages_are_active_on_their_known_day_and_possible_beyond(region: Get) -> None:
    kota = region("32.73")
    after_count = stages_at(kota, D(2024, 12, 20))  # recapitulation ended on 16 December
    assert after_count.tags == ["luar_tahapan"]
    assert [s.code for s in after_count.possible] == ["perselisihan_hasil"]
    rulings = stages_at(kota, D(2025, 2, 24))  # last day of disputes and first day of re-voting
    assert rulings.tags == ["perselisihan_hasil", "psu"]
    later = stages_at(kota, D(2025, 3, 10))
    assert later.tags == ["luar_tahapan"] and [s.code for s in later.possible] == ["psu"]
    assert stages_at(kota, D(2026, 6, 1)).possible == []  # beyond the horizon nothing is guessed


def test_undated_stages_are_never_active(region: Get) -> None:
    situation = stages_at(region("32.73"), D(2024, 4, 22))  # the Court's presidential ruling (unverified)
    assert "perselisihan_hasil" not in situation.tags and "penetapan_hasil" not in situation.tags


@pytest.mark.parametrize(
    ("code", "local_date", "voting"),
    [("91.71", D(2024, 11, 27), True), ("31.71", D(2024, 11, 26), False), ("32.73", D(2024, 11, 26), False)],
)
def test_1530_utc_is_voting_day_in_jayapura_only(region: Get, code: str, local_date: D, voting: bool) -> None:
    when = utc("2024-11-26T15:30:00Z")
    assert local_date_for(region(code), when) == local_date
    situation = stages_at_time(region(code), when)
    assert ("pemungutan_suara" in situation.tags) is voting
    assert ("masa_tenang" in situation.tags) is not voting


@pytest.mark.parametrize(
    ("code", "zone", "local_date"),
    [("61.71", "Asia/Pontianak", D(2024, 11, 26)), ("73.71", "Asia/Makassar", D(2024, 11, 27)),
     ("91.71", "Asia/Jayapura", D(2024, 11, 27))],
)  # fmt: skip
def test_three_zones_split_one_instant(region: Get, code: str, zone: str, local_date: D) -> None:
    kota = region(code)
    assert kota.timezone == zone
    assert local_date_for(kota, utc("2024-11-26T16:30:00Z")) == local_date  # 23:30 WIB, 00:30 WITA, 01:30 WIT


def test_local_date_needs_an_aware_instant(region: Get) -> None:
    with pytest.raises(ValueError, match="aware"):
        local_date_for(region("91.71"), dt.datetime(2024, 11, 26, 15, 30))


def test_one_calendar_serves_many_lookups(region: Get, django_assert_num_queries: object) -> None:
    regions = [region(code) for code in ("31.71", "34.71", "91.71", "61.01")]
    with django_assert_num_queries(4):  # type: ignore[operator]
        calendar = Calendar.load()
        results = [calendar.at(r, D(2024, 11, 27)).tags for r in regions for _ in range(25)]
    assert all("pemungutan_suara" in tags for tags in results)


def test_an_unknown_start_is_not_before_the_stages_listed_before_it(region: Get) -> None:
    # Pilkada disputes end 2025-02-24, start unknown; the stage before them starts on voting day.
    assert [s.code for s in stages_at(region("32.73"), D(2024, 11, 27)).possible] == ["perselisihan_hasil"]
    assert stages_at(region("32.73"), D(2024, 11, 26)).possible == []
    # The first Pilkada stage has nothing before it: planning is possible up to a year before 2024-01-26.
    assert [s.code for s in stages_at(region("32.73"), D(2023, 6, 1)).possible] == ["perencanaan_program_anggaran"]
