"""`waspada elections import`: counts, idempotency, validation naming the item, all-or-nothing, notes kept."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from waspada.core.audit.models import AuditEvent
from waspada.elections.models import Contest, Election, ElectionImport, Stage, StageTag
from waspada.elections.services import ElectionDataError, ImportResult, import_elections


@pytest.fixture
def domain_copy(tmp_path: Path, domain_dir: Path) -> Path:
    """A scratch copy of the domain files for tests that break them (never inside the repository)."""
    for name in ("elections_2024.yaml", "taxonomy.yaml", "regions.yaml"):
        shutil.copy(domain_dir / name, tmp_path / name)
    return tmp_path


def test_import_counts(calendar: ImportResult) -> None:
    assert StageTag.objects.count() == calendar.counts["stage_tags"] == 19
    assert list(Election.objects.values_list("code", flat=True)) == ["pemilu_2024", "pilkada_2024"]
    assert calendar.counts["elections"]["pemilu_2024"]["stages"] == 20
    assert calendar.counts["elections"]["pilkada_2024"]["stages"] == 17
    pemilu, pilkada = Election.objects.all()
    assert (pemilu.voting_day, pilkada.voting_day) == (dt.date(2024, 2, 14), dt.date(2024, 11, 27))
    assert (pemilu.applies_to, pilkada.applies_to) == ("everywhere", "contest_regions")
    assert pilkada.expected_contests == {"governor": 37, "regent": 415, "mayor": 93}
    assert pemilu.contest_types[0] == "presiden_wakil_presiden"
    assert pilkada.details["disputes"]["cases_registered"] == 310
    run = ElectionImport.objects.get()
    assert run.counts == calendar.counts and set(run.checksums) >= {"elections_2024.yaml", "taxonomy.yaml"}
    event = AuditEvent.objects.filter(action="elections.import").latest("seq")  # events are append-only
    assert event.batch["job_id"] == str(run.pk)
    assert event.batch["counts"] == {"stage_tags": 19, "elections": 2, "stages": 37, "contests": 16}


def test_values_keep_their_sources_and_doubts(calendar: ImportResult) -> None:
    registration = Stage.objects.get(election="pemilu_2024", code="pendaftaran_verifikasi_peserta")
    assert registration.sources_disagree and "2022-06-29" in registration.note
    assert registration.source_links[0] == (
        "pemilu_schedule_rbg",
        "https://rbg.id/politik/ini-jadwal-dan-tahapan-pemilu-2024",
    )
    runoff = Stage.objects.get(election="pemilu_2024", code="pemungutan_suara_putaran_2")
    assert runoff.optional and runoff.held is False and runoff.note_id == "(belum diverifikasi)" and runoff.unverified
    counting = Stage.objects.get(election="pilkada_2024", code="penghitungan_rekapitulasi")
    assert counting.tags == ["rekapitulasi", "penghitungan_suara"]
    declaration = Stage.objects.get(election="pemilu_2024", code="penetapan_hasil")
    assert declaration.start is None and declaration.end is None and "Constitutional Court" in declaration.rule
    assert Stage.objects.get(election="pemilu_2024", code="perselisihan_hasil").sources == []


def test_import_is_idempotent(calendar: ImportResult, domain_dir: Path) -> None:
    before = list(Stage.objects.values_list("election", "code", "start", "end", "tag").order_by("pk"))
    contests = list(Contest.objects.values_list("pk", "region", "kind").order_by("pk"))
    again = import_elections(domain_dir)
    assert again.counts == calendar.counts
    assert list(Stage.objects.values_list("election", "code", "start", "end", "tag").order_by("pk")) == before
    assert list(Contest.objects.values_list("pk", "region", "kind").order_by("pk")) == contests
    assert ElectionImport.objects.count() == 2


def test_a_trailing_comment_on_a_stage_value_stays_visible(calendar_regions: None, domain_copy: Path) -> None:
    path = domain_copy / "elections_2024.yaml"
    path.write_text(path.read_text().replace("end: 2024-02-13\n", "end: 2024-02-13    # (unverified)\n", 1))
    import_elections(domain_copy)
    quiet = Stage.objects.get(election="pemilu_2024", code="masa_tenang")
    assert quiet.comments == ["(unverified)"] and quiet.unverified


def test_notes_rules_and_legal_basis_are_kept_in_both_languages(calendar: ImportResult) -> None:
    declaration = Stage.objects.get(election="pemilu_2024", code="penetapan_hasil")
    assert "Constitutional Court" in declaration.rule and "Mahkamah Konstitusi" in declaration.rule_id
    runoff = Stage.objects.get(election="pemilu_2024", code="kampanye_putaran_2")
    assert runoff.contingent_on.startswith("the first round") and "putaran pertama" in runoff.contingent_on_id
    pilkada = Election.objects.get(code="pilkada_2024")
    assert len(pilkada.legal_basis) == len(pilkada.legal_basis_id) == 3
    assert "second amendment" in pilkada.legal_basis[0] and "perubahan kedua" in pilkada.legal_basis_id[0]
    with translation.override("id"):
        assert declaration.rule_text == declaration.rule_id and pilkada.legal_basis_text == pilkada.legal_basis_id
    with translation.override("en"):
        assert declaration.rule_text == declaration.rule and pilkada.legal_basis_text == pilkada.legal_basis


def test_a_note_without_its_indonesian_is_reported(calendar_regions: None, domain_copy: Path) -> None:
    assert not any("_id (Indonesian)" in warning for warning in import_elections(domain_copy).warnings)
    path = domain_copy / "elections_2024.yaml"
    path.write_text(path.read_text().replace("note_id: Ringkasan jadwal tidak memuat tanggal mulai", "x: ", 1))
    warnings = import_elections(domain_copy).warnings
    assert "pilkada_2024/perencanaan_program_anggaran: note has no note_id (Indonesian)" in warnings


def test_a_legal_basis_item_needs_both_languages(calendar_regions: None, domain_copy: Path) -> None:
    path = domain_copy / "elections_2024.yaml"
    path.write_text(path.read_text().replace("        id: UU 10/2016 (perubahan kedua", "        xx: UU 10/2016 (", 1))
    with pytest.raises(ElectionDataError, match=r"election pilkada_2024: legal_basis\[0\] needs both id and en"):
        import_elections(domain_copy)


def test_inverted_window_is_an_error_naming_the_stage(calendar_regions: None, domain_copy: Path) -> None:
    path = domain_copy / "elections_2024.yaml"
    path.write_text(path.read_text().replace("end: 2024-02-10", "end: 2023-11-01", 1))
    with pytest.raises(ElectionDataError, match=r"election pemilu_2024: stage kampanye: start 2023-11-28 is after end"):
        import_elections(domain_copy)
    assert Election.objects.count() == 0 and StageTag.objects.count() == 0 and ElectionImport.objects.count() == 0


def test_failed_reimport_leaves_the_previous_calendar(calendar: ImportResult, domain_copy: Path) -> None:
    path = domain_copy / "elections_2024.yaml"
    text = path.read_text().replace("tag: masa_tenang", "tag: masa_sepi").replace("start: 2024-11-27", "start: 27/11")
    path.write_text(text)
    with pytest.raises(ElectionDataError) as failure:
        import_elections(domain_copy)
    problems = "\n".join(failure.value.problems)
    assert "stage masa_tenang: tag 'masa_sepi' is not a stage tag" in problems
    assert "stage pemungutan_suara: start: '27/11' is not a date" in problems
    assert Stage.objects.get(election="pemilu_2024", code="masa_tenang").tag_id == "masa_tenang"
    assert ElectionImport.objects.count() == 1


def test_overlapping_and_open_stages_are_valid(calendar: ImportResult) -> None:
    psu = Stage.objects.get(election="pilkada_2024", code="psu")
    assert psu.start == dt.date(2025, 2, 24) and psu.end is None
    assert Stage.objects.filter(election="pilkada_2024", start__lte=dt.date(2024, 11, 27),
                                end__gte=dt.date(2024, 11, 27)).count() == 2  # fmt: skip


def test_a_new_election_is_a_new_file(calendar_regions: None, domain_copy: Path) -> None:
    (domain_copy / "elections_2029.yaml").write_text(
        "elections:\n"
        "  - code: pemilu_2029\n    kind: pemilu\n    name_id: Pemilu 2029\n    name_en: 2029 election\n"
        "    voting_day: 2029-02-14\n    stages:\n"
        "      - {code: pemungutan_suara, tag: pemungutan_suara, name_id: Pemungutan suara, name_en: Voting,"
        " start: 2029-02-14, end: 2029-02-14, sources: [kpu]}\n"
        "sources:\n  - id: kpu\n    url: https://kpu.go.id\n"
    )
    result = import_elections(domain_copy)
    assert result.counts["elections"]["pemilu_2029"] == {"stages": 1, "stages_removed": 0}
    assert Election.objects.get(code="pemilu_2029").source_file == "elections_2029.yaml"


def test_stage_dropped_from_the_file_is_removed(calendar: ImportResult, domain_copy: Path) -> None:
    path = domain_copy / "elections_2024.yaml"
    text = path.read_text()
    start = text.index("      - code: pengundian_nomor_urut")
    end = text.index("      - code: kampanye\n", start)
    path.write_text(text[:start] + text[end:])
    result = import_elections(domain_copy)
    assert result.counts["elections"]["pilkada_2024"] == {"stages": 16, "stages_removed": 1}
    assert not Stage.objects.filter(election="pilkada_2024", code="pengundian_nomor_urut").exists()


def test_cli_import_json_and_failure_exit_code(calendar_regions: None, domain_copy: Path) -> None:
    out = StringIO()
    call_command("elections", "import", "--domain-dir", str(domain_copy), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["counts"]["contests"]["pilkada_2024"] == {"governor": 5, "mayor": 5, "regent": 6}
    assert {check["election"] for check in result["contest_checks"]} == {"pilkada_2024"}
    path = domain_copy / "elections_2024.yaml"
    path.write_text(path.read_text().replace("end: 2024-11-23", "end: 2024-09-01"))
    with pytest.raises(CommandError, match="stage kampanye") as failure:
        call_command("elections", "import", "--domain-dir", str(domain_copy))
    assert failure.value.returncode == 1


def test_missing_domain_dir_is_reported(db: None, tmp_path: Path) -> None:
    with pytest.raises(ElectionDataError, match="taxonomy.yaml: file missing"):
        import_elections(tmp_path)
