"""`waspada elections import`: validate every file first, then write everything in one transaction.

Contests of a Pilkada are derived from the regions in the database and the per-province rules of
regions.yaml (year = the election's voting year): a governor where `governor_contest_<year>` is true;
a regent or mayor for every active, non-administrative kabupaten or kota of a province whose
`pilkada_kabkota_contests_<year>` is not 0. The counts in the files are then a cross-check.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from waspada.core.audit import record_batch
from waspada.elections.models import (
    AppliesTo,
    Contest,
    ContestKind,
    ContestOrigin,
    Election,
    ElectionImport,
    ElectionKind,
    ElectionOrigin,
    Stage,
    StageTag,
)
from waspada.elections.sources import (
    ElectionDataError,
    ElectionRecord,
    ProvinceRule,
    checksum,
    election_files,
    read_contest_rules,
    read_elections,
    read_stage_tags,
)
from waspada.regions.models import Level, Region

__all__ = ["ContestCheck", "ElectionDataError", "ImportResult", "check_contests", "import_elections"]


@dataclass
class ContestCheck:
    """Derived contests against the counts the files state, per province and in total."""

    election: str
    derived: dict[str, int]
    expected: dict[str, int]
    mismatches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


@dataclass
class ImportResult:
    counts: dict[str, Any]
    warnings: list[str]
    checks: list[ContestCheck]
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "warnings": self.warnings,
            "contest_checks": [check.as_dict() for check in self.checks],
            "seconds": round(self.seconds, 2),
        }


def import_elections(domain_dir: Path, *, actor: Any = None) -> ImportResult:
    """Load stage tags, elections, stages and derived contests; idempotent and all-or-nothing.

    Records one ElectionImport row and one audit event (a batch is one event: docs/architecture.md, Writes and the
    audit trail)."""
    started_at, clock = timezone.now(), time.perf_counter()
    tags = read_stage_tags(domain_dir)
    records = read_elections(domain_dir, {tag.code for tag in tags})
    rules = {
        record.code: read_contest_rules(domain_dir, record.contest_rules_year or record.voting_day.year)
        for record in records
        if record.applies_to == AppliesTo.CONTEST_REGIONS and record.voting_day
    }
    warnings = _consistency_warnings(records, rules)
    files = [domain_dir / "taxonomy.yaml", domain_dir / "regions.yaml", *election_files(domain_dir)]
    with transaction.atomic():
        for tag in tags:
            StageTag.objects.update_or_create(
                code=tag.code, defaults={"label_id": tag.label_id, "label_en": tag.label_en, "position": tag.position}
            )
        counts: dict[str, Any] = {"stage_tags": len(tags), "elections": {}, "contests": {}, "kept_entered": []}
        entered = set(Election.objects.filter(origin=ElectionOrigin.ENTERED).values_list("code", flat=True))
        for record in records:
            if record.code in entered:
                # A national admin entered (or edited) this cycle: the admin's dates win, the file is only noted.
                counts["kept_entered"].append(record.code)
                warnings.append(f"{record.code}: entered by a national admin; the file's version was not applied")
                continue
            election, removed = _write_election(record, rules.get(record.code, {}))
            counts["elections"][record.code] = {"stages": len(record.stages), "stages_removed": removed}
            if record.applies_to == AppliesTo.CONTEST_REGIONS:
                counts["contests"][record.code] = _write_contests(election, warnings)
        checks = [check_contests(election) for election in Election.objects.filter(code__in=counts["contests"])]
        warnings += [f"{check.election}: {_describe(m)}" for check in checks for m in check.mismatches]
        run = ElectionImport.objects.create(
            started_at=started_at,
            finished_at=timezone.now(),
            domain_dir=str(domain_dir),
            checksums={path.name: checksum(path) for path in files if path.is_file()},
            counts=counts,
            report={"warnings": warnings, "contest_checks": [check.as_dict() for check in checks]},
        )
        record_batch(
            actor,
            "elections.import",
            object_type="elections.electionimport",
            job_id=str(run.pk),
            counts={
                "stage_tags": len(tags),
                "elections": len(records) - len(counts["kept_entered"]),
                "stages": sum(len(r.stages) for r in records if r.code not in counts["kept_entered"]),
                "contests": sum(sum(kinds.values()) for kinds in counts["contests"].values()),
            },
            checksum=hashlib.sha256(json.dumps(run.checksums, sort_keys=True).encode()).hexdigest(),
            details={"domain_dir": str(domain_dir), "warnings": len(warnings)},
        )
    return ImportResult(counts, warnings, checks, time.perf_counter() - clock)


def _write_election(record: ElectionRecord, rules: dict[str, ProvinceRule]) -> tuple[Election, int]:
    confirmed = Election.objects.filter(code=record.code, confirmed_at__isnull=False).exists()
    election, _created = Election.objects.update_or_create(
        code=record.code,
        defaults={
            "kind": record.kind,
            "applies_to": record.applies_to,
            "name_id": record.name_id,
            "name_en": record.name_en,
            "voting_day": record.voting_day,
            "legal_basis": record.legal_basis,
            "legal_basis_id": record.legal_basis_id,
            "contest_types": record.contest_types,
            "expected_contests": record.expected_contests,
            "contest_rules": {code: asdict(rule) for code, rule in sorted(rules.items())},
            "details": record.details,
            "sources": record.sources,
            "source_labels": record.source_labels,
            "source_file": record.file,
            "position": record.position,
            "origin": ElectionOrigin.IMPORTED,
            # An admin's confirmation stands until the file drops the flag; the file cannot un-confirm it.
            "provisional": record.provisional and not confirmed,
            "source_note_id": record.source_note_id,
            "source_note_en": record.source_note_en,
            "regions": record.regions,
        },
    )
    for stage in record.stages:
        Stage.objects.update_or_create(
            election=election,
            code=stage.code,
            defaults={
                "position": stage.position,
                "tag_id": stage.tag,
                "also_tags": stage.also_tags,
                "name_id": stage.name_id,
                "name_en": stage.name_en,
                "start": stage.start,
                "end": stage.end,
                "optional": stage.optional,
                "contingent_on": stage.contingent_on,
                "contingent_on_id": stage.contingent_on_id,
                "held": stage.held,
                "rule": stage.rule,
                "rule_id": stage.rule_id,
                "note": stage.note,
                "note_id": stage.note_id,
                "comments": stage.comments,
                "sources": stage.sources,
            },
        )
    # The file is the authority for the elections it defines: a stage it no longer lists goes.
    removed, _ = election.stages.exclude(code__in=[stage.code for stage in record.stages]).delete()
    return election, removed


def derive_contests(election: Election) -> set[tuple[str, str]]:
    """(region code, contest kind) pairs that the regions in the database and the rules give."""
    rules = election.contest_rules
    wanted: set[tuple[str, str]] = set()
    provinces = Region.objects.filter(is_active=True, level=Level.PROVINCE).values_list("code", flat=True)
    for code in provinces:
        if (rules.get(code) or {}).get("governor"):
            wanted.add((code, ContestKind.GOVERNOR))
    kabkota = Region.objects.filter(
        is_active=True, is_administrative=False, level__in=(Level.KABUPATEN, Level.KOTA)
    ).values_list("code", "level", "province_code")
    for code, level, province in kabkota:
        rule = rules.get(province)
        if rule is not None and rule.get("kabkota") != 0:
            wanted.add((code, ContestKind.REGENT if level == Level.KABUPATEN else ContestKind.MAYOR))
    return wanted


def _write_contests(election: Election, warnings: list[str]) -> dict[str, int]:
    """Replace the derived contests; contests entered by hand in the admin are left alone."""
    if election.kind == ElectionKind.PILKADA and not election.contest_rules:
        warnings.append(f"{election.code}: regions.yaml has no contest rules for its year; no contests derived")
    if not Region.objects.exists():
        warnings.append(f"{election.code}: no regions in the database; run `waspada regions import` first")
    wanted = derive_contests(election)
    rows = Contest.objects.filter(election=election).values_list("pk", "region_id", "kind", "origin")
    existing = {(region, kind): (pk, origin) for pk, region, kind, origin in rows}
    stale = [pk for key, (pk, origin) in existing.items() if key not in wanted and origin == ContestOrigin.DERIVED]
    Contest.objects.filter(pk__in=stale).delete()
    Contest.objects.bulk_create(
        [
            Contest(election=election, region_id=region, kind=kind, origin=ContestOrigin.DERIVED)
            for region, kind in sorted(wanted - existing.keys())
        ]
    )
    return dict(sorted(Counter(Contest.objects.filter(election=election).values_list("kind", flat=True)).items()))


def check_contests(election: Election) -> ContestCheck:
    """Compare the contests in the database with regions.yaml per province and the file's totals."""
    contests = list(Contest.objects.filter(election=election).values_list("region__province_code", "kind"))
    derived = {kind: 0 for kind in ContestKind.values} | Counter(kind for _, kind in contests)
    check = ContestCheck(election.code, dict(derived), dict(election.expected_contests))
    per_province = Counter(
        (province, "governor" if kind == ContestKind.GOVERNOR else "kabkota") for province, kind in contests
    )
    for code, rule in sorted(election.contest_rules.items()):
        for key, expected in (("governor", int(bool(rule.get("governor")))), ("kabkota", rule.get("kabkota"))):
            if expected is not None and per_province[(code, key)] != expected:
                check.mismatches.append(
                    {"scope": code, "kind": key, "expected": expected, "derived": per_province[(code, key)]}
                )
    for kind, expected in sorted(election.expected_contests.items()):
        if derived.get(kind, 0) != expected:
            check.mismatches.append({"scope": "total", "kind": kind, "expected": expected, "derived": derived[kind]})
    return check


