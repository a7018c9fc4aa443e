"""Text normalisation for matching.

Everything here keeps character offsets into the caller's text: place mentions are reported as
offsets into the text the user gave, so no step may shift characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import accumulate

# Letters and digits only: underscores and punctuation split tokens.
_TOKEN = re.compile(r"[^\W_]+")
# A gap of spaces, hyphens or apostrophes joins tokens of one name ("Tojo Una-Una", "Ma'u");
# anything else (comma, full stop, newline, bracket) ends a name.
_SOFT_GAP = re.compile(r"[ \t\u00a0\-\u2010\u2011'\u2019\u2018`]+")
# Tokens separated by a full stop may still read together ("Kab. Bandung", "Kec. Coblong").
_LINK_GAP = re.compile(r"[ \t\u00a0]*\.?[ \t\u00a0]*|[ \t\u00a0]*-[ \t\u00a0]*")
SOFT = " "
HARD = " | "

_HTML_HINT = re.compile(r"<\s*(?:html|body|p|div|br|span|a\s|script|style|article|h[1-6]|li|table)\b", re.I)
_HTML_DROP = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.I | re.S)
_HTML_TAG = re.compile(r"<!--.*?-->|<[^<>]{0,2000}>", re.S)
_HTML_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,10});")


def fold(text: str) -> str:
    """Lower-case `text` without changing its length (so offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters (e.g. 'İ') lower-case to two code points; keep those as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:20000]))


def _blank(match: re.Match[str]) -> str:
    # Tags become spaces, and block tags a newline, so words on either side stay apart.
    s = match.group(0)
    return "\n" + " " * (len(s) - 1) if len(s) > 1 else " "


def _entity(match: re.Match[str]) -> str:
    s = match.group(0)
    ch = html.unescape(s)
    if len(ch) != 1 or ch == s:
        return s
    if ch in "\u00a0":
        ch = " "
    return ch + " " * (len(s) - 1)


def strip_html(text: str) -> str:
    """Blank out tags, scripts and styles, and decode entities, keeping every offset."""
    text = _HTML_DROP.sub(_blank, text)
    text = _HTML_TAG.sub(_blank, text)
    return _HTML_ENTITY.sub(_entity, text)


def clean_text(text: str) -> str:
    """Make arbitrary input safe to match: HTML blanked, control characters spaced out."""
    if looks_like_html(text):
        text = strip_html(text)
    # NUL and other control characters (not tab/newline) become spaces, same length.
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text)


def is_mixed_case(text: str) -> bool:
    """True when the text uses normal capitalisation (so a lower-case 'batu' is a common word).

    Lower-cased corpora (like NERP) and all-caps text carry no casing signal.
    """
    upper, lower = case_counts(text[:5000])
    return upper >= 3 and lower >= 3 and upper < lower


_NOT_UPPER = bytes(b for b in range(256) if not 65 <= b <= 90)
_NOT_LOWER = bytes(b for b in range(256) if not 97 <= b <= 122)
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


def ascii_alnum(text: str) -> bool:
    """True when every letter and digit of `text` (str.isalnum) is ASCII: then [0-9A-Za-z] and
    the Unicode class [^\\W_] (and [0-9] and \\d) match the same characters of it."""
    if text.isascii():
        return True
    return not any(map(str.isalnum, _ASCII_RUN.sub("", text)))


def case_counts(sample: str) -> tuple[int, int]:
    """How many characters of `sample` are upper and lower case (str.isupper/islower per character).

    ASCII letters are counted on bytes (C speed); the few other characters one by one."""
    raw = sample.encode("ascii", "ignore")
    upper = len(raw.translate(None, _NOT_UPPER))
    lower = len(raw.translate(None, _NOT_LOWER))
    if len(raw) != len(sample):
        rest = _ASCII_RUN.sub("", sample)
        upper += sum(map(str.isupper, rest))
        lower += sum(map(str.islower, rest))
    return upper, lower


@dataclass(slots=True)
class Tokens:
    """Tokens of a text, lower-cased, with what separates each from the one before.

    A gazetteer key is whole tokens joined by single spaces: it matches a run of tokens with no
    `hard_before` inside it (punctuation or a line break ends a name).
    """

    text: str
    starts: list[int]
    ends: list[int]
    words: list[str]  # folded token strings
    hard_before: list[bool]  # punctuation/line break between this token and the previous
    linked: list[bool]  # only spaces, a hyphen or one full stop between this token and the previous


_SPLIT = re.compile(r"([^\W_]+)")  # _TOKEN with a group: split() alternates gap, token, gap, ...
# The same for a text whose letters and digits are all ASCII: a plain character set scans about
# twice as fast as the Unicode classes and finds the same tokens there.
_SPLIT_ASCII = re.compile(r"([0-9A-Za-z]+)")
# Gap text -> (hard, linked); gaps repeat (" ", ", ", ". "), so each is classified once. Bounded:
# cleared when it grows past _GAP_CACHE_MAX.
_GAP_CACHE: dict[str, tuple[bool, bool]] = {}
_GAP_CACHE_MAX = 4096


def _gap_kind(gap: str) -> tuple[bool, bool]:
    hard = _SOFT_GAP.fullmatch(gap) is None
    kind = (hard, not hard or _LINK_GAP.fullmatch(gap) is not None)
    if len(_GAP_CACHE) >= _GAP_CACHE_MAX:
        _GAP_CACHE.clear()
    _GAP_CACHE[gap] = kind
    return kind


def tokenize(text: str, folded: str | None = None) -> Tokens:
    """Tokens of `text`; `folded` is fold(text) when the caller already has it."""
    if folded is None:
        folded = fold(text)
    parts = (_SPLIT_ASCII if ascii_alnum(folded) else _SPLIT).split(folded)  # [gap, token, ..., gap]
    n = len(parts) // 2
    if not n:
        return Tokens(text, [], [], [], [], [])
    words = parts[1::2]
    offsets = list(accumulate(map(len, parts), initial=0))
    starts = offsets[1 : 2 * n : 2]
    ends = offsets[2 : 2 * n + 1 : 2]
    get = _GAP_CACHE.get
    kinds = [get(g) or _gap_kind(g) for g in parts[2 : 2 * n - 1 : 2]]
    hard_before = [True]
    hard_before += [k[0] for k in kinds]
    linked = [False]
    linked += [k[1] for k in kinds]
    return Tokens(text, starts, ends, words, hard_before, linked)


def norm_key(name: str) -> str:
    """The gazetteer key of a place name: folded tokens joined by single spaces."""
    return " ".join(_TOKEN.findall(fold(name)))
