"""Photo credits and captions in a news text: "(Foto: DPC PDIP Surabaya)", a short "Foto:" or "Dok:" line, a
line starting "Ilustrasi". A place named only there is where the photo came from, not where the story is."""

from __future__ import annotations

import re
from itertools import compress

from waspada.nlp.text import Tokens

_CREDIT_WORDS = frozenset(["foto", "dok", "ilustrasi"])
_CREDIT_PAREN = re.compile(r"\((?:Foto|FOTO|foto|Dok|DOK|Ilustrasi|ILUSTRASI)\b[^)\n]{0,150}\)")
# a credit is short: a longer line after "FOTO:" is a gallery's caption, i.e. the story itself
_CREDIT_COLON = re.compile(r"(?:Foto|FOTO|Dok|DOK)\s*(?:/\s*\w+\s*)?:[^\n]{0,100}$", re.M)
_CREDIT_LINE = re.compile(r"(?:Ilustrasi|ILUSTRASI)\b[^\n]{0,200}")


def credit_spans(text: str, toks: Tokens) -> list[tuple[int, int]]:
    """Spans of photo credits and captions, tried only where one of their words stands."""
    out: list[tuple[int, int]] = []
    words = toks.words
    for t in compress(range(len(words)), map(_CREDIT_WORDS.__contains__, words)):
        pos = toks.starts[t]
        m = None
        if pos > 0 and text[pos - 1] == "(":
            m = _CREDIT_PAREN.match(text, pos - 1)
        elif words[t] == "ilustrasi":
            if not text[text.rfind("\n", 0, pos) + 1 : pos].strip():
                m = _CREDIT_LINE.match(text, pos)
        else:
            m = _CREDIT_COLON.match(text, pos)
        if m is not None:
            out.append(m.span())
    return out
