"""A small stopword-based language detector (ISO 639-1).

News feeds mix Indonesian with English wire copy and the odd Malaysian story; counting function
words is enough to route them, needs no model download and runs in microseconds.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import filterfalse

_WORD = re.compile(r"[^\W\d_]+")

# Function words frequent in each language and rare in the others.
_STOPWORDS: dict[str, frozenset[str]] = {
    "id": frozenset(
        [
            "yang",
            "dan",
            "di",
            "ke",
            "dari",
            "ini",
            "itu",
            "dengan",
            "untuk",
            "pada",
            "dalam",
            "tidak",
            "akan",
            "juga",
            "adalah",
            "karena",
            "oleh",
            "sebagai",
            "atau",
            "bahwa",
            "telah",
            "sudah",
            "ada",
            "mereka",
            "kami",
            "kita",
            "saat",
            "setelah",
            "kepada",
            "masih",
            "bisa",
            "hanya",
            "lebih",
            "menjadi",
            "tersebut",
            "para",
            "agar",
            "namun",
            "serta",
            "hingga",
            "dapat",
            "belum",
            "harus",
            "seperti",
            "antara",
            "bersama",
            "saat",
            "ini",
            "kata",
            "mengatakan",
            "terjadi",
            "warga",
            "sebanyak",
            "sekitar",
            "sejumlah",
            "tengah",
            "sedang",
            "pun",
            "lalu",
            "bagi",
            "tak",
            "tapi",
            "tetapi",
            "jika",
            "kalau",
            "sementara",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "on",
            "with",
            "as",
            "was",
            "by",
            "at",
            "from",
            "it",
            "are",
            "be",
            "this",
            "an",
            "have",
            "has",
            "were",
            "which",
            "but",
            "not",
            "or",
            "their",
            "they",
            "its",
            "been",
            "would",
            "will",
            "who",
            "also",
            "said",
            "after",
            "into",
            "about",
            "than",
            "more",
            "other",
            "there",
            "when",
            "what",
        ]
    ),
    # Malay shares most function words with Indonesian; these markers are Malaysian usage.
    "ms": frozenset(
        [
            "ialah",
            "iaitu",
            "kerana",
            "daripada",
            "bagi",
            "semasa",
            "sebelum",
            "selepas",
            "beliau",
            "kerajaan",
            "boleh",
            "mahkamah",
            "bahawa",
            "pihak",
            "berkuasa",
            "negeri",
        ]
    ),
}
_MS_ONLY = frozenset({"ialah", "iaitu", "kerana", "selepas", "bahawa", "boleh", "beliau"})
_ID_ONLY = frozenset({"tidak", "karena", "bisa", "setelah", "tapi", "sudah", "tersebut", "bahwa"})

MIN_HITS = 2


def detect_language(text: str, max_chars: int = 20000) -> str:
    """Return 'id', 'en', 'ms' or 'und' (undetermined: too short, or no known language)."""
    words = _WORD.findall(text[:max_chars].lower())
    return _decide(Counter(words), len(words))


def detect_language_tokens(words: list[str]) -> str:
    """`detect_language` from the folded tokens of text.tokenize (letters and digits), for a text
    of at most `max_chars` characters whose lower-casing keeps its length: the same answer
    without a second pass over the text."""
    counts = Counter(words)
    n = len(words)
    for w in list(filterfalse(str.isalpha, counts)):
        c = counts.pop(w)
        parts = _WORD.findall(w)  # "pilkada2024" -> "pilkada"; "2024" -> nothing
        n += (len(parts) - 1) * c
        for part in parts:
            counts[part] += c
    return _decide(counts, n)


def _hits(counts: Counter[str], words: frozenset[str]) -> int:
    return sum(counts[w] for w in counts.keys() & words)


def _decide(counts: Counter[str], n_words: int) -> str:
    if not n_words:
        return "und"
    # Malay and Indonesian share most function words.
    id_like = _hits(counts, _STOPWORDS["id"]) + _hits(counts, _STOPWORDS["ms"])
    en = _hits(counts, _STOPWORDS["en"])
    if max(id_like, en) < MIN_HITS or max(id_like, en) < 0.05 * n_words:
        return "und"
    if en > id_like:
        return "en"
    ms_marks = _hits(counts, _MS_ONLY)
    id_marks = _hits(counts, _ID_ONLY)
    if ms_marks >= 2 and ms_marks > id_marks:
        return "ms"
    return "id"
