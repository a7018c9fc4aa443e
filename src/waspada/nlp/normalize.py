"""Normalisation for classification: lower-casing, slang and abbreviation expansion, cached stemming,
and tokenisation that keeps numbers and dates ("5/2", "14/2/2024", "1.500", "luka-luka") whole.

Every token keeps its character span in the text it came from, so evidence can be highlighted. An
abbreviation may expand to several words ("paslon" -> "pasangan calon"); all of them carry the
span of the abbreviation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import gt, itemgetter

from waspada.nlp.text import ascii_alnum, fold

# A number or date ("14/2/2024", "1.500", "10.30"), or a word with inner hyphens or apostrophes.
_TOKEN = re.compile(r"\d+(?:[./:,-]\d+)*|[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
# The same, with a flag group that is non-empty when the token opens a sentence or a line.
_TOKEN_FLAG = re.compile(
    r"((?:^|[.!?\n:\u2013\u2014])[\s\"'(\u201c\u2018-]*)?"
    r"(\d+(?:[./:,-]\d+)*|[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*)"
)

# Informal spellings and the election abbreviations of Indonesian news and chat. Expansions are
# what the lexicon and the model see; keywords from the taxonomy go through the same table.
SLANG: dict[str, str] = {
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "tdk": "tidak", "tak": "tidak", "gak": "tidak",
    "nggak": "tidak", "ngga": "tidak", "ga": "tidak", "enggak": "tidak", "gk": "tidak", "blm": "belum",
    "sdh": "sudah", "udah": "sudah", "udh": "sudah", "krn": "karena", "karna": "karena", "utk": "untuk",
    "dlm": "dalam", "pd": "pada", "dr": "dari", "jg": "juga", "org": "orang", "kpd": "kepada",
    "tsb": "tersebut", "spt": "seperti", "sbg": "sebagai", "bs": "bisa", "tp": "tapi", "sm": "sama",
    "jd": "jadi", "lg": "lagi", "sy": "saya", "kmrn": "kemarin", "kemaren": "kemarin",
    "bnyk": "banyak", "byk": "banyak", "thn": "tahun", "tgl": "tanggal", "jl": "jalan", "jln": "jalan",
    "ds": "desa", "kec": "kecamatan", "kab": "kabupaten", "prov": "provinsi", "pemkab": "pemerintah kabupaten",
    "pemkot": "pemerintah kota", "pemprov": "pemerintah provinsi",
    # election vocabulary
    "paslon": "pasangan calon", "cabup": "calon bupati", "cawabup": "calon wakil bupati",
    "cagub": "calon gubernur", "cawagub": "calon wakil gubernur", "cawalkot": "calon wali kota",
    "cawawalkot": "calon wakil wali kota", "cawali": "calon wali kota", "capres": "calon presiden",
    "cawapres": "calon wakil presiden", "caleg": "calon legislatif", "bacaleg": "bakal calon legislatif",
    "cakada": "calon kepala daerah", "cakades": "calon kepala desa", "kades": "kepala desa",
    "pilkades": "pemilihan kepala desa", "pilbup": "pilkada", "pilwalkot": "pilkada", "pilgub": "pilkada",
    "pilwali": "pilkada", "pemilukada": "pilkada", "pileg": "pemilu legislatif", "pilpres": "pemilu presiden",
    "apk": "alat peraga kampanye", "tps": "tempat pemungutan suara", "psu": "pemungutan suara ulang",
    "timses": "tim sukses", "jurkam": "juru kampanye", "parpol": "partai politik", "pns": "asn",
    "hoax": "hoaks", "bansos": "bantuan sosial", "medsos": "media sosial", "wa": "whatsapp",
    "mk": "mahkamah konstitusi",
    "pj": "penjabat", "ikp": "indeks kerawanan pemilu", "phpu": "perselisihan hasil pemilu",
    "ott": "operasi tangkap tangan",
}

# Where Sastrawi's stem is wrong or collides with an unrelated word ("perusakan" -> "rusa").
STEM_OVERRIDES: dict[str, str] = {
    "perusakan": "rusak", "pengrusakan": "rusak", "pengerusakan": "rusak", "kerusakan": "rusak",
    "perusak": "rusak", "pembacokan": "bacok", "penculikan": "culik", "diculik": "culik",
    "penghadangan": "hadang", "dihadang": "hadang", "menghadang": "hadang", "pemilu": "pemilu",
    "meninggal": "meninggal", "pemilih": "pemilih", "pemilihan": "pemilihan", "pendukung": "pendukung",
    "pengawas": "awas", "pengawasan": "awas",
}

# Frequent function words: kept in the token stream (negation and phrases need them) but left out
# of the model's features.
STOPWORDS = frozenset(
    [
        "yang", "dan", "di", "ke", "dari", "pada", "untuk", "dengan", "dalam", "itu", "ini", "juga", "akan", "telah",
        "sudah", "oleh", "karena", "sebagai", "atau", "bahwa", "tersebut", "saat", "para", "ada", "lebih", "serta",
        "agar", "namun", "kata", "ujar", "sebuah", "seorang", "satu", "dia", "ia", "mereka", "kami", "kita", "saya",
        "tidak", "bisa", "hingga", "setelah", "masih", "sejak", "jika", "kepada", "lalu", "pun", "bagi", "tak", "tetap",
        "belum",
    ]
)


@dataclass(slots=True)
class Token:
    word: str  # normalised (folded, expanded) word
    start: int  # span in the original text
    end: int


def tokens(text: str) -> list[Token]:
    """Normalised tokens with their original spans; expansions share the abbreviation's span."""
    words, starts, ends = token_lists(text)
    return [Token(w, s, e) for w, s, e in zip(words, starts, ends, strict=True)]


