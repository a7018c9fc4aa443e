"""Read and validate the election files of the domain folder; nothing here touches the database.

Files: every `elections_*.yaml` (one or more elections each, with a `sources:` list of `id` + `url`/`ref`),
`taxonomy.yaml` (stage tags) and `regions.yaml` (per-province contest rules, keyed by year:
`governor_contest_2024`, ...). The format is described in data/domain/README.md.
A new election is a new YAML file (or an admin entry), never code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from waspada import datafiles
from waspada.elections.models import OUTSIDE_STAGES, AppliesTo, ContestKind, ElectionKind

ELECTION_FILES = "elections_*.yaml"
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
# How the files name contest kinds (Indonesian) -> the model's kinds.
CONTEST_KEYS = {"gubernur": ContestKind.GOVERNOR, "bupati": ContestKind.REGENT, "wali_kota": ContestKind.MAYOR}
_DEFAULT_APPLIES = {ElectionKind.PEMILU: AppliesTo.EVERYWHERE, ElectionKind.PILKADA: AppliesTo.CONTEST_REGIONS,
                    ElectionKind.PSU: AppliesTo.LISTED_REGIONS, ElectionKind.SUSULAN: AppliesTo.LISTED_REGIONS,
                    ElectionKind.LANJUTAN: AppliesTo.LISTED_REGIONS}  # fmt: skip
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}){0,2}(\.\d{4})?$")


class ElectionDataError(Exception):
    """Every problem found in the files, one per line, each naming the file and the item."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class TagRecord:
    code: str
    label_id: str
    label_en: str
    position: int


@dataclass
class StageRecord:
    code: str
    position: int
    tag: str
    also_tags: list[str]
    name_id: str
    name_en: str
    start: dt.date | None
    end: dt.date | None
    optional: bool
    contingent_on: str
    held: bool | None
    rule: str
    note: str
    comments: list[str]
    sources: list[str]
    # The Indonesian of contingent_on, rule and note (`*_id` keys of the file).
    contingent_on_id: str = ""
    rule_id: str = ""
    note_id: str = ""


@dataclass
class ElectionRecord:
    code: str
    file: str
    position: int
    kind: str
    applies_to: str
    name_id: str
    name_en: str
    voting_day: dt.date | None
    legal_basis: list[str]
    contest_types: list[str]
    expected_contests: dict[str, int]
    details: dict[str, Any]
    sources: dict[str, str | None]
    stages: list[StageRecord] = field(default_factory=list)
    provisional: bool = False
    source_note_id: str = ""
    source_note_en: str = ""
    regions: list[str] = field(default_factory=list)
    legal_basis_id: list[str] = field(default_factory=list)
    source_labels: dict[str, str] = field(default_factory=dict)
    contest_rules_year: int | None = None  # which year's contest rules of regions.yaml (default: voting year)


@dataclass
class ProvinceRule:
    governor: bool | None
    kabkota: int | None  # None: the file does not say; every elected kab/kota then holds a contest


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def election_files(domain_dir: Path) -> list[Path]:
    return sorted(domain_dir.glob(ELECTION_FILES))


def _load(path: Path) -> Any:
    try:
        return datafiles.parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ElectionDataError([f"{path}: file missing (set WASPADA_DOMAIN_DIR or --domain-dir)"]) from exc
    except yaml.YAMLError as exc:
        raise ElectionDataError([f"{path}: not valid YAML ({exc})"]) from exc


def read_stage_tags(domain_dir: Path) -> list[TagRecord]:
    path = domain_dir / "taxonomy.yaml"
    document = _load(path)
    items = document.get("stage_tags") if isinstance(document, dict) else None
    if not isinstance(items, list) or not items:
        raise ElectionDataError([f"{path.name}: no stage_tags list"])
    tags, problems = [], []
    for position, item in enumerate(items):
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str) or not _CODE.match(code):
            problems.append(f"{path.name}: stage_tags[{position}] has no valid code")
            continue
        tags.append(TagRecord(code, str(item.get("label_id") or code), str(item.get("label_en") or ""), position))
    if OUTSIDE_STAGES not in {tag.code for tag in tags}:
        problems.append(f"{path.name}: stage_tags lacks {OUTSIDE_STAGES}")
    if problems:
        raise ElectionDataError(problems)
    return tags


def read_contest_rules(domain_dir: Path, year: int) -> dict[str, ProvinceRule]:
    """Province code -> whether it elects a governor in `year` and how many kab/kota heads it elects."""
    path = domain_dir / "regions.yaml"
    document = _load(path)
    rules: dict[str, ProvinceRule] = {}
    problems = []
    for item in (document or {}).get("provinces") or []:
        code = str(item.get("code", ""))
        governor = item.get(f"governor_contest_{year}")
        kabkota = item.get(f"pilkada_kabkota_contests_{year}")
        if governor is not None and not isinstance(governor, bool):
            problems.append(f"{path.name}: province {code}: governor_contest_{year} must be true or false")
        if kabkota is not None and (not isinstance(kabkota, int) or isinstance(kabkota, bool) or kabkota < 0):
            problems.append(f"{path.name}: province {code}: pilkada_kabkota_contests_{year} must be a count")
        if governor is not None or kabkota is not None:
            rules[code] = ProvinceRule(governor, kabkota)
    if problems:
        raise ElectionDataError(problems)
    return rules


