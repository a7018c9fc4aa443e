"""The place gazetteer: every official region and island, its name variants, and a dictionary of
keys (whole tokens) probed from each candidate token to find them in text.

Built either from the region CSV folder (no database needed) or from any iterable of `Place`
records (the Django side feeds database rows). The compiled form is pickled to a cache directory
under a hash of its inputs, so a changed region file or alias list rebuilds it.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import compress
from pathlib import Path

from waspada import datafiles
from waspada.nlp import variants
from waspada.nlp.text import Tokens, tokenize

log = logging.getLogger(__name__)

LEVELS = ("province", "kabupaten", "kota", "kecamatan", "kelurahan", "desa", "desa_adat", "island")
KABKOTA_LEVELS = frozenset({"kabupaten", "kota"})
VILLAGE_LEVELS = frozenset({"kelurahan", "desa", "desa_adat"})
# Bump when key generation or the pickled layout changes, so old caches are not reused.
BUILD_VERSION = "5"  # 4: dictionary probes replace the automaton; 5: their longest-key index
REGION_FILES = ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv", "islands.csv")


@dataclass(frozen=True, slots=True)
class Place:
    code: str  # dotted Kemendagri code, e.g. "32.73" or "32.73.01.1001"
    name: str  # official name, e.g. "Kota Bandung"
    level: str  # one of LEVELS
    parent_code: str | None
    province_code: str
    kabkota_code: str | None  # None for provinces and islands spanning several kab/kota
    populated: bool = True  # islands only: the decree's is_populated flag


@dataclass(frozen=True, slots=True)
class Alias:
    surface: str  # as written in news, e.g. "Jaksel"
    codes: tuple[str, ...]
    kind: str = variants.SHORT


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer key found in text: whole tokens, offsets into the original text."""

    start: int
    end: int
    first_token: int
    last_token: int
    key: str
    entries: tuple[tuple[int, str], ...]  # (place index, variant kind)


def regency_level(code: str, name: str) -> str:
    if name.lower().startswith("kota"):
        return "kota"
    if name.lower().startswith("kabupaten"):
        return "kabupaten"
    # Code rule: kabupaten 01-69, kota 70/71-99.
    return "kota" if int(code.split(".")[1]) >= 70 else "kabupaten"


def village_level(code: str) -> str:
    return {"1": "kelurahan", "2": "desa", "3": "desa_adat"}.get(code.rsplit(".", 1)[1][:1], "desa")


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with datafiles.open_text(path, newline="") as fh:  # the CSV or its .gz
        yield from csv.DictReader(fh)


def load_places(data_dir: str | os.PathLike[str]) -> list[Place]:
    """Read provinces, kab/kota, kecamatan, desa/kelurahan and islands from `data_dir`/regions."""
    base = _regions_dir(data_dir)
    places: list[Place] = []
    for r in _rows(base / "provinces.csv"):
        places.append(Place(r["code"], r["name"], "province", None, r["code"], None))
    for r in _rows(base / "regencies.csv"):
        code = r["code"]
        places.append(
            Place(code, r["name"], regency_level(code, r["name"]), r["province_code"], r["province_code"], code)
        )
    for r in _rows(base / "districts.csv"):
        code, parent = r["code"], r["regency_code"]
        places.append(Place(code, r["name"], "kecamatan", parent, code[:2], parent))
    for r in _rows(base / "villages.csv"):
        code, parent = r["code"], r["district_code"]
        places.append(Place(code, r["name"], village_level(code), parent, code[:2], code[:5]))
    for r in _rows(base / "islands.csv"):
        code, regency = r["code"], (r.get("regency_code") or "").strip()
        places.append(
            Place(
                code,
                r["name"],
                "island",
                regency or code[:2],
                code[:2],
                regency or None,
                r.get("is_populated", "1") == "1",
            )
        )
    return places


def _regions_dir(data_dir: str | os.PathLike[str]) -> Path:
    base = Path(data_dir)
    return base / "regions" if datafiles.exists(base / "regions" / "provinces.csv") else base


def default_regions_yaml(data_dir: str | os.PathLike[str]) -> Path | None:
    """regions.yaml: $WASPADA_DOMAIN_DIR, else domain/ inside the data folder (the repository's data/ layout),
    else beside it or in it."""
    base = Path(data_dir)
    env = os.environ.get("WASPADA_DOMAIN_DIR")
    cands = [Path(env) / "regions.yaml"] if env else []
    cands += [base / "domain" / "regions.yaml", base.parent / "domain" / "regions.yaml", base / "regions.yaml"]
    for cand in cands:
        if cand.exists():
            return cand
    return None


def load_aliases(regions_yaml: str | os.PathLike[str] | None) -> list[Alias]:
    """Short forms from regions.yaml plus the built-in old names and informal spellings."""
    aliases: list[Alias] = [Alias(k, tuple(v), variants.OLD) for k, v in variants.OLD_NAMES.items()]
    if regions_yaml is None:
        return aliases
    with open(regions_yaml, encoding="utf-8") as fh:
        doc = datafiles.parse_yaml(fh) or {}
    for prov in doc.get("provinces", []):
        for short in prov.get("short_forms") or []:
            aliases.append(Alias(str(short), (str(prov["code"]),)))
    for item in doc.get("kabkota_short_forms", []):
        aliases.append(Alias(str(item["short"]), (str(item["code"]),)))
    return aliases