_SLANG_SPLIT = {k: v.split(" ") for k, v in SLANG.items()}


def token_lists(text: str, folded: str | None = None) -> tuple[list[str], list[int], list[int]]:
    """The same as `tokens` as three parallel lists (words, starts, ends): cheaper in the hot path."""
    if folded is None:
        folded = fold(text)
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    slang = _SLANG_SPLIT
    for m in _TOKEN.finditer(folded):
        w = m.group()
        rep = slang.get(w)
        if rep is None:
            words.append(w)
            starts.append(m.start())
            ends.append(m.end())
        else:
            s, e = m.span()
            for part in rep:
                words.append(part)
                starts.append(s)
                ends.append(e)
    return words, starts, ends


def normalise(text: str) -> str:
    """The normalised words of `text` joined by single spaces (used for keywords and phrases)."""
    return " ".join(t.word for t in tokens(text))


def fast_words(text: str) -> tuple[list[str], list[bool]]:
    """Normalised words and, per word, whether it is a capitalised name inside a sentence (not an
    acronym, not sentence-initial), without computing spans: the hot path of classification.
    Casing is ignored (all False) in ALL CAPS or Title Case text."""
    fw = field_words(text)
    return fw.words, fw.flags


@dataclass(slots=True)
class FieldWords:
    """`fast_words` of one field, and the means to give the words' spans (see `spans`)."""

    words: list[str]
    flags: list[bool]
    parts: list[str] | None  # the field split into gap, token, gap, ...; None: no spans
    expanded: list[int]  # token positions expanded by the slang table, ascending

    def spans(self) -> tuple[list[int], list[int]] | None:
        """(starts, ends) of `words`, the same as token_lists(text) gives for these words; None
        when token_lists may read the field differently (see field_words)."""
        parts = self.parts
        if parts is None:
            return None
        n = len(parts) // 2
        offsets = list(accumulate(map(len, parts), initial=0))
        starts = offsets[1 : 2 * n : 2]
        ends = offsets[2 : 2 * n + 1 : 2]
        for i in reversed(self.expanded):
            k = len(_SLANG_SPLIT[parts[2 * i + 1].lower()])
            starts[i : i + 1] = [starts[i]] * k
            ends[i : i + 1] = [ends[i]] * k
        return starts, ends


# _TOKEN with a group, so that split() alternates gap, token, gap, ...; and the same with plain
# ASCII character sets, for a text whose letters and digits are all ASCII (text.ascii_alnum).
# Words before numbers: the two alternatives start with disjoint characters, so the order changes no
# match, and trying the common one first makes the split ~18 % faster.
_TOKEN_SPLIT = re.compile(r"([^\W\d_]+(?:[-'\u2019][^\W\d_]+)*|\d+(?:[./:,-]\d+)*)")
_TOKEN_SPLIT_ASCII = re.compile(r"([A-Za-z]+(?:[-'\u2019][A-Za-z]+)*|[0-9]+(?:[./:,-][0-9]+)*)")
# The gap before a token holds _TOKEN_FLAG's opener: a sentence or line end, then only spaces,
# quotes and brackets.
_OPENER = re.compile(r"[.!?\n:\u2013\u2014][\s\"'(\u201c\u2018-]*\Z")
_OPENS: dict[str, bool] = {}
_OPENS_MAX = 4096


