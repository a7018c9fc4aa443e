"""Datelines: the place an outlet files a story from, written before the first dash.

"BANDUNG, KOMPAS.com - ...", "Jayapura (ANTARA) - ...", "TRIBUNNEWS.COM, MALANG - ...",
"Liputan6.com, Jakarta - ...", "JAKARTA - ...". The outlet part is recognised by a domain suffix or
a known outlet word; what remains, if short, is the place.
"""

from __future__ import annotations

import re

_HEAD = re.compile(r"\A\s*(?P<head>[^\n]{2,90}?)\s*(?:--?|\u2013|\u2014)+\s*(?=\S)")
_OUTLET = re.compile(
    r"\.(?:com|co\.id|id|net|tv|org|news)\b|\b(?:antara|kompas|detik\w*|tribun\w*|okezone|liputan6|cnn|"
    r"cnbc|idn\s*times|tempo|republika|sindonews|merdeka|viva|suara|jpnn|inews|metro\s*tv|beritasatu|"
    r"kumparan|jawa\s*pos|jawapos|rmol|bisnis|kontan|tirto|katadata|medcom|rri|tvri|gatra|inilah|"
    r"pikiran\s*rakyat|solopos|harian|tvone\w*|radar\s*\w+|times\s*indonesia|waspada|serambi\w*|"
    r"kaltim\s*post|bali\s*post|pos\s*kupang|fajar|koran\s*\w+|beritajatim|kabar\w*)\b",
    re.I,
)
_PLACE_PART = re.compile(r"[A-Za-z][A-Za-z.' ]{1,40}")


# A dateline after a headline or a photo caption (page copies often start with them): a place in capitals
# before a dash ("... Ujaran Kebencian SEMARANG – Mulai Kamis"), or a capitalised place with its outlet
# ("Pontianak, thetanjungpuratimes.com –", "Palu (ANTARA) -"), within the first INNER_CHARS characters;
# and the colon form at the very start ("Semarang: Direktorat ...").
INNER_CHARS = 300
_INNER = re.compile(
    r"(?<![\w.])(?P<place>[A-Z]{3,}(?:[ ][A-Z]{3,}){0,3})\s*(?:,\s*[\w.]+\.(?:com|co\.id|id|net)\s*)?"
    r"(?:--?|\u2013|\u2014)\s"
    r"|(?<![\w.])(?P<mixed>[A-Z][a-z]+)\s*(?:,\s*[\w.]+\.(?:com|co\.id|id|net)|\s*\((?:ANTARA|Antara)"
    r"[^)]{0,20}\))\s*(?:--?|\u2013|\u2014)\s"
)
_COLON = re.compile(r"\A\s*(?P<place>[A-Z][a-z]+(?:[ ][A-Z][a-z]+)?):\s+[A-Z]")


def _inner_dateline(text: str) -> tuple[int, int] | None:
    m = _COLON.match(text)
    if m:
        return m.start("place"), m.end("place")
    for m in _INNER.finditer(text, 0, INNER_CHARS):
        group = "place" if m.group("place") else "mixed"
        start, words = m.start(group), m.group(group).split(" ")
        while words and _OUTLET.search(words[0]):  # "TRIBUNNEWS SEMARANG -": the outlet is not the place
            start += len(words[0]) + 1
            words = words[1:]
        if words and not any(_OUTLET.search(w) for w in words):
            return start, start + len(" ".join(words))
    return None


def find_dateline(text: str) -> tuple[int, int] | None:
    """Character span of the dateline place at the start of `text` (or after a headline), or None."""
    m = _HEAD.match(text)
    if not m:
        return _inner_dateline(text)
    head = m.group("head")
    base = m.start("head")
    if len(head.split()) > 8:
        return _inner_dateline(text)
    # Split on commas and brackets, keeping offsets.
    for part in re.finditer(r"[^,()\[\]/|]+", head):
        raw = part.group(0)
        stripped = raw.strip()
        if not stripped or _OUTLET.search(stripped):
            continue
        if not _PLACE_PART.fullmatch(stripped) or len(stripped.split()) > 4:
            continue
        # A dateline is written in capitals or title case; a sentence fragment is not.
        if not all(w[:1].isupper() for w in stripped.split()):
            continue
        start = base + part.start() + (len(raw) - len(raw.lstrip()))
        return start, start + len(stripped)
    return _inner_dateline(text)
