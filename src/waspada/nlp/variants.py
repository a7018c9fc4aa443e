"""Surface forms under which news writes a place name.

Level words ("Kabupaten", "Kota", "Kec.", "Desa") are *not* baked into keys: they are read as cues
from the tokens before a hit (see cues.py), which also catches "KPU Kabupaten Bandung" and
"Kab. Bandung". Keys are therefore bare names plus spelling variants, short forms and old names.
"""

from __future__ import annotations

from collections.abc import Iterator

from waspada.nlp.text import norm_key

# Variant kinds: how a key refers to its place.
NAME = "name"  # the official name without its level word
FULL = "full"  # the official name as written ("Pulau Lombok", "DKI Jakarta")
SPELL = "spell"  # a spelling variant ("Tanjungbalai" for "Tanjung Balai")
SHORT = "short"  # a short form from regions.yaml ("Jaksel", "Kukar")
OLD = "old"  # a former or informal name ("Ujung Pandang")

_REGENCY_PREFIXES = ("kabupaten administrasi ", "kota administrasi ", "kabupaten ", "kota ")
_PROVINCE_PREFIXES = ("daerah khusus ibukota ", "daerah istimewa ")
# First words that news sometimes writes fused with the next ("Pangkalpinang", "Tanjungbalai").
_FUSING_PREFIXES = (
    "tanjung",
    "pangkal",
    "bukit",
    "banjar",
    "padang",
    "pematang",
    "tebing",
    "sungai",
    "lubuk",
    "muara",
    "kuala",
    "labuhan",
    "tanah",
    "pulau",
    "batu",
    "teluk",
    "gunung",
    "karang",
    "rantau",
    "palangka",
    "kota",
    "air",
    "sawah",
    "lima",
    "pasir",
)

# Former or informal names not in regions.yaml, with the code they refer to. Kept short and
# sourced from common knowledge of Indonesian usage; each must be checked on data updates.
OLD_NAMES: dict[str, list[str]] = {
    "ujung pandang": ["73.71"],  # Makassar's name 1971-1999
    "makasar": ["73.71"],  # frequent misspelling
    "irian jaya": ["91"],  # Papua's name until 2002
    "nanggroe aceh darussalam": ["11"],
    "daerah khusus jakarta": ["31"],  # name used after the 2024 Jakarta law
    "dkj": ["31"],
    "jogjakarta": ["34", "34.71"],
    "jogja": ["34", "34.71"],
    "yogya": ["34", "34.71"],
    "tasik": ["32.06", "32.78"],
    "kbb": ["32.17"],  # Kabupaten Bandung Barat
    "padang sidempuan": ["12.77"],
    "sidempuan": ["12.77"],
    "siantar": ["12.72"],
    "pematang siantar": ["12.72"],
    "memberamo tengah": ["95.05"],  # frequent spelling of Mamberamo Tengah
    "memberamo raya": ["91.20"],
}

# Bare names (and short forms) that are everyday words, person names or features; they count as
# places only with a cue ("Kota Batu", "di Pati", "Kabupaten Agam") or a dateline.
COMMON_WORD_NAMES: frozenset[str] = frozenset(
    [
        "batu",
        "pati",
        "mitra",
        "tuba",
        "madina",
        "solo",
        "banjar",
        "agam",
        "batang",
        "puncak",
        "landak",
        "ketapang",
        "bone",
        "malaka",
        "serang",
        "malang",
        "tegal",
        "kotabaru",
        "kota",
        "baru",
        "tanah",
        "datar",
        "pesisir",
        "selatan",
        "lima",
        "puluh",
        "kota",
        "seribu",
        "badung",
        "buru",
        "bima",
        "sigi",
        "kudus",
        "kuningan",
        "subang",
        "medan",
        "padang",
        "palu",
        "sabang",
        "seram",
        "meranti",
        "mabar",
        "kobar",
        "basel",
        "ende",
        "muna",
        "karo",
        "lebak",
        "sorong",
        "kupang",
        "kapuas",
        "toba",
        "metro",
        "selatan",
        "utara",
        "barat",
        "timur",
        "tengah",
        "raya",
        "jaya",
        "baru",
        "lama",
        "indah",
        "sari",
        "makmur",
        "harapan",
        "maju",
        "merdeka",
        "sejahtera",
        "pasar",
        "kampung",
        "desa",
        "kota",
        "sungai",
        "air",
        "negara",  # "Aparatur Sipil Negara" (a kecamatan in Jembrana)
        "gampong",  # the Acehnese word for a village
        "gunung",
        "bukit",
        "pantai",
        "teluk",
        "tanjung",
        "pulau",
        "bandar",
        "simpang",
        "karang",
        "muara",
        "kuala",
    ]
)


def _strip_prefix(key: str, prefixes: tuple[str, ...]) -> str:
    for p in prefixes:
        if key.startswith(p) and len(key) > len(p):
            return key[len(p) :]
    return key


