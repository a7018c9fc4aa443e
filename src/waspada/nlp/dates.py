"""The event date: explicit dates ("Rabu (14/2/2024)", "5 Februari 2024", "Senin (5/2)") and relative
ones ("kemarin", "dua hari lalu", "pekan lalu", "Senin lalu") resolved against the publication date.

Which mention is the event? Dates right after a speech verb ("kata X, Kamis (8/2)") date the
statement, not the event, and are skipped; dates after publication (schedules) are skipped; among
the rest the first mention wins (news leads state the event date first). Without a publication date
only dates that carry their year can be resolved. Nothing stated -> None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

DAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6,
        "ahad": 6}
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12,
}
NUMBERS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
           "sembilan": 9, "sepuluh": 10}

_DAY = r"(?P<day>senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)"
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_PATTERNS = [
    # Rabu (14/2/2024), Senin (5/2), (5/2/2024)
    ("paren", re.compile(_DAY + r"?\s*,?\s*\((?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{2,4}))?\)")),
    # Selasa, 5 Februari 2024 / 5 Februari 2024 / 5 Februari
    ("long", re.compile(r"(?:" + _DAY + r"\s*,?\s*(?:tanggal\s+)?)?\b(?P<d>\d{1,2})\s+(?P<mon>" + _MON +
                        r")\.?(?:\s+(?P<y>\d{4}))?\b")),
    # 2024-02-14
    ("iso", re.compile(r"\b(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    # dd/mm/yyyy without brackets
    ("slash", re.compile(r"\b(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>20\d\d)\b")),
    ("kemarin", re.compile(r"\b(?:kemarin|kemarin\s+(?:pagi|siang|sore|malam)|semalam|tadi\s+malam)\b")),
    ("today", re.compile(r"\b(?:hari\s+ini|pagi\s+tadi|siang\s+tadi|sore\s+tadi|tadi\s+(?:pagi|siang|sore))\b")),
    ("ago", re.compile(r"\b(?P<n>\d{1,2}|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh)\s+hari\s+"
                       r"(?:yang\s+)?lalu\b")),
    ("week", re.compile(r"\b(?:pekan\s+lalu|sepekan\s+lalu|minggu\s+lalu|seminggu\s+lalu|sepekan\s+terakhir)\b")),
    ("dayname", re.compile(r"\b" + _DAY + r"\b(?:\s+(?P<when>lalu|kemarin|malam|pagi|siang|sore|dini\s+hari))?")),
]
# A date right after one of these dates the statement ("kata X saat dikonfirmasi, Kamis (8/2)").
_SPEECH = re.compile(
    r"(?:kata|ujar|ungkap|ungkapnya|jelas|jelasnya|tegas|tegasnya|terang|tutur|tuturnya|katanya|ujarnya|"
    r"menurut|dikonfirmasi|dihubungi|kepada\s+wartawan|kepada\s+awak\s+media|kepada\s+\w+\.com|"
    r"keterangan\s+tertulis|konferensi\s+pers|saat\s+ditemui|dikutip|diakses|diunggah|dilansir|"
    r"menyampaikan|mengatakan|menjelaskan|menegaskan|menuturkan|menyebutkan|dirilis|diberitakan)\b[^.\n\"]{0,70}$"
)


def _year(y: str | None, pub: date | None) -> int | None:
    if y:
        v = int(y)
        return v + 2000 if v < 100 else v
    return pub.year if pub else None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _resolve(kind: str, m: re.Match[str], pub: date | None, text: str) -> date | None:
    g = m.groupdict()
    if kind in ("paren", "long", "iso", "slash"):
        month = MONTHS[g["mon"]] if g.get("mon") else int(g["m"])
        year = _year(g.get("y"), pub)
        if year is None:
            return None
        got = _safe(year, month, int(g["d"]))
        if got and pub and not g.get("y") and (got - pub).days > 180:
            got = _safe(year - 1, month, int(g["d"]))  # "Senin (30/12)" read in January
        return got  # a weekday that disagrees with the numbers is ignored: the numbers win
    if pub is None:
        return None
    if kind == "kemarin":
        return pub - timedelta(days=1)
    if kind == "today":
        return pub
    if kind == "ago":
        n = g["n"]
        return pub - timedelta(days=int(n) if n.isdigit() else NUMBERS[n])
    if kind == "week":
        return pub - timedelta(days=7)
    if kind == "dayname":
        # "Minggu" is Sunday only when capitalised; lower-case "minggu" is "week".
        original = text[m.start("day"):m.end("day")]
        if g["day"] == "minggu" and not original[:1].isupper():
            return None
        wd = DAYS[g["day"].replace("'", "")]
        back = (pub.weekday() - wd) % 7
        if g.get("when") == "lalu" and back == 0:
            back = 7
        return pub - timedelta(days=back)
    return None


# Leads state the event date; later dates are mostly statements and background. Only this many
# characters are searched (speed: date patterns are the costliest part of the analysis).
SEARCH_CHARS = 1000
_ANY_CUE = re.compile(r"\d|senin|selasa|rabu|kamis|jum|sabtu|minggu|ahad|kemarin|semalam|hari ini|tadi|lalu")


# Places no date mention can span: after a character no pattern contains, or after a full stop
# whose word is not a month ("5 Feb. 2024" is one mention). Scanning the lead piece by piece
# finds exactly the matches a scan of the whole lead finds (no match crosses a cut, and the
# character after a cut is a non-word character or word boundaries agree), so `event_date` can
# stop at the first piece that holds a usable date.
_CUT = re.compile(r"[^\w\s,()/\-']")
_MIN_PIECE = 120
_MONTH_LENS = sorted({len(k) for k in MONTHS})


def _pieces(folded: str) -> Iterator[tuple[int, int]]:
    """Consecutive pieces of `folded` (at least _MIN_PIECE characters but the last), lazily."""
    start = 0
    n = len(folded)
    pos = _MIN_PIECE - 1
    while pos < n:
        m = _CUT.search(folded, pos)
        if m is None:
            break
        i = m.start()
        if folded[i] == "." and any(folded[max(0, i - k):i] in MONTHS for k in _MONTH_LENS):
            pos = i + 1  # "5 Feb. 2024": the full stop belongs to the date
            continue
        if i + 1 >= n:
            break
        yield start, i + 1
        start = i + 1
        pos = start + _MIN_PIECE - 1
    yield start, n


# Words or characters every match of a pattern contains (any one of them): a piece without
# any is not scanned with that pattern. "long" needs a day number before a month name.
_NEEDS: dict[str, tuple[str, ...]] = {
    "paren": ("(",), "iso": ("-",), "slash": ("/", "-"), "kemarin": ("kemarin", "semalam", "tadi"),
    "today": ("hari", "tadi"), "ago": ("lalu",), "week": ("lalu", "terakhir"),
    "dayname": ("senin", "selasa", "rabu", "kamis", "jum", "sabtu", "minggu", "ahad"),
}
_LONG_CUE = re.compile(r"\d\s+(?:" + _MON + ")")
# The same patterns behind a look-ahead for the characters a match can start with (a cheap test
# where most positions fail; the matches are the same).
_FIRST_CHARS = {"paren": r"[srkjma\s,(]", "long": r"[srkjma\d]", "dayname": "[srkjma]"}
_SCAN = [(kind, re.compile("(?=" + _FIRST_CHARS[kind] + ")(?:" + rx.pattern + ")") if kind in _FIRST_CHARS else rx)
         for kind, rx in _PATTERNS]


def _scan(text: str, folded: str, pub: date | None, start: int, end: int) -> list[tuple[int, int, date, bool]]:
    """Date mentions of folded[start:end], a piece from `_pieces`, in text order."""
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, int, date, bool]] = []
    piece = folded[start:end]
    for kind, rx in _SCAN:
        needs = _NEEDS.get(kind)
        if needs is not None and not any(w in piece for w in needs):
            continue
        if kind == "long" and not _LONG_CUE.search(piece):
            continue
        for m in rx.finditer(folded, start, end):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            d = _resolve(kind, m, pub, text)
            if d is None:
                continue
            taken.append((s, e))
            stmt = bool(_SPEECH.search(folded[max(0, s - 90):s]))
            out.append((s, e, d, stmt))
    out.sort()
    return out


def _iter_dates(text: str, folded: str, pub: date | None,
                limit: int | None = SEARCH_CHARS) -> Iterator[tuple[int, int, date, bool]]:
    if limit is not None:
        folded = folded[:limit]
    if not _ANY_CUE.search(folded):
        return
    for start, end in _pieces(folded):
        yield from _scan(text, folded, pub, start, end)


def find_dates(text: str, folded: str, pub: date | None,
               limit: int | None = SEARCH_CHARS) -> list[tuple[int, int, date, bool]]:
    """(start, end, date, is_statement) of every resolvable date mention in the first `limit`
    characters, in text order."""
    return list(_iter_dates(text, folded, pub, limit))


def event_date(text: str, folded: str, pub: date | None) -> tuple[date | None, tuple[int, int] | None]:
    """The event date and the span it was read from, or (None, None)."""
    for s, e, d, stmt in _iter_dates(text, folded, pub):
        if stmt:
            continue
        if pub and (d > pub or d < pub - timedelta(days=400)):
            continue
        if d.year < 1990:
            continue
        return d, (s, e)
    return None, None
