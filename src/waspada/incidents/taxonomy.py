"""`waspada incidents import-taxonomy`: read and validate taxonomy.yaml, then write it in one transaction.

All or nothing: every problem is collected, each naming the entry (`event_types[violence_clash].subtypes[2]`),
and nothing is written when there is one. Re-running with the same file changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from waspada import datafiles
from waspada.core.audit import record_batch
from waspada.incidents.models import ActorType, EventSubType, EventType, SeverityLevel, TaxonomyImport
from waspada.incidents.models.taxonomy import MAPPING_KEYS

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class TaxonomyError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class TaxonomyResult:
    path: str
    version: str
    checksum: str
    counts: dict[str, int] = field(default_factory=dict)
    changed: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "version": self.version, "checksum": self.checksum, "counts": self.counts,
                "changed": self.changed}  # fmt: skip


def _text(item: dict[str, Any], key: str, where: str, problems: list[str], *, required: bool = True) -> str:
    value = item.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(f"{where}: missing {key}")
        return ""
    return str(value).strip()


def _code(item: Any, where: str, problems: list[str], seen: set[str]) -> str | None:
    code = item.get("code") if isinstance(item, dict) else None
    if not isinstance(code, str) or not _CODE.match(code):
        problems.append(f"{where}: no valid code (lower-case snake_case)")
        return None
    if code in seen:
        problems.append(f"{where}: duplicate code {code}")
        return None
    seen.add(code)
    return code


def _check_mapping(values: dict[str, Any], where: str, vocab: dict[str, Any], problems: list[str]) -> None:
    snpk, acled, bawaslu = vocab["snpk"], vocab["acled"], vocab["bawaslu"]
    for key in ("snpk_category", "snpk_alternative"):
        if values.get(key) is not None and values[key] not in snpk:
            problems.append(f"{where}: {key} {values[key]!r} is not an SNPK category")
    etype = values.get("acled_event_type")
    if etype is not None and etype not in acled:
        problems.append(f"{where}: acled_event_type {etype!r} is not an ACLED event type")
    sub = values.get("acled_sub_event_type")
    if sub is not None and (etype is None or sub not in acled.get(etype, [])):
        problems.append(f"{where}: acled_sub_event_type {sub!r} is not a sub-event of {etype!r}")
    if values.get("bawaslu_legal_category") is not None and values["bawaslu_legal_category"] not in bawaslu:
        problems.append(f"{where}: bawaslu_legal_category {values['bawaslu_legal_category']!r} is unknown")


def _section(document: dict[str, Any], vocabulary: str, key: str) -> Any:
    """An outside vocabulary's entries: `snpk: {sources: [...], categories: [...]}` (data/domain/README.md)."""
    block = document.get(vocabulary)
    return (block.get(key) if isinstance(block, dict) else None) or []


def read_taxonomy(path: Path) -> dict[str, Any]:
    """The validated content, ready to write; TaxonomyError lists every problem."""
    try:
        document = datafiles.parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TaxonomyError([f"{path.name}: cannot read: {exc}"]) from exc
    if not isinstance(document, dict):
        raise TaxonomyError([f"{path.name}: not a YAML mapping"])
    problems: list[str] = []
    vocab = {
        "snpk": {item.get("code") for item in _section(document, "snpk", "categories") if isinstance(item, dict)},
        "acled": {k: list(v or []) for k, v in (_section(document, "acled", "event_types") or {}).items()},
        "bawaslu": {
            item.get("code") for item in _section(document, "bawaslu", "legal_categories") if isinstance(item, dict)
        },  # fmt: skip
    }
    event_types = _read_event_types(document.get("event_types"), vocab, problems)
    actor_types = _read_actor_types(document.get("actor_types"), problems)
    severity = _read_severity(document.get("severity_rubric"), problems)
    if problems:
        raise TaxonomyError([f"{path.name}: {problem}" for problem in problems])
    return {"version": str(document.get("version", "")), "event_types": event_types, "actor_types": actor_types,
            "severity": severity}  # fmt: skip