def _opens(gap: str) -> bool:
    got = _OPENS.get(gap)
    if got is None:
        got = _OPENER.search(gap) is not None
        if len(_OPENS) >= _OPENS_MAX:
            _OPENS.clear()
        _OPENS[gap] = got
    return got


def field_words(text: str) -> FieldWords:
    """`fast_words` in one split of the text (the same tokens as _TOKEN_FLAG finds: its opener
    only ever holds gap characters), with the words' spans.

    The spans are given only when `token_lists(text)` yields these very words: lower-casing the
    whole text keeps its length (fold() is then text.lower()) and there is no capital sigma
    (the one letter whose lower case depends on its neighbours)."""
    rx = _TOKEN_SPLIT_ASCII if ascii_alnum(text) else _TOKEN_SPLIT
    parts = rx.split(text)  # [gap, token, gap, token, ..., gap]
    n = len(parts) // 2
    if not n:
        return FieldWords([], [], parts, [])
    toks = parts[1::2]
    words = list(map(str.lower, toks))
    upper_initial = list(map(str.isupper, map(itemgetter(0), toks)))
    caps = sum(upper_initial)
    flags = [False] * n
    # Capitalised but not all capitals, not the first token and not after a sentence end.
    for i in compress(range(1, n), map(gt, upper_initial[1:], map(str.isupper, toks[1:]))):
        if not _opens(parts[2 * i]):
            flags[i] = True
    slang = _SLANG_SPLIT
    expanded = list(compress(range(n), map(slang.__contains__, words)))
    for i in reversed(expanded):
        rep = slang[words[i]]
        words[i : i + 1] = rep
        flags[i : i + 1] = [False] * len(rep)
    if caps > 0.5 * len(words):
        flags = [False] * len(words)
    spans = "\u03a3" not in text and len(text.lower()) == len(text)
    return FieldWords(words, flags, parts if spans else None, expanded)


def _fast_words_loop(text: str) -> tuple[list[str], list[bool]]:
    """The reference implementation of `fast_words` (one token at a time); tests compare."""
    words: list[str] = []
    flags: list[bool] = []
    slang = _SLANG_SPLIT
    caps = 0
    for n, (opener, w) in enumerate(_TOKEN_FLAG.findall(text)):
        low = w.lower()
        name = w[0].isupper() and not opener and n > 0 and not w.isupper()
        caps += w[0].isupper()
        rep = slang.get(low)
        if rep is None:
            words.append(low)
            flags.append(name)
        else:
            words.extend(rep)
            flags.extend([False] * len(rep))
    if caps > 0.5 * len(words):
        flags = [False] * len(words)
    return words, flags


class Stemmer:
    """PySastrawi behind a dictionary cache: Sastrawi costs ~0.3 ms a word, a cache hit ~50 ns.

    Numbers, one- and two-letter words and words with digits are not stemmed. The cache is bounded
    (cleared when it reaches `max_size`) so a long-running worker cannot grow without limit.
    """

    def __init__(self, max_size: int = 500_000) -> None:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # imported here: slow-ish import

        self._stem = StemmerFactory().create_stemmer().stem
        self.cache: dict[str, str] = dict(STEM_OVERRIDES)
        self.max_size = max_size
        self.misses = 0

    def stem(self, word: str) -> str:
        got = self.cache.get(word)
        if got is not None:
            return got
        self.misses += 1
        if len(word) <= 3 or not word.isalpha():
            # Reduplication "luka-luka" -> "luka"; other hyphenated words stem by their parts.
            if "-" in word:
                parts = word.split("-")
                res = self.stem(parts[0]) if len(set(parts)) == 1 else "-".join(self.stem(p) for p in parts)
            else:
                res = word
        else:
            res = self._stem(word) or word
        if len(self.cache) >= self.max_size:
            self.cache.clear()
            self.cache.update(STEM_OVERRIDES)
        self.cache[word] = res
        return res

    def stems(self, words: list[str]) -> list[str]:
        cache = self.cache
        try:
            return list(map(cache.__getitem__, words))  # every word seen before: C speed
        except KeyError:
            pass
        out = []
        for w in words:
            s = cache.get(w)
            out.append(s if s is not None else self.stem(w))
        return out


_STEMMER: Stemmer | None = None


def stemmer() -> Stemmer:
    """The process-wide cached stemmer."""
    global _STEMMER
    if _STEMMER is None:
        _STEMMER = Stemmer()
    return _STEMMER