def _fingerprint(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256(BUILD_VERSION.encode())
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()[:20]


class Gazetteer:
    """Places and the keys (folded names, whole tokens) that find them."""

    def __init__(self, places: list[Place], aliases: Iterable[Alias] = ()) -> None:
        self.places = places
        self.by_code: dict[str, int] = {p.code: i for i, p in enumerate(places)}
        table: dict[str, dict[int, str]] = {}
        for i, p in enumerate(places):
            for key, kind in variants.place_keys(p.name, p.level):
                table.setdefault(key, {}).setdefault(i, kind)
        self.unknown_alias_codes: list[str] = []
        for a in aliases:
            key = variants.norm_key(a.surface)
            for code in a.codes:
                idx = self.by_code.get(code)
                if idx is None:
                    self.unknown_alias_codes.append(code)  # reported, not fatal
                    continue
                table.setdefault(key, {}).setdefault(idx, a.kind)
        self.keys: list[str] = []
        self.entries: list[tuple[tuple[int, str], ...]] = []
        for key, cands in table.items():
            if len(key) < 2:
                continue  # one-letter names would match initials everywhere
            self.keys.append(key)
            self.entries.append(tuple(cands.items()))
        self.key_ids: dict[str, int] = {k: i for i, k in enumerate(self.keys)}
        # first token of a key -> the most tokens of any key starting with it
        self.longest: dict[str, int] = {}
        for key in self.keys:
            parts = key.split(" ")
            if self.longest.get(parts[0], 0) < len(parts):
                self.longest[parts[0]] = len(parts)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_places(
        cls,
        places: Iterable[Place],
        aliases: Iterable[Alias] = (),
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> Gazetteer:
        """Build from records (e.g. database rows); cached under a hash of the records."""
        places = list(places)
        aliases = list(aliases)
        if cache_dir is None:
            return cls(places, aliases)
        digest = _fingerprint([repr(places).encode(), repr(aliases).encode()])
        return _cached(Path(cache_dir), digest, lambda: cls(places, aliases))

    @classmethod
    def from_data_dir(
        cls,
        data_dir: str | os.PathLike[str],
        cache_dir: str | os.PathLike[str] | None = None,
        regions_yaml: str | os.PathLike[str] | None = None,
    ) -> Gazetteer:
        """Build from the region CSV folder (and regions.yaml short forms when found)."""
        base = _regions_dir(data_dir)
        yaml_path = Path(regions_yaml) if regions_yaml else default_regions_yaml(data_dir)

        def build() -> Gazetteer:
            return cls(load_places(data_dir), load_aliases(yaml_path))

        if cache_dir is None:
            return build()
        files = [datafiles.locate(base / f) for f in REGION_FILES] + ([yaml_path] if yaml_path else [])
        # variants.py decides the keys (spellings, old names): a change there is a new gazetteer
        digest = _fingerprint([p.read_bytes() for p in files] + [Path(variants.__file__).read_bytes()])
        return _cached(Path(cache_dir), digest, build)

    # -- lookup -------------------------------------------------------------------------------

    def find(self, text: str | Tokens) -> list[Hit]:
        """Every key occurring in `text` as whole tokens, in text order (overlaps included)."""
        toks = text if isinstance(text, Tokens) else tokenize(text)
        return self.find_capitalised(toks, None)

    def find_capitalised(self, toks: Tokens, text: str | None) -> list[Hit]:
        """`find`, keeping only hits whose first character in `text` is upper case when `text`
        is given (the same list as filtering `find`'s result, without building the rest).

        Dictionary probes from each candidate first token rather than the automaton over the whole
        text: a key is whole tokens joined by single spaces, so it occurs at token i exactly when
        " ".join(words[i:i + n]) is a key and no punctuation separates those n tokens. A few
        hundred probes of one dictionary touch far less memory than walking the automaton's trie
        character by character, which is what costs in a full analysis (the trie falls out of
        the CPU caches between articles; an Aho-Corasick automaton did this until December 2026)."""
        words = toks.words
        hard = toks.hard_before
        starts = toks.starts
        ends = toks.ends
        n = len(words)
        longest = self.longest
        key_ids = self.key_ids
        entries = self.entries
        if text is None:
            candidates: Iterable[int] = range(n)
        else:
            candidates = compress(range(n), map(str.isupper, map(text.__getitem__, starts)))
        hits: list[Hit] = []
        for i in candidates:
            most = longest.get(words[i])
            if most is None:
                continue
            # The run of tokens from i that punctuation does not break, as long as the longest key.
            k = 1
            while k < most and i + k < n and not hard[i + k]:
                k += 1
            for m in range(k, 0, -1):  # longest first: hits sorted by (start, -end)
                key = words[i] if m == 1 else " ".join(words[i : i + m])
                kid = key_ids.get(key)
                if kid is not None:
                    hits.append(Hit(starts[i], ends[i + m - 1], i, i + m - 1, key, entries[kid]))
        return hits

    def place(self, code: str) -> Place | None:
        idx = self.by_code.get(code)
        return None if idx is None else self.places[idx]


def _cached(cache_dir: Path, digest: str, build: Callable[[], Gazetteer]) -> Gazetteer:
    path = cache_dir / f"gazetteer-{digest}.pickle"
    if path.exists():
        try:
            with path.open("rb") as fh:
                obj = pickle.load(fh)  # noqa: S301 - our own cache file, written below
            if isinstance(obj, Gazetteer):
                return obj
        except Exception:  # a corrupt or foreign cache is rebuilt, never fatal
            log.warning("gazetteer cache %s unreadable; rebuilding", path)
    gaz = build()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: concurrent workers never read half a file
        for old in cache_dir.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:  # a read-only cache dir only costs build time
        log.warning("cannot write gazetteer cache in %s: %s", cache_dir, exc)
    return gaz
