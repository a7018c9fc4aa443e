"""Loading the published editions: what lands where, idempotency, all-or-nothing on a bad file, the pre-2022
Papua codes, and the project's own ikp_2024.yaml against the official region list."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.risk import factories_i17board as f
from waspada.core.audit.models import AuditEvent
from waspada.datafiles import parse_yaml
from waspada.risk import reference
from waspada.risk.models import ReferenceEdition, ReferenceScore
from waspada.risk.reference import ReferenceDataError, load_references

SMALL = """
editions:
  - code: ikp_test
    publisher: bawaslu
    name: IKP uji
    release_date: 2022-12-16
    scale: {min: 0, max: 100, higher_is_more_vulnerable: true}
    thresholds: {provinsi: [{category: tinggi, min: 68.5, max: 100}]}
    results:
      provinsi_approach_1:
        - {prov: "31", name: DKI Jakarta, score: 88.95, category: tinggi}
        - {prov: "32", name: Jawa Barat, score: 77.04, category: tinggi}
        - {prov: "35", name: Jawa Timur, score: 77.04, category: tinggi, alt_score: 74.04, alt_source: other}
        - {prov: "91", name: Papua (pre-2022 extent), score: 57.27, category: sedang}
      kabkota_top10:
        - {rank: 1, name: Kota Bandung, prov_now: "32", score: 91.5}
      dimension_notes: [A note kept as published.]
    sources: [one, other]
  - code: polri_test
    publisher: polri
    name: Polri uji
    stages:
      - {stage: 1, period: "from 2022-08", rawan: ["32"], sangat_rawan: ["35"]}
    sources: [one]
sources:
  - {id: one, url: "https://example.org/one"}
  - {id: other, url: "https://example.org/other", note: a second report}
"""


NEW_LIST = '      provinsi_new_list:\n        - {prov: "31", score: 1}\n'


@pytest.fixture
def regions(personas: dict[str, Any]) -> None:
    """31, 32, 32.73, 35, 35.78 from the small dataset and the personas; Papua as today's 91."""
    f.region("91", "Papua")


def _write(tmp_path: Path, text: str, name: str = "ikp.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _scores(code: str) -> dict[tuple[str, str], ReferenceScore]:
    return {(s.region_id, s.approach): s for s in ReferenceScore.objects.filter(edition__code=code)}


def test_load_puts_each_published_figure_on_its_region(regions: None, tmp_path: Path) -> None:
    result = load_references(_write(tmp_path, SMALL))
    assert result.changed and result.editions == {"ikp_test": 5, "polri_test": 2}
    edition = ReferenceEdition.objects.get(code="ikp_test")
    assert edition.release_date.isoformat() == "2022-12-16" and edition.higher_is_more_vulnerable
    assert edition.sources[1] == {"id": "other", "url": "https://example.org/other", "note": "a second report"}
    assert edition.details["thresholds"]["provinsi"][0]["min"] == 68.5
    assert edition.details["summary"]["dimension_notes"] == ["A note kept as published."]
    scores = _scores("ikp_test")
    # No rank published: ranked by score, equal scores sharing their place (1, 2, 2, 4).
    ranks = {code: scores[(code, "provincial_input")].rank for code in ("31", "32", "35", "91")}
    assert ranks == {"31": 1, "32": 2, "35": 2, "91": 4}
    assert (
        scores[("35", "provincial_input")].alt_score == 74.04
        and scores[("35", "provincial_input")].alt_source == "other"
    )
    assert scores[("32.73", "kabkota_direct")].level == "kabkota" and scores[("32.73", "kabkota_direct")].score == 91.5
    polri = _scores("polri_test")
    assert polri[("35", "tahap_1")].category == "tinggi" and polri[("35", "tahap_1")].alt_source == "polri:sangat_rawan"
    assert polri[("32", "tahap_1")].category == "sedang"
    event = AuditEvent.objects.get(action="risk.reference_load")
    assert event.batch["counts"] == {"editions": 2, "scores": 7, "removed": 0}


def test_a_second_load_of_the_same_file_changes_nothing(regions: None, tmp_path: Path) -> None:
    path = _write(tmp_path, SMALL)
    load_references(path)
    before = list(ReferenceScore.objects.order_by("pk").values_list("pk", "region_id", "score"))
    again = load_references(path)
    assert not again.changed and again.editions == {"ikp_test": 5, "polri_test": 2}
    assert list(ReferenceScore.objects.order_by("pk").values_list("pk", "region_id", "score")) == before
    assert AuditEvent.objects.filter(action="risk.reference_load").count() == 1
    # A changed file replaces the figures and drops editions it no longer has.
    without_polri = SMALL.split("  - code: polri_test")[0] + "sources:\n" + SMALL.split("\nsources:\n")[-1]
    changed = without_polri.replace("score: 88.95", "score: 89.0")
    result = load_references(_write(tmp_path, changed, "v2.yaml"))
    assert result.changed and list(ReferenceEdition.objects.values_list("code", flat=True)) == ["ikp_test"]
    assert _scores("ikp_test")[("31", "provincial_input")].score == 89.0


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (SMALL.replace('prov: "35", name: Jawa Timur', 'prov: "99", name: Nowhere'),
         "edition ikp_test.results.provinsi_approach_1[3]: province code '99' is not a known region"),
        (SMALL.replace("name: Kota Bandung", "name: Kota Bandunk"),
         "edition ikp_test.results.kabkota_top10[1]: no regency/city named 'Kota Bandunk' in province 32"),
        (SMALL.replace("sources: [one, other]", "sources: [one, missing]"),
         "edition ikp_test: unknown source ids ['missing']"),
        (SMALL.replace("score: 88.95", "score: tinggi"), "provinsi_approach_1[1]: score 'tinggi' is not a number"),
        (SMALL.replace("category: sedang", "category: rawan"), "category 'rawan' is not one of rendah, sedang, tinggi"),
        (SMALL.replace("      kabkota_top10:", NEW_LIST + "      kabkota_top10:"),
         "edition ikp_test.results.provinsi_new_list: unknown list of published figures"),
        ("editions: [\n", "not valid YAML"),
    ],
)  # fmt: skip
def test_a_bad_file_writes_nothing_and_names_the_entry(regions: None, tmp_path: Path, broken: str,
                                                        message: str) -> None:  # fmt: skip
    load_references(_write(tmp_path, SMALL))
    before = list(ReferenceScore.objects.order_by("pk").values_list("pk", "score"))
    with pytest.raises(ReferenceDataError, match=None) as caught:
        load_references(_write(tmp_path, broken, "broken.yaml"))
    assert message in str(caught.value)
    assert list(ReferenceScore.objects.order_by("pk").values_list("pk", "score")) == before