def _read_event_types(items: Any, vocab: dict[str, Any], problems: list[str]) -> list[dict[str, Any]]:
    if not isinstance(items, list) or not items:
        problems.append("no event_types list")
        return []
    out: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for position, item in enumerate(items):
        where = f"event_types[{position}]"
        code = _code(item, where, problems, seen)
        if code is None:
            continue
        where = f"event_types[{code}]"
        severity = item.get("default_severity")
        if not isinstance(severity, int) or not 1 <= severity <= 5:
            problems.append(f"{where}: default_severity must be 1-5")
            severity = 1
        mappings = item.get("mappings") or {}
        if not isinstance(mappings, dict):
            problems.append(f"{where}: mappings must be a mapping")
            mappings = {}
        _check_mapping(mappings, f"{where}.mappings", vocab, problems)
        subtypes: list[dict[str, Any]] = []
        sub_seen: set[Any] = set()
        for sub_position, sub in enumerate(item.get("subtypes") or []):
            sub_where = f"{where}.subtypes[{sub_position}]"
            sub_code = _code(sub, sub_where, problems, sub_seen)
            if sub_code is None:
                continue
            subtypes.append({"code": sub_code, "position": sub_position,
                             "label_id": _text(sub, "label_id", sub_where, problems),
                             "label_en": _text(sub, "label_en", sub_where, problems), "overrides": {}})  # fmt: skip
        by_code = {sub["code"]: sub for sub in subtypes}
        for sub_code, override in (mappings.get("subtype_overrides") or {}).items():
            o_where = f"{where}.mappings.subtype_overrides[{sub_code}]"
            if sub_code not in by_code:
                problems.append(f"{o_where}: no such sub-type")
                continue
            if not isinstance(override, dict) or set(override) - set(MAPPING_KEYS):
                problems.append(f"{o_where}: only {', '.join(MAPPING_KEYS)} may be overridden")
                continue
            merged = {key: mappings.get(key) for key in MAPPING_KEYS} | override
            _check_mapping(merged, o_where, vocab, problems)
            by_code[sub_code]["overrides"] = dict(override)
        out.append({
            "code": code, "position": position, "label_id": _text(item, "label_id", where, problems),
            "label_en": _text(item, "label_en", where, problems),
            "definition": " ".join(_text(item, "definition", where, problems).split()),
            "default_severity": severity, "keywords": list(item.get("keywords") or []),
            "snpk_category": mappings.get("snpk_category") or "",
            "snpk_alternative": mappings.get("snpk_alternative") or "",
            "acled_event_type": mappings.get("acled_event_type") or "",
            "acled_sub_event_type": mappings.get("acled_sub_event_type") or "",
            "bawaslu_legal_category": mappings.get("bawaslu_legal_category") or "",
            "mapping_notes": " ".join(str(mappings.get("notes") or "").split()),
            "sources": list(item.get("sources") or []),
            "subtypes": subtypes,
        })  # fmt: skip
    return out


def _read_actor_types(items: Any, problems: list[str]) -> list[dict[str, Any]]:
    if not isinstance(items, list) or not items:
        problems.append("no actor_types list")
        return []
    out: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for position, item in enumerate(items):
        code = _code(item, f"actor_types[{position}]", problems, seen)
        if code is None:
            continue
        where = f"actor_types[{code}]"
        inter = item.get("acled_inter")
        if inter is not None and (not isinstance(inter, int) or not 1 <= inter <= 8):
            problems.append(f"{where}: acled_inter must be 1-8 or null")
            inter = None
        out.append({"code": code, "position": position, "label_id": _text(item, "label_id", where, problems),
                    "label_en": _text(item, "label_en", where, problems), "acled_inter": inter,
                    "acled_note": " ".join(str(item.get("acled_note") or "").split())})  # fmt: skip
    return out


