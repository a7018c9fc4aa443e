"""Place names as outside datasets write them, folded so they meet the official Kepmendagri names.

ACLED and UCDP name Indonesian regions in English or half-English ("West Java", "Central Jakarta",
"South Tangerang", "Jayawijaya regency", "Papua province"), with or without "Kota"/"Kabupaten", and spell some
names in one word or two ("Fakfak"/"Fak Fak", "Labuhanbatu"/"Labuhan Batu"). A name is reduced to keys:
accents, punctuation and case dropped; a leading English compass word becomes the Indonesian one at the end
("South Tangerang" -> "tangerang selatan"; "Central" gives both "tengah" and, for Jakarta, "pusat"); words that
only say what kind of region it is ("kabupaten", "kota", "regency", "city", "province", "administrasi") are
dropped, and the kind is kept aside (`kind_of`) to settle a Kota/Kabupaten pair of the same name; then the words
are joined without spaces.
"""

from __future__ import annotations

import re
import unicodedata

# English compass words and their Indonesian equivalents (the Indonesian word follows the name).
COMPASS = {
    "north": ("utara",), "south": ("selatan",), "east": ("timur",), "west": ("barat",),
    "central": ("tengah", "pusat"), "southwest": ("barat daya",), "northwest": ("barat laut",),
    "southeast": ("tenggara",), "northeast": ("timur laut",), "highland": ("pegunungan",),
}  # fmt: skip
# Words that only say which kind of region a name is. "kota"/"city" and "kabupaten"/"regency" also say which
# of a same-named pair is meant (kind_of).
KIND_WORDS = {
    "kota": "kota", "city": "kota", "kotamadya": "kota", "municipality": "kota",
    "kabupaten": "kabupaten", "kab": "kabupaten", "regency": "kabupaten",
}  # fmt: skip
NOISE_WORDS = {"administrasi", "adm", "administrative", "province", "provinsi", "prov", "propinsi", "district",
               "of", "the", "dan", "and"}  # fmt: skip
# English words of province names that are not compass words.
WORDS = {"java": "jawa", "sumatra": "sumatera", "islands": "kepulauan", "island": "pulau", "special": "",
         "region": "", "capital": "", "daerah": "", "khusus": "", "ibukota": "", "istimewa": ""}  # fmt: skip


def fold(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", str(name or ""))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return re.findall(r"[a-z0-9]+", text)


def kind_of(name: str) -> str:
    """ "kota" or "kabupaten" when the name says which, else ""."""
    for word in fold(name):
        if word in KIND_WORDS:
            return KIND_WORDS[word]
    return ""


# Province names whose English form drops a word of the official one.
PROVINCE_ALIASES = {"bangkabelitung": "bangkabelitungkepulauan"}


def keys(name: str, *, province: bool = False) -> set[str]:
    """Every key the name may stand for: the words joined in order ("labuhanbatuselatan", so one word or two
    give the same key) and, for provinces, in sorted order too ("Riau Islands" = "Kepulauan Riau")."""
    words = [WORDS.get(word, word) if province else word for word in fold(name)]
    words = [word for word in words if word and word not in KIND_WORDS and word not in NOISE_WORDS]
    if not words:
        return set()
    # "south tangerang" -> "tangerang selatan"; "central" has two readings
    variants = [[*words[1:], *variant.split()] for variant in COMPASS[words[0]]] if words[0] in COMPASS else [words]
    found = {"".join(variant) for variant in variants}
    if province:
        found |= {"".join(sorted(variant)) for variant in variants}
        found |= {PROVINCE_ALIASES[key] for key in found if key in PROVINCE_ALIASES}
    return found