def test_the_command_prints_json_and_fails_with_exit_1(regions: None, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    call_command("index_references", "load", "--file", str(_write(tmp_path, SMALL)), "--json")
    assert '"changed": true' in capsys.readouterr().out
    with pytest.raises(CommandError) as caught:
        call_command("index_references", "load", "--file", str(_write(tmp_path, "editions: 3", "bad.yaml")))
    assert caught.value.returncode == 1 and "nothing was written" in str(caught.value)


def test_the_pre_2022_papua_figures_stay_on_91_and_92_with_their_extent(regions: None, tmp_path: Path) -> None:
    text = SMALL.replace("code: ikp_test", "code: bawaslu_ikp_2024")
    load_references(_write(tmp_path, text))
    edition = ReferenceEdition.objects.get(code="bawaslu_ikp_2024")
    assert edition.details["pre_2022_extent"] == {"91": ["91", "93", "94", "95"], "92": ["92", "96"]}
    assert _scores("bawaslu_ikp_2024")[("91", "provincial_input")].score == 57.27  # stored as published


class _OfficialRegions(reference._Regions):
    """The official list from data/regions (what `waspada regions import` loads), without a database."""

    def __init__(self) -> None:
        folder = Path(settings.DOMAIN_DIR).parent / "regions"
        with (folder / "provinces.csv").open(encoding="utf-8") as handle:
            self.provinces = {row["code"] for row in csv.DictReader(handle)}
        with (folder / "regencies.csv").open(encoding="utf-8") as handle:
            self.kabkota_codes = {(row["province_code"], row["name"].casefold()): row["code"]
                                  for row in csv.DictReader(handle)}  # fmt: skip


def test_the_projects_file_names_only_official_regions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reference, "_Regions", _OfficialRegions)
    data = parse_yaml((Path(settings.DOMAIN_DIR) / reference.REFERENCE_FILE).read_bytes())
    records = {r.code: r for r in reference.read_editions(data)}
    ikp = records["bawaslu_ikp_2024"]
    assert len([s for s in ikp.scores if s.approach == "provincial_input"]) == 34
    assert {s.region_code for s in ikp.scores if s.level == "kabkota"} >= {"94.07", "63.72", "12.23"}
    assert len(records["bawaslu_pemetaan_pilkada_2024"].scores) == 37
    assert sum(len(r.scores) for r in records.values()) == 152


def test_the_demo_loads_the_editions_only_when_missing(regions: None, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from io import StringIO

    from waspada.core import demo_steps

    assert demo_steps.steps()["risk.reference_editions"] == "waspada.risk.reference.demo_step"
    out, err = StringIO(), StringIO()
    reference.demo_step(out, err)  # the project's file names regions the small test dataset lacks
    assert "Published index editions not loaded: edition bawaslu_ikp_2024" in err.getvalue()
    assert not ReferenceEdition.objects.exists()
    monkeypatch.setattr(settings, "DOMAIN_DIR", tmp_path)
    _write(tmp_path, SMALL, reference.REFERENCE_FILE)
    reference.demo_step(out, err)
    assert "2 loaded (7 figures)" in out.getvalue() and ReferenceEdition.objects.count() == 2
    ReferenceEdition.objects.filter(code="polri_test").delete()
    reference.demo_step(out, err)  # some edition is there: left alone
    assert ReferenceEdition.objects.count() == 1
