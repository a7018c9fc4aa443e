"""Reference data for classification: the event taxonomy and the 2024 parties and tickets.

Read from the domain folder (the repository's data/domain, or $WASPADA_DOMAIN_DIR), never copied
into code: event codes, keywords, default severities and actor types come from taxonomy.yaml, parties
and tickets from parties_2024.yaml.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from waspada import datafiles
from waspada.datafiles import CHECKOUT_DOMAIN_DIR

TAXONOMY_FILE = "taxonomy.yaml"
PARTIES_FILE = "parties_2024.yaml"


class DomainDataError(FileNotFoundError):
    """The taxonomy or parties file cannot be found or read."""


@dataclass(frozen=True, slots=True)
class EventType:
    code: str
    label_id: str
    label_en: str
    keywords: tuple[str, ...]
    default_severity: int


@dataclass(frozen=True, slots=True)
class Taxonomy:
    event_types: tuple[EventType, ...]
    actor_types: tuple[str, ...]
    severity_levels: tuple[int, ...]
    sha256: str
    by_code: dict[str, EventType] = field(default_factory=dict)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(e.code for e in self.event_types)


@dataclass(frozen=True, slots=True)
class Party:
    code: str
    name: str
    number: int
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ticket:
    number: int
    name: str  # "Prabowo Subianto - Gibran Rakabuming Raka"
    aliases: tuple[str, ...]


def find_domain_dir(explicit: str | os.PathLike[str] | None = None,
                    data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding taxonomy.yaml: explicit, $WASPADA_DOMAIN_DIR, the checkout's data/domain, then
    domain/ inside <data_dir> or $WASPADA_DATA_DIR (an installed package without a checkout). A data folder
    given for another region edition does not replace the checkout's domain facts."""
    cands: list[Path] = []
    if explicit:
        cands.append(Path(explicit))
    if os.environ.get("WASPADA_DOMAIN_DIR"):
        cands.append(Path(os.environ["WASPADA_DOMAIN_DIR"]))
    cands.append(CHECKOUT_DOMAIN_DIR)
    for d in (data_dir, os.environ.get("WASPADA_DATA_DIR")):
        if d:
            cands.append(Path(d) / "domain")
    for c in cands:
        if (c / TAXONOMY_FILE).is_file():
            return c
    if explicit:
        raise DomainDataError(f"{TAXONOMY_FILE} not found in {explicit}")
    raise DomainDataError(
        f"{TAXONOMY_FILE} not found: set WASPADA_DOMAIN_DIR (the repository keeps it in data/domain)")


def _read_yaml(path: Path) -> tuple[Any, str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DomainDataError(f"cannot read {path}: {exc.strerror or exc}") from None
    return datafiles.parse_yaml(raw), hashlib.sha256(raw).hexdigest()


@lru_cache(maxsize=8)
def load_taxonomy(domain_dir: Path) -> Taxonomy:
    doc, digest = _read_yaml(Path(domain_dir) / TAXONOMY_FILE)
    types = tuple(
        EventType(
            code=e["code"], label_id=e.get("label_id", e["code"]), label_en=e.get("label_en", e["code"]),
            keywords=tuple(str(k).lower() for k in e.get("keywords") or ()),
            default_severity=int(e.get("default_severity") or 1),
        )
        for e in doc["event_types"]
    )
    actors = tuple(a["code"] for a in doc.get("actor_types") or ())
    levels = tuple(int(r["level"]) for r in doc.get("severity_rubric") or ()) or (1, 2, 3, 4, 5)
    return Taxonomy(types, actors, levels, digest, {e.code: e for e in types})


@lru_cache(maxsize=8)
def load_parties(domain_dir: Path) -> tuple[tuple[Party, ...], tuple[Ticket, ...], str]:
    path = Path(domain_dir) / PARTIES_FILE
    if not path.is_file():
        return (), (), ""
    doc, digest = _read_yaml(path)
    parties = tuple(
        Party(p["code"], p["name"], int(p["number"]), tuple(str(a).lower() for a in p.get("aliases") or ()))
        for key in ("parties", "local_parties_aceh") for p in doc.get(key) or ()
    )
    tickets = tuple(
        Ticket(int(t["number"]), f"{t['president']} - {t['vice']}",
               tuple(str(a).lower() for a in t.get("aliases") or ()))
        for t in doc.get("presidential_tickets") or ()
    )
    return parties, tickets, digest
