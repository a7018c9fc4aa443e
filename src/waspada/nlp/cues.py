"""Words around a gazetteer hit that say what it is.

A level word before a name ("Kabupaten Bandung", "Kec. Coblong", "Wali Kota Malang") fixes its
level; an office or preposition ("Polres Pati", "di Batu") says a common word is used as a place;
a street, river or outlet word ("Jalan Bali", "Sungai Kapuas", "Radar Bogor") says it is not.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from waspada.nlp.text import Tokens

# Preceding word sequences (lower-case tokens, nearest last) -> levels they announce, and whether
# the words belong to the name ("Kota Batu") or are an office before it ("Wali Kota Batu" keeps
# "Kota" as part of the name; "Bupati Pati" does not).
_LEVEL_CUES: dict[tuple[str, ...], tuple[frozenset[str], bool]] = {}


def _add(levels: str, name_words: str, office_words: str = "") -> None:
    for phrases, in_name in ((name_words, True), (office_words, False)):
        for ph in filter(None, (p.strip() for p in phrases.split(","))):
            _LEVEL_CUES[tuple(ph.split())] = (frozenset(levels.split()), in_name)


_add(
    "kabupaten",
    "kabupaten, kab, kabupaten administrasi, kab adm",
    "pemkab, bupati, pj bupati, plt bupati, wakil bupati, wabup, pilbup",
)
_add(
    "kota",
    "kota, kotamadya, kodya, kota administrasi, kota adm",
    "pemkot, walikota, wawali, pilwalkot, polresta, polrestabes",
)
_add("province", "provinsi, prov, propinsi", "pemprov, gubernur, pilgub, polda")
_add("kecamatan", "kecamatan, kec, distrik", "camat, polsek, koramil")
_add(
    "desa desa_adat kelurahan",
    "desa, ds, nagari, gampong, pekon, tiyuh, kampung",
    "kades, kepala desa, pemdes",
)
_add("kelurahan desa", "kelurahan, kel", "lurah")
_add("island", "pulau, pulau pulau")
_LONGEST_CUE = max(len(k) for k in _LEVEL_CUES)

# Offices and words that precede a region of any kab/kota or province level.
REGION_WORDS = _REGION_WORDS = frozenset(
    [
        "polres",
        "kapolres",
        "kpu",
        "kpud",
        "bawaslu",
        "panwaslu",
        "panwascam",
        "dprd",
        "kejari",
        "kajari",
        "kodim",
        "dandim",
        "kejati",
        "pengadilan",
        "pn",
        "rsud",
        "sekda",
        "pilkada",
        "wilayah",
        "daerah",
        "kawasan",
        "se",
    ]
)
# Prepositions and nouns that introduce a location.
_LOCATIVE = frozenset(["di", "ke", "dari", "asal", "warga", "menuju", "sekitar", "seluruh", "penduduk", "kantor"])
# Words that make the following name a street, a natural feature, a person, a newspaper or a
# football club, not a region.
_BLOCKERS = frozenset(
    [
        "jalan",
        "jl",
        "jln",
        "gang",
        "gg",
        "lorong",
        "sungai",
        "kali",
        "gunung",
        "danau",
        "selat",
        "pantai",
        "bukit",
        "tribun",
        "radar",
        "harian",
        "koran",
        "majalah",
        "bu",
        "pak",
        "bapak",
        "ibu",
        "mas",
        "mbak",
        "kang",
        "cak",
        "bang",
        "bung",
        "sdr",
        "saudara",
        "saudari",
        "tuan",
        "nyonya",
        "persib",
        "persija",
        "persebaya",
        "psm",
        "arema",
        "persipura",
        "persis",
        "psis",
        "psim",
        "persik",
        "persela",
        "persiraja",
        "psms",
        "semen",
        "pss",
        "persita",
        "persikabo",
        "persiba",
        "psps",
    ]
)
# Words after a name that make it part of a newspaper or club name ("Bali Post", "Bali United").
_AFTER_BLOCKERS = frozenset(["post", "pos", "times", "ekspres", "express", "tribune", "today", "united", "fc"])
# Capitalised words that may follow a place without making it part of a person's name.
_CONTINUATION = frozenset(
    [
        "raya",
        "kota",
        "kabupaten",
        "utara",
        "selatan",
        "timur",
        "barat",
        "tengah",
        "senin",
        "selasa",
        "rabu",
        "kamis",
        "jumat",
        "sabtu",
        "minggu",
        "januari",
        "februari",
        "maret",
        "april",
        "mei",
        "juni",
        "juli",
        "agustus",
        "september",
        "oktober",
        "november",
        "desember",
        "provinsi",
        "kecamatan",
        "desa",
        "kelurahan",
        "dan",
    ]
)


class Context(NamedTuple):
    """Immutable (a named tuple: built for every gazetteer hit, so cheaper than a frozen dataclass)."""

    levels: frozenset[str]  # levels announced by a level word; empty when none
    strict: bool  # the level word is written as a title ("Kota"), not the common noun ("kota")
    cue_start: int  # char offset where the level word starts (the mention may include it)
    cue_tokens: tuple[int, ...]
    region_word: bool  # an office or region noun precedes
    locative: bool  # a preposition precedes
    blocked: bool  # a street, feature, title or outlet word is adjacent
    capitalized: bool
    sentence_initial: bool
    name_part: bool  # followed by a capitalised word: likely part of a person's or firm's name


def _gap(toks: Tokens, i: int) -> str:
    """Text between token i-1 and token i."""
    return toks.text[toks.ends[i - 1] : toks.starts[i]] if i > 0 else "\n"


def _linked(toks: Tokens, i: int) -> bool:
    """Tokens i-1 and i may be read together ("Kab. Bandung" counts, a comma does not)."""
    return toks.linked[i]


_SENTENCE_END = re.compile(r"[.!?\n:\"\u201c]\s*$")


_SENTENCE_END_CACHE: dict[str, bool] = {}


def _sentence_end(gap: str) -> bool:
    got = _SENTENCE_END_CACHE.get(gap)
    if got is None:
        got = bool(_SENTENCE_END.search(gap))
        if len(_SENTENCE_END_CACHE) >= 4096:
            _SENTENCE_END_CACHE.clear()
        _SENTENCE_END_CACHE[gap] = got
    return got


def context(toks: Tokens, first: int, last: int, mixed_case: bool) -> Context:
    words = toks.words
    linked = toks.linked
    starts = toks.starts
    levels: frozenset[str] = frozenset()
    strict = False
    cue_start = starts[first]
    cue_tokens: tuple[int, ...] = ()
    # Longest level phrase ending right before the hit, read backwards across "." and spaces:
    # a phrase of n words needs tokens first-n+1 .. first all linked to their predecessor.
    run = 0
    while run < _LONGEST_CUE and linked[first - run]:
        run += 1  # linked[0] is False, so this stops at the first token
    for n in range(run, 0, -1):
        lo = first - n
        phrase = tuple(words[lo:first])
        if phrase in _LEVEL_CUES:
            if phrase[-1] == "kota" and lo > 0 and words[lo - 1] == "ibu":
                break  # "ibu kota Jakarta" is "the capital", not a level word
            levels, in_name = _LEVEL_CUES[phrase]
            first_char = toks.text[starts[lo]]
            strict = (not mixed_case) or first_char.isupper()
            if in_name:
                cue_start = starts[lo]
            cue_tokens = tuple(range(lo, first))
            break
    prev = words[first - 1] if first > 0 and linked[first] else ""
    nxt = words[last + 1] if last + 1 < len(words) and linked[last + 1] else ""
    region_word = prev in _REGION_WORDS
    locative = prev in _LOCATIVE
    blocked = (not levels and prev in _BLOCKERS) or nxt in _AFTER_BLOCKERS
    capitalized = toks.text[starts[first] : starts[first] + 1].isupper()
    gap = _gap(toks, cue_tokens[0] if cue_tokens else first)
    sentence_initial = first == 0 or _sentence_end(gap)
    name_part = False
    if mixed_case and nxt and nxt not in _CONTINUATION and _gap(toks, last + 1).strip() == "":
        nxt_text = toks.text[starts[last + 1] : toks.ends[last + 1]]
        name_part = nxt_text[:1].isupper() and not nxt_text.isupper()
    return Context(
        levels,
        strict,
        cue_start,
        cue_tokens,
        region_word,
        locative,
        blocked,
        capitalized,
        sentence_initial,
        name_part,
    )


_IDIOM = re.compile(r"\bsabang\s+(?:sampai|hingga|ke)\s+merauke\b|\bmiangas\s+(?:sampai|hingga)\s+rote\b")


def idiom_spans(folded: str) -> list[tuple[int, int]]:
    """Spans of "dari Sabang sampai Merauke"-style phrases that mean all of Indonesia."""
    # A match starts where "sabang" or "miangas" does: try the pattern only there (the same
    # spans as finditer, which scans every position).
    starts: list[int] = []
    for word in ("sabang", "miangas"):
        i = folded.find(word)
        while i >= 0:
            starts.append(i)
            i = folded.find(word, i + 1)
    out: list[tuple[int, int]] = []
    end = 0
    for i in sorted(starts):
        if i < end:
            continue
        m = _IDIOM.match(folded, i)
        if m is not None:
            out.append(m.span())
            end = m.end()
    return out
