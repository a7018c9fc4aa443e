"""Text normalisation for matching.

Everything here keeps character offsets into the caller's text: place mentions are reported as
offsets into the text the user gave, so no step may shift characters.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass

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
    sample = text[:5000]
    upper = sum(map(str.isupper, sample))
    lower = sum(map(str.islower, sample))
    return upper >= 3 and lower >= 3 and upper < lower


@dataclass(slots=True)
class Tokens:
    """Tokens of a text and a padded, lower-cased string for the automaton.

    `norm` is " tok tok | tok " : a single space inside a run that may form one name and " | "
    where punctuation or a line break separates tokens. Gazetteer keys are " name " so a hit is
    always whole tokens and never crosses punctuation.
    """

    text: str
    starts: list[int]
    ends: list[int]
    words: list[str]  # folded token strings
    norm: str
    norm_starts: list[int]  # position in `norm` of each token
    hard_before: list[bool]  # punctuation/line break between this token and the previous
    linked: list[bool]  # only spaces, a hyphen or one full stop between this token and the previous

    def token_at(self, norm_pos: int) -> int:
        """Index of the token starting at or before `norm_pos` in `norm`."""
        return bisect_right(self.norm_starts, norm_pos) - 1


def tokenize(text: str) -> Tokens:
    folded = fold(text)
    spans = [m.span() for m in _TOKEN.finditer(folded)]
    starts = [sp[0] for sp in spans]
    ends = [sp[1] for sp in spans]
    words = [folded[s:e] for s, e in spans]
    gaps = [folded[e:s] for e, s in zip(ends, starts[1:], strict=False)]
    soft = _SOFT_GAP.fullmatch
    link = _LINK_GAP.fullmatch
    hard_before = [True] + [soft(g) is None for g in gaps] if spans else []
    linked = [False] + [not h or link(g) is not None for h, g in zip(hard_before[1:], gaps, strict=True)]
    parts = [" "]
    norm_starts: list[int] = []
    pos = 1
    for w, hard in zip(words, hard_before, strict=True):
        if norm_starts:
            sep = HARD if hard else SOFT
            parts.append(sep)
            pos += len(sep)
        norm_starts.append(pos)
        parts.append(w)
        pos += len(w)
    parts.append(" ")
    return Tokens(text, starts, ends, words, "".join(parts), norm_starts, hard_before, linked[:len(spans)])


def norm_key(name: str) -> str:
    """The automaton key of a place name: folded tokens joined by single spaces."""
    return " ".join(_TOKEN.findall(fold(name)))
