"""Dead and injured counts from phrases such as "dua orang tewas", "3 warga luka-luka", "menewaskan
seorang simpatisan", "korban luka tercatat 5 orang", "tidak ada korban jiwa".

A count is None when the story does not state it; "tidak ada korban jiwa" states 0 dead, "tidak ada
korban" states 0 dead and 0 injured. Several mentions of one category are read as the same people
told again, so the largest figure wins (stories repeat the toll; they rarely add separate tolls).
Vague quantities count as their lower bound: belasan 11, puluhan 20, ratusan 100.
"""

from __future__ import annotations

import re

WORDS = {
    "satu": 1, "seorang": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "dua belas": 12, "tiga belas": 13,
    "empat belas": 14, "lima belas": 15, "dua puluh": 20, "belasan": 11, "puluhan": 20, "ratusan": 100,
    "beberapa": None, "sejumlah": None,
}
_NUM = (r"(?P<n>\d{1,4}|dua belas|tiga belas|empat belas|lima belas|dua puluh|satu|seorang|dua|tiga|empat|lima|enam|"
        r"tujuh|delapan|sembilan|sepuluh|sebelas|belasan|puluhan|ratusan)")
_WHO = (r"(?:\s+(?:orang|warga|korban|simpatisan|pendukung|petugas|anggota|personel|polisi|pemuda|pria|wanita|"
        r"perempuan|saksi|pelajar|siswa|buruh|pekerja|massa|penumpang|jiwa|di\s+antaranya|lainnya|"
        r"kpps|ppk|pps|tni|polri|aparat|peserta|pengunjuk\s+rasa|demonstran|mahasiswa)){0,3}")
_DEAD = r"(?:tewas|meninggal(?:\s+dunia)?|wafat|gugur|terbunuh|kehilangan\s+nyawa|tak\s+bernyawa)"
_INJ = r"(?:luka[\s-]luka|terluka|luka(?:\s+(?:berat|ringan|parah|serius|bacok|tembak|tusuk))?|cedera|kritis)"
_VERB_DEAD = r"(?:menewaskan|merenggut\s+nyawa|menelan\s+korban\s+jiwa|mengakibatkan|menyebabkan)"
_VERB_INJ = r"(?:melukai|mencederai)"

_P = [
    # "dua orang tewas", "3 warga luka-luka", "seorang simpatisan meninggal dunia", "satu tewas dan tiga lainnya luka"
    ("dead", re.compile(r"\b" + _NUM + _WHO + r"\s+(?:dilaporkan\s+|dikabarkan\s+|ditemukan\s+)?" + _DEAD + r"\b")),
    ("inj", re.compile(r"\b" + _NUM + _WHO + r"\s+(?:mengalami\s+|menderita\s+|dilaporkan\s+)?" + _INJ + r"\b")),
    # "menewaskan dua orang", "melukai tiga lainnya"
    ("dead", re.compile(r"\bmenewaskan\s+" + _NUM + r"\b")),
    ("inj", re.compile(r"\b" + _VERB_INJ + r"\s+" + _NUM + r"\b")),
    # "korban tewas tercatat 2 orang", "korban luka sebanyak 5 orang", "korban jiwa 3 orang"
    ("dead", re.compile(r"\bkorban\s+(?:tewas|meninggal(?:\s+dunia)?|jiwa)\s+(?:tercatat\s+|sebanyak\s+|mencapai\s+|"
                        r"berjumlah\s+|ada\s+)?" + _NUM + r"\b")),
    ("inj", re.compile(r"\bkorban\s+luka(?:[\s-]luka)?\s+(?:tercatat\s+|sebanyak\s+|mencapai\s+|berjumlah\s+|ada\s+)?"
                       + _NUM + r"\b")),
    # "3 korban jiwa", "5 korban luka"
    ("dead", re.compile(r"\b" + _NUM + r"\s+korban\s+(?:jiwa|tewas|meninggal)\b")),
    ("inj", re.compile(r"\b" + _NUM + r"\s+korban\s+luka\b")),
]
_NONE_DEAD = re.compile(r"\b(?:tidak|tak|tiada|belum)\s+ada\s+(?:laporan\s+)?korban\s+(?:jiwa|tewas|meninggal)|"
                        r"\bnihil\s+korban\s+jiwa|\btanpa\s+korban\s+jiwa")
_NONE_ANY = re.compile(r"\b(?:tidak|tak|tiada)\s+ada\s+(?:yang\s+(?:terluka|luka|menjadi\s+korban)|korban(?!\s+(?:jiwa|"
                       r"tewas|meninggal|luka)))|\btidak\s+ada\s+korban,|\bnihil\s+korban\b(?!\s+jiwa)|"
                       r"\btidak\s+ada\s+korban\s+jiwa\s+(?:maupun|ataupun|dan|atau)\s+(?:korban\s+)?luka")


_NOT_PEOPLE = frozenset(["tps", "nomor", "urut", "pukul", "rp", "tahun", "pasal", "ayat", "rt", "rw", "no", "km"])
_NOT_PEOPLE |= frozenset(["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
                          "oktober", "november", "desember"])


def _value(s: str) -> int | None:
    s = re.sub(r"\s+", " ", s)
    if s.isdigit():
        return int(s)
    return WORDS.get(s)


_CUE = re.compile(r"tewas|meninggal|wafat|gugur|terbunuh|nyawa|luka|cedera|kritis|korban|melukai|mencederai")


def _windows(folded: str) -> list[str]:
    """Stretches of text around casualty words (the patterns only ever match there)."""
    spans: list[list[int]] = []
    for m in _CUE.finditer(folded):
        s, e = max(0, m.start() - 90), m.end() + 60
        if spans and s <= spans[-1][1]:
            spans[-1][1] = e
        else:
            spans.append([s, e])
    return [folded[s:e] for s, e in spans]


def casualties(folded: str) -> dict[str, int | None]:
    """{"dead": n | None, "injured": n | None} from lower-cased text."""
    windows = _windows(folded)
    if not windows:
        return {"dead": None, "injured": None}
    dead, inj = _counts(windows)
    joined = "\n".join(windows)
    if _NONE_ANY.search(joined):
        dead = 0 if dead is None else dead
        inj = 0 if inj is None else inj
    elif _NONE_DEAD.search(joined) and dead is None:
        dead = 0
    return {"dead": dead, "injured": inj}


def _counts(windows: list[str]) -> tuple[int | None, int | None]:
    dead: int | None = None
    inj: int | None = None
    for kind, rx in _P:
        for folded in windows:
            for m in rx.finditer(folded):
                dead, inj = _take(kind, m, folded, dead, inj)
    return dead, inj


def _take(kind: str, m: re.Match[str], folded: str, dead: int | None, inj: int | None) -> tuple[int | None, int | None]:
    # "tidak ada ... tewas" style negations sit before the number
    before = folded[max(0, m.start() - 12):m.start()]
    if re.search(r"\b(?:tidak|tak|bukan)\s+(?:ada\s+)?$", before):
        return dead, inj
    v = _value(m.group("n"))
    if v is None or v >= 1000:
        return dead, inj  # a year or an amount, not people
    prev = before.split()[-1:] if before.strip() else []
    if prev and prev[0] in _NOT_PEOPLE:
        return dead, inj
    if kind == "dead":
        dead = v if dead is None else max(dead, v)
    else:
        inj = v if inj is None else max(inj, v)
    return dead, inj