def _date(value: Any, where: str, problems: list[str]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date (use YYYY-MM-DD or null)")
        return None


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _inline_comments(lines: list[str], first: int, last: int) -> list[str]:
    """Comments after a value (`held: false  # (unverified)`): YAML drops them, but users must see them."""
    found = []
    for line in lines[first : last + 1]:
        match = re.search(r"\s#\s?(.*)$", line)
        if match and line[: match.start()].strip() and line[: match.start()].count('"') % 2 == 0:
            found.append(match.group(1).strip())
    return found


def _stage_line_ranges(text: str) -> dict[tuple[int, int], tuple[int, int]]:
    """(election index, stage index) -> first and last line of that stage's mapping in the file."""
    ranges: dict[tuple[int, int], tuple[int, int]] = {}
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # C parser: marks are the same
    elections = next((v for k, v in getattr(root, "value", []) if k.value == "elections"), None)
    for e_index, election in enumerate(getattr(elections, "value", []) or []):
        stages = next((v for k, v in getattr(election, "value", []) if k.value == "stages"), None)
        for s_index, stage in enumerate(getattr(stages, "value", []) or []):
            last = stage.end_mark.line - (1 if stage.end_mark.column == 0 else 0)
            ranges[(e_index, s_index)] = (stage.start_mark.line, last)
    return ranges


def read_elections(domain_dir: Path, tags: set[str]) -> list[ElectionRecord]:
    files = election_files(domain_dir)
    if not files:
        raise ElectionDataError([f"{domain_dir}: no {ELECTION_FILES} file (set WASPADA_DOMAIN_DIR or --domain-dir)"])
    records: list[ElectionRecord] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in files:
        for record in _read_file(path, tags, problems):
            if record.code in seen:
                problems.append(f"{path.name}: election {record.code} is already defined in {seen[record.code]}")
            seen[record.code] = path.name
            record.position = len(records)
            records.append(record)
    if problems:
        raise ElectionDataError(problems)
    return records


def _read_file(path: Path, tags: set[str], problems: list[str]) -> list[ElectionRecord]:
    text = path.read_text(encoding="utf-8")
    document = _load(path)
    if not isinstance(document, dict) or not isinstance(document.get("elections"), list):
        problems.append(f"{path.name}: no elections list")
        return []
    sources = _sources(document.get("sources"), path.name, problems)
    labels = _source_labels(document.get("sources"))
    lines, ranges = text.splitlines(), _stage_line_ranges(text)
    records = []
    for e_index, item in enumerate(document["elections"]):
        record = _election(item, path.name, e_index, sources, problems)
        if record is None:
            continue
        record.source_labels = {ident: label for ident, label in labels.items() if ident in sources}
        codes: set[str] = set()
        for s_index, raw in enumerate(item.get("stages") or []):
            first, last = ranges.get((e_index, s_index), (0, -1))
            stage = _stage(raw, f"{path.name}: election {record.code}", s_index, tags, sources, problems)
            if stage is None:
                continue
            if stage.code in codes:
                problems.append(f"{path.name}: election {record.code}: stage {stage.code} appears twice")
            codes.add(stage.code)
            stage.comments = _inline_comments(lines, first, last)
            record.stages.append(stage)
        records.append(record)
    return records


def _sources(items: Any, file: str, problems: list[str]) -> dict[str, str | None]:
    """The file's `sources:` list (`- id: ...` with `url:` and/or `ref:`) as {id: URL or None}."""
    if items is None:
        return {}
    if not isinstance(items, list):
        problems.append(f"{file}: sources must be a list of entries with id and url or ref")
        return {}
    found: dict[str, str | None] = {}
    for index, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str) or not ident or not (item.get("url") or item.get("ref")):
            problems.append(f"{file}: sources[{index}] needs an id and a url or ref")
            continue
        if ident in found:
            problems.append(f"{file}: source id {ident} appears twice")
        found[ident] = str(item["url"]) if item.get("url") else None
    return found


def _source_labels(items: Any) -> dict[str, str]:
    """{id: the `title` of the entry, else its `ref`}; entries with neither are named by their host on pages."""
    found: dict[str, str] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            label = _text(item.get("title") or item.get("ref"))
            if label:
                found[item["id"]] = label
    return found


def _legal_basis(items: Any, where: str, problems: list[str]) -> tuple[list[str], list[str]]:
    """(English, Indonesian) lists; an item is one text for both languages or a mapping with `id` and `en`."""
    english: list[str] = []
    indonesian: list[str] = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            if not item.get("id") or not item.get("en"):
                problems.append(f"{where}: legal_basis[{index}] needs both id and en")
            english.append(_text(item.get("en") or item.get("id")))
            indonesian.append(_text(item.get("id") or item.get("en")))
        else:
            english.append(_text(item))
            indonesian.append(_text(item))
    return english, indonesian