def _describe(mismatch: dict[str, Any]) -> str:
    where = "in total" if mismatch["scope"] == "total" else f"in province {mismatch['scope']}"
    return f"{mismatch['derived']} {mismatch['kind']} contests {where}, the data says {mismatch['expected']}"


def _consistency_warnings(records: list[ElectionRecord], rules: dict[str, dict[str, ProvinceRule]]) -> list[str]:
    """Facts that disagree inside the files; reported, not fatal (the files are the authority)."""
    warnings = []
    for record in records:
        voting = [s for s in record.stages if s.tag == "pemungutan_suara" and not s.optional]
        if record.voting_day and voting and all(s.start != record.voting_day for s in voting):
            warnings.append(f"{record.code}: no voting stage starts on voting_day {record.voting_day}")
        for stage in record.stages:
            if stage.start is None and stage.end is None and not stage.optional:
                warnings.append(f"{record.code}/{stage.code}: no dates; never active by date")
            for key in ("note", "rule", "contingent_on"):  # readers see these in their language
                if getattr(stage, key) and not getattr(stage, f"{key}_id"):
                    warnings.append(f"{record.code}/{stage.code}: {key} has no {key}_id (Indonesian)")
        province_rules = rules.get(record.code)
        if province_rules and record.expected_contests:
            governors = sum(1 for rule in province_rules.values() if rule.governor)
            kabkota = sum(rule.kabkota or 0 for rule in province_rules.values())
            expected = record.expected_contests
            if governors != expected.get(ContestKind.GOVERNOR, governors):
                warnings.append(f"{record.code}: regions.yaml gives {governors} governor contests, the file {expected}")
            wanted = expected.get(ContestKind.REGENT, 0) + expected.get(ContestKind.MAYOR, 0)
            if wanted and kabkota != wanted:
                warnings.append(f"{record.code}: regions.yaml gives {kabkota} kab/kota contests, the file {wanted}")
    return warnings
