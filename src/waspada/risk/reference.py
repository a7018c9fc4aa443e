"""Reading and loading the published index editions (data/domain/ikp_2024.yaml) as read-only reference rows.

`load_references` checks the whole file first (every edition, every published figure, every region it names,
every source id) and writes nothing when anything is wrong; a load of the same file again changes nothing.

Where the published lists go (docs/index-references.md):
- provinsi_approach_1 / provinsi_direct -> province, approach `provincial_input` (the province's own entry);
- provinsi_approach_2_top10 / provinsi_kabkota_aggregate(_order) -> province, `kabkota_aggregate`;
- kabkota_top10 / kabkota_order / Polri's top kab/kota scores -> kab/kota, `kabkota_direct`;
- the Pilkada 2024 mapping's province categories (with the indicator counts of its top five as the score)
  -> province, no approach;
- Polri's classed province lists -> province, approach `tahap_1`, `tahap_2`, `dpr_2024_11_11`, with
  sangat rawan read as tinggi and rawan as sedang (the class itself is kept in `alt_source`).
Lists with no order and no score (kabkota_named) and summary figures stay in the edition's `details`.

Papua: IKP 2024 was published before Papua (91) and Papua Barat (92) were split into today's 91-96. Its two
figures are stored on 91 and 92 as published, and the edition records in `details["pre_2022_extent"]` which
of today's provinces each covered; the comparison measures Waspada's index over that whole extent
(risk/compare.py). Nothing is spread over the new provinces and nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from waspada.core.audit.chain import record_batch
from waspada.datafiles import parse_yaml
from waspada.regions.models import KABKOTA_LEVELS, Region
from waspada.regions.models import Level as RegionLevel
from waspada.risk.models import Category, Level, ReferenceEdition, ReferenceScore

REFERENCE_FILE = "ikp_2024.yaml"

# Today's provinces inside the pre-2022 Papua and Papua Barat (UU 14, 15, 16/2022 and UU 29/2022).
PRE_2022_PROVINCES: dict[str, tuple[str, ...]] = {"91": ("91", "93", "94", "95"), "92": ("92", "96")}
# Editions whose province codes 91 and 92 mean the pre-2022 extent (the file's header says which).
PRE_2022_EDITIONS = frozenset({"bawaslu_ikp_2024"})

# results key -> (level, approach) for lists of published figures.
RESULT_LISTS: dict[str, tuple[str, str]] = {
    "provinsi_approach_1": (Level.PROVINCE, "provincial_input"),
    "provinsi_approach_2_top10": (Level.PROVINCE, "kabkota_aggregate"),
    "provinsi_direct": (Level.PROVINCE, "provincial_input"),
    "provinsi_kabkota_aggregate": (Level.PROVINCE, "kabkota_aggregate"),
    "provinsi_kabkota_aggregate_order": (Level.PROVINCE, "kabkota_aggregate"),
    "kabkota_top10": (Level.KABKOTA, "kabkota_direct"),
    "kabkota_order": (Level.KABKOTA, "kabkota_direct"),
}
# Lists kept as published in the edition's details: names without order or score.
DETAIL_LISTS = frozenset({"kabkota_named", "kabkota_tinggi_examples", "dimension_notes"})
# The Pilkada 2024 mapping's two lists, read together by _pilkada_categories.
PILKADA_LISTS = frozenset({"provinsi_categories", "provinsi_indicator_counts_top5"})
# Polri's classes read on Waspada's three categories.
POLRI_CLASSES = {"sangat_rawan": Category.TINGGI, "rawan": Category.SEDANG, "kurang_rawan": Category.RENDAH}


class ReferenceDataError(ValueError):
    """The file is not what the loader expects; the message names the edition and the entry."""


@dataclass
class ScoreRecord:
    region_code: str
    level: str
    approach: str
    score: float | None = None
    category: str = ""
    rank: int | None = None
    alt_score: float | None = None
    alt_source: str = ""


@dataclass
class EditionRecord:
    code: str
    publisher: str
    name: str
    theme: str
    release_date: dt.date | None
    higher_is_more_vulnerable: bool
    sources: list[dict[str, str]]
    details: dict[str, Any]
    scores: list[ScoreRecord] = field(default_factory=list)


@dataclass
class LoadResult:
    changed: bool
    editions: dict[str, int]  # code -> reference scores
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {"changed": self.changed, "editions": self.editions, "scores": sum(self.editions.values()),
                "sha256": self.sha256}  # fmt: skip


class _Regions:
    """Province codes and kab/kota names per province, read once, to check every region the file names."""

    def __init__(self) -> None:
        self.provinces = set(Region.objects.filter(level=RegionLevel.PROVINCE).values_list("code", flat=True))
        self.kabkota_codes: dict[tuple[str, str], str] = {
            (province, name.casefold()): code
            for code, province, name in Region.objects.filter(level__in=KABKOTA_LEVELS).values_list(
                "code", "province_code", "name"
            )
        }

    def province(self, code: Any, where: str) -> str:
        if not isinstance(code, str) or code not in self.provinces:
            raise ReferenceDataError(f"{where}: province code {code!r} is not a known region")
        return code

    def kabkota(self, province: Any, name: Any, where: str) -> str:
        self.province(province, where)
        code = self.kabkota_codes.get((province, str(name).casefold()))
        if code is None:
            raise ReferenceDataError(f"{where}: no regency/city named {name!r} in province {province}")
        return code


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReferenceDataError(f"{where}: score {value!r} is not a number")
    return float(value)


def _category(value: Any, where: str) -> str:
    if value in (None, ""):
        return ""
    if value not in Category.values:
        raise ReferenceDataError(f"{where}: category {value!r} is not one of {', '.join(Category.values)}")
    return str(value)


def _competition_ranks(scores: list[float | None]) -> list[int | None]:
    """1224 ranking by score, highest first (the published lists give equal scores the same place)."""
    ranks: list[int | None] = []
    for value in scores:
        ranks.append(None if value is None else 1 + sum(1 for other in scores if other is not None and other > value))
    return ranks


def _result_list(key: str, rows: Any, level: str, approach: str, regions: _Regions, where: str) -> list[ScoreRecord]:
    if not isinstance(rows, list):
        raise ReferenceDataError(f"{where}.{key}: expected a list")
    records: list[ScoreRecord] = []
    for position, row in enumerate(rows, start=1):
        at = f"{where}.{key}[{position}]"
        if not isinstance(row, dict):
            raise ReferenceDataError(f"{at}: expected a mapping")
        if level == Level.PROVINCE:
            code = regions.province(row.get("prov"), at)
        else:
            code = regions.kabkota(row.get("prov_now"), row.get("name"), at)
        rank = row.get("rank")
        if rank is not None and (not isinstance(rank, int) or rank < 1):
            raise ReferenceDataError(f"{at}: rank {rank!r} is not a positive whole number")
        records.append(ScoreRecord(
            code, level, approach, _number(row.get("score"), at), _category(row.get("category"), at), rank,
            _number(row.get("alt_score"), at), str(row.get("alt_source") or ""),
        ))  # fmt: skip
    if all(r.rank is None for r in records):  # unranked lists are ranked by their scores, else by their order
        if all(r.score is not None for r in records):
            for record, rank in zip(records, _competition_ranks([r.score for r in records]), strict=True):
                record.rank = rank
        else:
            for position, record in enumerate(records, start=1):
                record.rank = position
    return records


def _pilkada_categories(results: dict[str, Any], regions: _Regions, where: str) -> list[ScoreRecord]:
    """Categories for every province, with the indicator count as score where the top five were published."""
    counts: dict[str, tuple[int, float | None]] = {}
    for position, row in enumerate(results.get("provinsi_indicator_counts_top5") or [], start=1):
        at = f"{where}.provinsi_indicator_counts_top5[{position}]"
        counts[regions.province(row.get("prov"), at)] = (position, _number(row.get("indicators_occurred"), at))
    records: list[ScoreRecord] = []
    for category, codes in (results.get("provinsi_categories") or {}).items():
        at = f"{where}.provinsi_categories.{category}"
        for code in codes:
            regions.province(code, at)
            rank, score = counts.pop(code, (None, None))
            records.append(ScoreRecord(code, Level.PROVINCE, "", score, _category(category, at), rank))
    if counts:
        raise ReferenceDataError(f"{where}: indicator counts for provinces without a category: {sorted(counts)}")
    return records


def _polri_classes(
    lists: dict[str, Any], approach: str, regions: _Regions, where: str, seen: set[tuple[str, str]]
) -> list[ScoreRecord]:
    records = []
    for polri_class, codes in lists.items():
        if polri_class not in POLRI_CLASSES or not isinstance(codes, list):
            continue
        for code in codes:
            regions.province(code, f"{where}.{polri_class}")
            if (code, approach) in seen:
                raise ReferenceDataError(f"{where}: province {code} is listed twice")
            seen.add((code, approach))
            records.append(ScoreRecord(code, Level.PROVINCE, approach, None, POLRI_CLASSES[polri_class],
                                       alt_source=f"polri:{polri_class}"))  # fmt: skip
    return records


def _polri_scores(entry: dict[str, Any], regions: _Regions, where: str) -> list[ScoreRecord]:
    records: list[ScoreRecord] = []
    seen: set[tuple[str, str]] = set()
    for stage in entry.get("stages") or []:
        records += _polri_classes(stage, f"tahap_{stage.get('stage')}", regions, f"{where}.stages", seen)
    tahap_1 = entry.get("tahap_1") or {}
    if tahap_1.get("top_scores"):
        records += _result_list("tahap_1.top_scores", tahap_1["top_scores"], Level.KABKOTA, "kabkota_direct",
                                regions, where)  # fmt: skip
    for key, value in entry.items():
        if key.startswith("kapolri_to_dpr_") and isinstance(value, dict):
            lists = {name: (part.get("provinces") if isinstance(part, dict) else None) for name, part in value.items()}
            records += _polri_classes(lists, key.removeprefix("kapolri_to_"), regions, f"{where}.{key}", seen)
    return records


def _scores(entry: dict[str, Any], regions: _Regions, where: str) -> list[ScoreRecord]:
    if entry.get("publisher") == "polri":
        return _polri_scores(entry, regions, where)
    results = entry.get("results")
    if results is None:
        return []
    if not isinstance(results, dict):
        raise ReferenceDataError(f"{where}.results: expected a mapping or null")
    records: list[ScoreRecord] = []
    if "provinsi_categories" in results:
        records += _pilkada_categories(results, regions, f"{where}.results")
    for key, rows in results.items():
        if key in RESULT_LISTS:
            records += _result_list(key, rows, *RESULT_LISTS[key], regions, f"{where}.results")
        elif isinstance(rows, list) and rows and isinstance(rows[0], dict) and key not in DETAIL_LISTS | PILKADA_LISTS:
            # A list of figures this loader does not know where to put: refuse rather than skip it.
            raise ReferenceDataError(f"{where}.results.{key}: unknown list of published figures")
    seen: set[tuple[str, str]] = set()
    for record in records:
        if (record.region_code, record.approach) in seen:
            raise ReferenceDataError(f"{where}: {record.region_code} appears twice under approach "
                                     f"{record.approach or '(none)'}")  # fmt: skip
        seen.add((record.region_code, record.approach))
    return records


def _details(entry: dict[str, Any], code: str) -> dict[str, Any]:
    """Everything published besides the figures: method, structure, thresholds, counts, notes."""
    skip = {"code", "publisher", "name", "theme", "release_date", "sources"}
    details = {key: value for key, value in entry.items() if key not in skip}
    results = details.pop("results", None)
    if isinstance(results, dict):
        details["summary"] = {key: value for key, value in results.items()
                              if key not in RESULT_LISTS and key not in PILKADA_LISTS}  # fmt: skip
    if code in PRE_2022_EDITIONS:
        details["pre_2022_extent"] = {code: list(today) for code, today in PRE_2022_PROVINCES.items()}
    return _plain(details)


def _plain(value: Any) -> Any:
    """YAML dates as ISO text, so the details are JSON."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def read_editions(data: Any) -> list[EditionRecord]:
    """Every edition of a parsed file, checked against the regions in the database; raises ReferenceDataError."""
    if not isinstance(data, dict) or not isinstance(data.get("editions"), list):
        raise ReferenceDataError("the file has no list of editions")
    sources = {s.get("id"): s for s in data.get("sources") or [] if isinstance(s, dict)}
    regions = _Regions()
    records: list[EditionRecord] = []
    codes: set[str] = set()
    for number, entry in enumerate(data["editions"], start=1):
        if not isinstance(entry, dict):
            raise ReferenceDataError(f"edition {number}: expected a mapping")
        code, where = entry.get("code"), f"edition {number}"
        for key in ("code", "publisher", "name"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ReferenceDataError(f"{where}: `{key}` is missing")
        code = str(code)
        where = f"edition {code}"
        if code in codes:
            raise ReferenceDataError(f"{where}: the code is used twice")
        codes.add(code)
        release = entry.get("release_date")
        if release is not None and not isinstance(release, dt.date):
            raise ReferenceDataError(f"{where}: release_date {release!r} is not a date (YYYY-MM-DD)")
        cited = entry.get("sources") or []
        unknown = [s for s in cited if s not in sources]
        if unknown:
            raise ReferenceDataError(f"{where}: unknown source ids {unknown}")
        scale = entry.get("scale") or {}
        records.append(EditionRecord(
            code=code, publisher=entry["publisher"], name=entry["name"], theme=str(entry.get("theme") or ""),
            release_date=release, higher_is_more_vulnerable=bool(scale.get("higher_is_more_vulnerable", True)),
            sources=[{k: str(v) for k, v in sources[s].items()} for s in cited],
            details=_details(entry, code), scores=_scores(entry, regions, where),
        ))  # fmt: skip
    return records


def load_references(path: Path, *, actor: Any = None) -> LoadResult:
    """Load the editions of `path`; all-or-nothing, one audit event, nothing written when the file is unchanged."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReferenceDataError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        data = parse_yaml(raw)
    except Exception as exc:  # noqa: BLE001 - any parser error is the file's fault
        raise ReferenceDataError(f"{path.name}: not valid YAML ({exc})") from exc
    sha = hashlib.sha256(raw).hexdigest()
    records = read_editions(data)
    counts = {record.code: len(record.scores) for record in records}
    with transaction.atomic():
        loaded = dict(ReferenceEdition.objects.values_list("code", "file_sha256"))
        if loaded == dict.fromkeys(counts, sha):
            return LoadResult(False, counts, sha)
        removed, _ = ReferenceEdition.objects.exclude(code__in=counts).delete()
        for record in records:
            edition, _created = ReferenceEdition.objects.update_or_create(code=record.code, defaults={
                "publisher": record.publisher, "name": record.name, "theme": record.theme,
                "release_date": record.release_date, "higher_is_more_vulnerable": record.higher_is_more_vulnerable,
                "sources": record.sources, "details": record.details, "file_sha256": sha,
            })  # fmt: skip
            edition.scores.all().delete()
            ReferenceScore.objects.bulk_create(
                ReferenceScore(
                    edition=edition,
                    region_id=s.region_code,
                    level=s.level,
                    approach=s.approach,
                    score=s.score,
                    category=s.category,
                    rank=s.rank,
                    alt_score=s.alt_score,
                    alt_source=s.alt_source,
                )  # fmt: skip
                for s in record.scores
            )
        record_batch(
            actor,
            "risk.reference_load",
            object_type="risk.referenceedition",
            job_id=sha[:12],
            counts={"editions": len(records), "scores": sum(counts.values()), "removed": removed},
            checksum=sha,
            details={"file": path.name},
        )
    return LoadResult(True, counts, sha)


def source_links(sources: list[dict[str, str]]) -> list[dict[str, str]]:
    """What pages show for an edition's sources: the link text is the title, else the cited instrument, else the
    site's host (data/domain/README.md), never the source id."""
    links = []
    for source in sources:
        url = source.get("url", "")
        label = source.get("title") or source.get("ref") or urlsplit(url).hostname or url
        links.append({"url": url, "label": label.removeprefix("www."), "note": source.get("note", "")})
    return links


def demo_step(stdout: Any, stderr: Any) -> None:
    """`waspada demo`: load the published editions when none is in the database yet (core.demo_steps)."""
    if ReferenceEdition.objects.exists():
        return
    try:
        result = load_references(settings.DOMAIN_DIR / REFERENCE_FILE)
    except ReferenceDataError as exc:
        stderr.write(f"Published index editions not loaded: {exc}\n")
        return
    stdout.write(
        f"Published index editions: {len(result.editions)} loaded ({sum(result.editions.values())} figures).\n"
    )