def _election(
    item: Any, file: str, index: int, sources: dict[str, str | None], problems: list[str]
) -> ElectionRecord | None:
    code = item.get("code") if isinstance(item, dict) else None
    if not isinstance(code, str) or not _CODE.match(code):
        problems.append(f"{file}: elections[{index}] has no valid code (lower-case letters, digits, _)")
        return None
    where = f"{file}: election {code}"
    kind = item.get("kind")
    if kind not in ElectionKind.values:
        problems.append(f"{where}: kind must be one of {', '.join(ElectionKind.values)}")
        return None
    applies_to = item.get("applies_to") or _DEFAULT_APPLIES[ElectionKind(kind)]
    if applies_to not in AppliesTo.values:
        problems.append(f"{where}: applies_to must be one of {', '.join(AppliesTo.values)}")
    for key in ("name_id", "name_en"):
        if not item.get(key):
            problems.append(f"{where}: {key} is missing")
    contests = item.get("contests")
    expected = {}
    if isinstance(contests, dict):
        expected = {str(CONTEST_KEYS[k]): v for k, v in contests.items() if k in CONTEST_KEYS and isinstance(v, int)}
    provisional = item.get("provisional", False)
    if not isinstance(provisional, bool):
        problems.append(f"{where}: provisional must be true or false")
    regions = [str(code) for code in item.get("regions") or []]
    bad = [code for code in regions if not _REGION_CODE.match(code)]
    if bad:
        problems.append(f"{where}: regions {', '.join(bad)} are not Kemendagri codes (e.g. 32.73)")
    if applies_to == AppliesTo.LISTED_REGIONS and not regions:
        problems.append(f"{where}: applies_to listed_regions needs a regions list")
    note = item.get("source_note") if isinstance(item.get("source_note"), dict) else {}
    known = {"code", "kind", "applies_to", "name_id", "name_en", "voting_day", "legal_basis", "stages",
             "provisional", "source_note", "regions", "contest_rules_year"}  # fmt: skip
    legal_en, legal_id = _legal_basis(item.get("legal_basis"), where, problems)
    rules_year = item.get("contest_rules_year")
    if rules_year is not None and (not isinstance(rules_year, int) or isinstance(rules_year, bool)):
        problems.append(f"{where}: contest_rules_year must be a year")
        rules_year = None
    return ElectionRecord(
        code=code,
        file=file,
        position=index,
        kind=kind,
        applies_to=str(applies_to),
        name_id=_text(item.get("name_id")),
        name_en=_text(item.get("name_en")),
        voting_day=_date(item.get("voting_day"), f"{where}: voting_day", problems),
        legal_basis=legal_en,
        legal_basis_id=legal_id,
        contest_types=[str(c) for c in contests] if isinstance(contests, list) else [],
        expected_contests=expected,
        details=_jsonable({k: v for k, v in item.items() if k not in known}),
        sources=sources,
        provisional=provisional is True,
        source_note_id=_text(note.get("id")),
        source_note_en=_text(note.get("en")),
        regions=regions,
        contest_rules_year=rules_year,
    )


def _jsonable(value: Any) -> Any:
    """Dates become ISO strings so the file's remaining facts fit a JSON field."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _stage(
    item: Any, where: str, index: int, tags: set[str], sources: dict[str, str | None], problems: list[str]
) -> StageRecord | None:
    code = item.get("code") if isinstance(item, dict) else None
    if not isinstance(code, str) or not _CODE.match(code):
        problems.append(f"{where}: stages[{index}] has no valid code")
        return None
    where = f"{where}: stage {code}"
    tag = item.get("tag")
    also = [str(t) for t in item.get("also_tags") or []]
    for value in (tag, *also):
        if value not in tags or value == OUTSIDE_STAGES:
            problems.append(f"{where}: tag {value!r} is not a stage tag of taxonomy.yaml")
    for key in ("name_id", "name_en"):
        if not item.get(key):
            problems.append(f"{where}: {key} is missing")
    start = _date(item.get("start"), f"{where}: start", problems)
    end = _date(item.get("end"), f"{where}: end", problems)
    if start and end and start > end:
        problems.append(f"{where}: start {start} is after end {end} (inverted window)")
    ids = [str(s) for s in item.get("sources") or []]
    unknown = [s for s in ids if s not in sources]
    if unknown:
        problems.append(f"{where}: unknown source ids {', '.join(unknown)} (not in the file's sources list)")
    held = item.get("held")
    if held is not None and not isinstance(held, bool):
        problems.append(f"{where}: held must be true, false or absent")
    return StageRecord(
        code=code,
        position=index,
        tag=str(tag),
        also_tags=also,
        name_id=_text(item.get("name_id")),
        name_en=_text(item.get("name_en")),
        start=start,
        end=end,
        optional=bool(item.get("optional", False)),
        contingent_on=_text(item.get("contingent_on")),
        held=held if isinstance(held, bool) else None,
        rule=_text(item.get("rule")),
        note=_text(item.get("note")),
        comments=[],
        sources=ids,
        contingent_on_id=_text(item.get("contingent_on_id")),
        rule_id=_text(item.get("rule_id")),
        note_id=_text(item.get("note_id")),
    )
