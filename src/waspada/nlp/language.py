"""A small stopword-based language detector (ISO 639-1).

News feeds mix Indonesian with English wire copy and the odd Malaysian story; counting function
words is enough to route them, needs no model download and runs in microseconds.
"""

from __future__ import annotations

import re

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
    if not words:
        return "und"
    counts = {lang: 0 for lang in _STOPWORDS}
    for w in words:
        for lang, stops in _STOPWORDS.items():
            if w in stops:
                counts[lang] += 1
    id_like = counts["id"] + counts["ms"]  # Malay and Indonesian share most function words
    en = counts["en"]
    if max(id_like, en) < MIN_HITS or max(id_like, en) < 0.05 * len(words):
        return "und"
    if en > id_like:
        return "en"
    ms_marks = sum(1 for w in words if w in _MS_ONLY)
    id_marks = sum(1 for w in words if w in _ID_ONLY)
    if ms_marks >= 2 and ms_marks > id_marks:
        return "ms"
    return "id"
