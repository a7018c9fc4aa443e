"""Misspelt kab/kota names right after their level word ("Kabupaten Sulah" for Kepulauan Sula): a name one
edit away from a kab/kota name of that level, found through an index of every name under each of its one-letter
deletions (built once per gazetteer). places.py decides which readings to keep."""

from __future__ import annotations

import weakref
from bisect import bisect_left
from itertools import compress

from rapidfuzz.distance import Levenshtein

from waspada.nlp.gazetteer import KABKOTA_LEVELS, Gazetteer, Hit
from waspada.nlp.text import Tokens
from waspada.nlp.variants import COMMON_WORD_NAMES, NAME, SPELL

_FUZZY_MIN = 4
_FUZZY_TEXT_CUES = (("Kab", "kabupaten"), ("Kota", "kota"))  # "Kab" also finds "Kabupaten"
_FUZZY_CUE_WORDS = {"kabupaten": "kabupaten", "kab": "kabupaten", "kota": "kota"}
_FUZZY_INDEX: weakref.WeakKeyDictionary[Gazetteer, tuple[dict[str, list[str]], frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def _fuzzy_index(gaz: Gazetteer) -> tuple[dict[str, list[str]], frozenset[str]]:
    """Kab/kota name keys (official names and spellings) under themselves and each one-letter deletion; and
    every key naming a kab/kota."""
    got = _FUZZY_INDEX.get(gaz)
    if got is None:
        index: dict[str, list[str]] = {}
        named: set[str] = set()
        for key, entries in zip(gaz.keys, gaz.entries, strict=True):
            kinds = {kind for i, kind in entries if gaz.places[i].level in KABKOTA_LEVELS}
            if kinds:
                named.add(key)
            if len(key) < _FUZZY_MIN or not kinds & {NAME, SPELL}:
                continue
            for d in {key, *(key[:j] + key[j + 1 :] for j in range(len(key)))}:
                index.setdefault(d, []).append(key)
        got = _FUZZY_INDEX[gaz] = (index, frozenset(named))
    return got


def _hit_start(h: Hit) -> int:
    return h.start


def _level_word_tokens(toks: Tokens, text: str, mixed: bool) -> list[tuple[int, str]]:
    """Tokens that are "Kabupaten", "Kab" or "Kota" and the level each announces; in normally cased text only
    the capitalised ones (found in the text itself: far fewer than the common noun "kota")."""
    out: list[tuple[int, str]] = []
    if mixed:
        starts = toks.starts
        for needle, level in _FUZZY_TEXT_CUES:
            pos = text.find(needle)
            while pos >= 0:
                t = bisect_left(starts, pos)
                if t < len(starts) and starts[t] == pos and _FUZZY_CUE_WORDS.get(toks.words[t]) == level:
                    out.append((t, level))
                pos = text.find(needle, pos + 1)
    else:
        words = toks.words
        out = [(t, _FUZZY_CUE_WORDS[words[t]])
               for t in compress(range(len(words)), map(_FUZZY_CUE_WORDS.__contains__, words))]
    return out


def _names_kabkota_at(hits: list[Hit], start: int, kabkota_keys: frozenset[str]) -> bool:
    k = bisect_left(hits, start, key=_hit_start)  # hits are in text order
    while k < len(hits) and hits[k].start == start:
        if hits[k].key in kabkota_keys:
            return True
        k += 1
    return False


def misspelt_hits(gaz: Gazetteer, toks: Tokens, text: str, mixed: bool, hits: list[Hit]) -> list[Hit]:
    """Hits for a capitalised name right after "Kabupaten"/"Kab."/"Kota" that no kab/kota key matched but
    that is one edit away from a kab/kota name of that level; each hit lists every such place."""
    out: list[Hit] = []
    kabkota_keys: frozenset[str] | None = None
    for cue, level in _level_word_tokens(toks, text, mixed):
        nxt = cue + 1
        if nxt >= len(toks.words) or not toks.linked[nxt]:
            continue
        if mixed and not text[toks.starts[nxt]].isupper():
            continue
        if kabkota_keys is None:
            kabkota_keys = _fuzzy_index(gaz)[1]
        # a kab/kota name is there, maybe with the level word in it ("Kota Baru" for Kotabaru)
        if _names_kabkota_at(hits, toks.starts[nxt], kabkota_keys) or _names_kabkota_at(
            hits, toks.starts[cue], kabkota_keys
        ):
            continue
        hit = _fuzzy_match(gaz, toks, nxt, level)
        if hit is not None:
            out.append(hit)
    return out


def _fuzzy_match(gaz: Gazetteer, toks: Tokens, first: int, level: str) -> Hit | None:
    index = _fuzzy_index(gaz)[0]
    words = toks.words
    for n in (3, 2, 1):  # the longest run of words that matches
        last = first + n - 1
        if last >= len(words) or any(toks.hard_before[t] for t in range(first + 1, last + 1)):
            continue
        query = " ".join(words[first : last + 1])
        if len(query) < _FUZZY_MIN or query in COMMON_WORD_NAMES or not query.replace(" ", "").isalpha():
            continue
        keys = set(index.get(query, ()))
        for j in range(len(query)):
            keys.update(index.get(query[:j] + query[j + 1 :], ()))
        entries = {
            i: k
            for k in sorted(keys)
            if Levenshtein.distance(query, k, score_cutoff=1) == 1
            for i, kind in gaz.entries[gaz.key_ids[k]]
            if gaz.places[i].level == level and kind in (NAME, SPELL)
        }
        if entries:
            key = min(entries.values(), key=lambda k: (len(k), k))
            cands = tuple((i, SPELL) for i in sorted(entries))
            return Hit(toks.starts[first], toks.ends[last], first, last, key, cands)
    return None