def _spellings(key: str) -> Iterator[str]:
    """Fused and split spellings of a multi-word or compound name."""
    words = key.split()
    if len(words) >= 2:
        fused = "".join(words)
        # a reduplicated name is written fused however short ("Fak Fak" -> "Fakfak", "Bau Bau" -> "Baubau")
        if len(fused) >= 7 or (len(words) == 2 and words[0] == words[1] and len(fused) >= 4):
            yield fused
    elif len(words) == 1:
        w = words[0]
        for p in _FUSING_PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= 4:
                yield f"{p} {w[len(p) :]}"
                break
        half = len(w) // 2
        if len(w) % 2 == 0 and half >= 2 and w[:half] == w[half:]:
            yield f"{w[:half]} {w[half:]}"  # "Baubau" -> "Bau-Bau"


def _inner_spellings(key: str) -> Iterator[str]:
    """The fused/split rule applied to one word of a longer name: "Labuhanbatu Utara" is also written
    "Labuhan Batu Utara", and "Tanjung Jabung Barat" "Tanjungjabung Barat"."""
    words = key.split()
    if len(words) < 2:
        return
    for n, w in enumerate(words):
        if not w.startswith(_FUSING_PREFIXES):
            continue
        for p in _FUSING_PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= 4:
                yield " ".join([*words[:n], p, w[len(p) :], *words[n + 1 :]])
                break
    if len(words) >= 3 and words[0] in _FUSING_PREFIXES and len(words[1]) >= 4:
        yield " ".join([words[0] + words[1], *words[2:]])


# Ordinal suffixes of kecamatan and village names ("Ilir Barat Satu", "Banyuasin II"), written in news
# with a Roman numeral, a digit or the word.
_ORDINAL_FORMS: tuple[tuple[str, str, str], ...] = (
    ("satu", "i", "1"),
    ("dua", "ii", "2"),
    ("tiga", "iii", "3"),
    ("empat", "iv", "4"),
    ("lima", "v", "5"),
)
_ORDINAL_OF: dict[str, tuple[str, str, str]] = {f: forms for forms in _ORDINAL_FORMS for f in forms}
_ROMAN = frozenset(r for _w, r, _d in _ORDINAL_FORMS)


def _ordinal_spellings(key: str, initials_too: bool) -> Iterator[str]:
    """Other writings of a numeral in a name: the last word when it is one ("Ilir Barat Satu" -> "Ilir
    Barat I", "Ilir Barat 1"; "Banyuasin II" -> "Banyuasin Dua"), and a Roman numeral inside ("Rokan IV
    Koto" -> "Rokan Empat Koto"). Never the first word (a name is never just "I" or "Lima ..."); a number
    word before "Puluh" is a number, not an ordinal. Kecamatan of two words and more also by initials
    and numeral, as Palembang's are written ("IB I", "SU 2")."""
    words = key.split()
    if len(words) < 2 or _ORDINAL_OF.keys().isdisjoint(words):
        return
    for n in range(1, len(words)):
        forms = _ORDINAL_OF.get(words[n])
        if forms is None or (n < len(words) - 1 and words[n] not in _ROMAN):
            continue
        for f in forms:
            if f != words[n]:
                yield " ".join([*words[:n], f, *words[n + 1 :]])
        if initials_too and n == len(words) - 1 and n >= 2:
            initials = "".join(w[0] for w in words[:n])
            if initials.isalpha():
                for f in forms[1:]:
                    yield f"{initials} {f}"


def place_keys(name: str, level: str) -> list[tuple[str, str]]:
    """Keys (normalised surface, kind) for a place of `level` named `name`."""
    key = norm_key(name)
    out: list[tuple[str, str]] = []
    if level == "province":
        bare = _strip_prefix(key, _PROVINCE_PREFIXES)
        out.append((bare, NAME))
        if bare != key:
            out.append((key, FULL))
            out.append(("dki " + bare if "khusus" in key else "di " + bare, FULL))
        if bare.startswith("kepulauan "):
            out.append((bare[len("kepulauan ") :], SPELL))  # "Bangka Belitung"
    elif level in ("kabupaten", "kota"):
        bare = _strip_prefix(key, _REGENCY_PREFIXES)
        out.append((bare, NAME))
        if bare.startswith("kepulauan "):
            out.append((bare[len("kepulauan ") :], SPELL))  # "Selayar", "Mentawai"
        if " dan " in bare:
            out.append((bare.replace(" dan ", " "), SPELL))
    elif level == "island":
        out.append((key, FULL))
        for p in ("pulau ", "p "):
            if key.startswith(p) and len(key) > len(p) + 1:
                out.append((key[len(p) :], NAME))
                break
    else:
        out.append((key, NAME))
    if level in ("province", "kabupaten", "kota", "kecamatan"):
        for k, _kind in list(out):
            out.extend((s, SPELL) for s in _spellings(k))
            out.extend((s, SPELL) for s in _inner_spellings(k))
    if level in ("kecamatan", "kelurahan", "desa", "desa_adat"):
        for k, kind in list(out):
            out.extend((s, SPELL) for s in _ordinal_spellings(k, level == "kecamatan" and kind == NAME))
    seen: set[str] = set()
    uniq: list[tuple[str, str]] = []
    for k, kind in out:
        if k and k not in seen:
            seen.add(k)
            uniq.append((k, kind))
    return uniq