def _read_severity(items: Any, problems: list[str]) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        problems.append("no severity_rubric list")
        return []
    out: list[dict[str, Any]] = []
    for position, item in enumerate(items):
        level = item.get("level") if isinstance(item, dict) else None
        where = f"severity_rubric[{position}]"
        if not isinstance(level, int) or not 1 <= level <= 5:
            problems.append(f"{where}: level must be 1-5")
            continue
        lists: dict[str, list[str]] = {}
        for key in ("criteria_id", "criteria_en"):  # the rubric is shown in the reader's language
            criteria = item.get(key)
            if not isinstance(criteria, list) or not criteria:
                problems.append(f"severity_rubric[level {level}]: no {key}")
                criteria = []
            lists[key] = [str(c) for c in criteria]
        if lists["criteria_id"] and lists["criteria_en"] and len(lists["criteria_id"]) != len(lists["criteria_en"]):
            problems.append(f"severity_rubric[level {level}]: criteria_id and criteria_en differ in length")
        for key in ("examples_id", "examples_en"):
            lists[key] = [str(e) for e in item.get(key) or []]
        out.append({"level": level, "label_id": _text(item, "label_id", where, problems),
                    "label_en": _text(item, "label_en", where, problems), **lists})  # fmt: skip
    if sorted(row["level"] for row in out) != [1, 2, 3, 4, 5] and not problems:
        problems.append("severity_rubric must define levels 1 to 5 exactly once")
    return out


def import_taxonomy(domain_dir: Path, actor: Any = None) -> TaxonomyResult:
    path = domain_dir / "taxonomy.yaml"
    if not path.is_file():
        raise TaxonomyError([f"{path}: file not found"])
    data = read_taxonomy(path)
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    counts = {"event_types": len(data["event_types"]),
              "subtypes": sum(len(item["subtypes"]) for item in data["event_types"]),
              "actor_types": len(data["actor_types"]), "severity_levels": len(data["severity"])}  # fmt: skip
    result = TaxonomyResult(str(path), data["version"], checksum, counts)
    last = TaxonomyImport.objects.first()
    if last is not None and last.checksum == checksum and EventType.objects.exists() and not _rubric_lacks_indonesian():
        result.changed = False
        return result
    with transaction.atomic():
        for item in data["event_types"]:
            fields = {k: v for k, v in item.items() if k not in {"code", "subtypes"}}
            event_type, _created = EventType.objects.update_or_create(code=item["code"], defaults=fields)
            for sub in item["subtypes"]:
                EventSubType.objects.update_or_create(
                    event_type=event_type, code=sub["code"],
                    defaults={k: v for k, v in sub.items() if k != "code"},
                )  # fmt: skip
        for item in data["actor_types"]:
            ActorType.objects.update_or_create(
                code=item["code"], defaults={k: v for k, v in item.items() if k != "code"}
            )
        for item in data["severity"]:
            SeverityLevel.objects.update_or_create(
                level=item["level"], defaults={k: v for k, v in item.items() if k != "level"}
            )
        TaxonomyImport.objects.create(imported_at=timezone.now(), path=str(path), version=data["version"],
                                      checksum=checksum, counts=counts)  # fmt: skip
        record_batch(actor, "incidents.taxonomy_import", object_type="incidents.eventtype", job_id=uuid.uuid4().hex,
                     counts=counts, checksum=checksum)  # fmt: skip
    return result


def _rubric_lacks_indonesian() -> bool:
    """A rubric loaded before its criteria were kept in Indonesian (migration 0006 kept the English ones)."""
    return SeverityLevel.objects.filter(criteria_id=[]).exists()


def ensure_taxonomy(domain_dir: Path) -> None:
    """Import once when the tables are empty (demo data, first start), or to fill in the Indonesian rubric."""
    if not EventType.objects.exists() or _rubric_lacks_indonesian():
        import_taxonomy(domain_dir)
