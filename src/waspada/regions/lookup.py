"""Kecamatan within a kab/kota and desa/kelurahan within a kecamatan, found by name with typos tolerated:
the report form's place fields (a name typed, a code posted). Region data is readable by every signed-in
user; the scope of the report is checked where it is written (incidents.actions.place)."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from waspada.regions.models import KABKOTA_LEVELS, VILLAGE_LEVELS, Level, Region

# Below this similarity (0-100, rapidfuzz WRatio) a name is not offered: "Sukasri" finds Sukasari, "Dago"
# does not find Coblong.
SCORE_CUTOFF = 70
_PREFIX_WORDS = ("kecamatan ", "kec. ", "kec ", "kelurahan ", "kel. ", "kel ", "desa ")

# What each lookup lists and under which parent level.
LEVELS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "kecamatan": ((Level.KECAMATAN,), KABKOTA_LEVELS),
    "desa": (VILLAGE_LEVELS, (Level.KECAMATAN,)),
}


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "level": self.level}


def _clean(text: str) -> str:
    text = " ".join(text.casefold().split())
    for word in _PREFIX_WORDS:
        if text.startswith(word):
            return text[len(word):]
    return text


def children(kind: str, parent_code: str) -> list[Place]:
    """Every active kecamatan of a kab/kota, or desa/kelurahan of a kecamatan, by name ([] for a wrong
    parent)."""
    levels, parent_levels = LEVELS[kind]
    parent = Region.objects.filter(code=parent_code, level__in=parent_levels).only("code").first()
    if parent is None:
        return []
    rows = Region.objects.filter(parent_id=parent.code, level__in=levels, is_active=True).order_by("name")
    return [Place(code, name, level) for code, name, level in rows.values_list("code", "name", "level")]


def search(kind: str, parent_code: str, query: str, limit: int = 10) -> list[Place]:
    """Children of `parent_code` matching `query` best first: exact, then starting with it, then containing
    it, then similar (typos). An empty query lists them all by name."""
    places = children(kind, parent_code)
    wanted = _clean(query)
    if not wanted:
        return places[:limit] if limit else places
    names = [_clean(place.name) for place in places]
    found = process.extract(wanted, names, scorer=fuzz.WRatio, processor=utils.default_process,
                            limit=None, score_cutoff=SCORE_CUTOFF)  # fmt: skip
    ranked = []
    for name, score, index in found:
        exact = 0 if name == wanted else 1 if name.startswith(wanted) else 2 if wanted in name else 3
        ranked.append((exact, -score, name, index))
    ranked.sort()
    return [places[index] for *_, index in ranked[:limit]]


def _rank(query: str, place: Place) -> tuple[int, float]:
    name, wanted = _clean(place.name), _clean(query)
    exact = 0 if name == wanted else 1 if name.startswith(wanted) else 2 if wanted in name else 3
    return exact, -round(fuzz.WRatio(wanted, name, processor=utils.default_process))


def resolve(kind: str, parent_code: str, query: str) -> tuple[Place | None, list[Place]]:
    """The one place a typed name means, else (None, the equally good candidates): ([], nothing close) or
    several ("Bojong" in Kota Bandung: Bojongloa Kaler and Bojongloa Kidul)."""
    results = search(kind, parent_code, query, limit=5)
    if not results:
        return None, []
    (kind_of_match, score), *others = [_rank(query, place) for place in results]
    if kind_of_match == 0:
        return results[0], []
    # Several names that start with (or contain) what was typed, or typos equally close to several: ask.
    tied = [results[0]] + [place for place, (other_kind, other_score) in zip(results[1:], others, strict=True)
                           if other_kind == kind_of_match and (kind_of_match < 3 or other_score - score <= 3)]
    return (None, sorted(tied, key=lambda place: place.name)) if len(tied) > 1 else (results[0], [])


def best(kind: str, parent_code: str, query: str) -> Place | None:
    """The one place a typed name means, or None when nothing is close or several are equally close."""
    return resolve(kind, parent_code, query)[0]


def within(kind: str, code: str, parent_code: str) -> Place | None:
    """The place with this code when it is a `kind` under `parent_code`, else None."""
    levels, _ = LEVELS[kind]
    row = Region.objects.filter(code=code, parent_id=parent_code, level__in=levels).values_list(
        "code", "name", "level").first()  # fmt: skip
    return Place(*row) if row else None
