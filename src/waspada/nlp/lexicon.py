"""Transparent rules per event type: taxonomy keywords plus our own phrases, matched on stems, with
negation ("tidak ada bentrokan"), prevention ("mencegah politik uang") and an election-context window.

A hit counts fully when an election term is within `WINDOW` tokens (or is part of the phrase), half
when the story mentions the election elsewhere, and barely when it does not. A story about a
village-head election (pilkades) with no other election term is out of scope: its hits count 0.15.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import compress

from waspada.nlp.domain import Taxonomy
from waspada.nlp.normalize import Stemmer, normalise

WINDOW = 25
NEG_SPAN = 3
TITLE_BOOST = 1.5
SCALE = 1.2  # rule score = 1 - exp(-sum of weights / SCALE)

# Our phrases beside the taxonomy keywords (the taxonomy's are seeds; these come from reading how
# outlets word each kind of event). Surface forms; they are normalised and stemmed like the text.
EXTRA: dict[str, list[str]] = {
    "violence_clash": [
        "adu jotos", "baku hantam", "saling serang", "saling pukul", "saling lempar", "dipukul", "dipukuli",
        "memukul", "dibacok", "pembacokan", "dikeroyok", "luka-luka", "terluka", "luka bacok", "parang",
        "badik", "tembakan peringatan", "bentrok massa", "bentrokan fisik", "menganiaya", "meninggal dunia",
        "dilarikan ke rumah sakit", "berakhir ricuh", "saling lempar batu",
    ],
    "intimidation_threat": [
        "diancam", "dipaksa memilih", "dipaksa berjanji", "menghadang", "bangkai", "mengusir",
        "disekap", "diculik", "dipaksa menghapus", "menerima ancaman", "bernada ancaman", "ketakutan",
        "meminta perlindungan",
    ],
    "money_politics": [
        "amplop berisi uang", "bagi-bagi amplop", "membagikan uang", "membagikan amplop", "membagikan sembako",
        "operasi tangkap tangan", "dompet digital", "saldo dompet digital", "kupon belanja", "uang tunai",
        "jual beli suara", "menangkap tangan", "pemberian uang", "pemberi dan penerima",
    ],
    "hoax_hate_speech": [
        "kabar bohong", "berita bohong", "video editan", "hasil rekayasa", "selebaran gelap", "pesan berantai",
        "narasi menyesatkan", "pencemaran nama baik", "fitnah", "konten provokatif", "ujaran kebencian",
        "dipastikan hoaks", "tuduhan", "memelintir",
    ],
    "sara_provocation": [
        "bermuatan sara", "bernada sara", "rumah ibadah", "tempat ibadah", "beda agama", "berbeda keyakinan",
        "perbedaan agama", "kelompok etnis", "suku tertentu", "politisasi agama", "warga asli",
        "pemimpin yang berbeda keyakinan", "kerukunan umat beragama",
    ],
    "property_destruction": [
        "dirusak", "perusakan", "merusak", "dilempari batu", "dilempar batu", "membakar", "dirobek",
        "dicoret", "diobrak-abrik", "kaca jendela pecah", "baliho", "spanduk", "posko", "alat peraga kampanye dirusak",
        "kotak suara dibakar", "membakar kotak suara",
    ],
    "protest_demonstration": [
        "berunjuk rasa", "berdemonstrasi", "menggeruduk", "long march", "berorasi", "memblokade", "menyegel",
        "pengunjuk rasa", "menolak hasil", "menolak penetapan", "audiensi", "mobil komando", "tuntutan",
    ],
    "organiser_integrity": [
        "penggelembungan", "menggelembungkan", "selisih suara", "manipulasi", "sisa surat suara",
        "kode etik", "mengajukan keberatan", "pemilih yang sudah meninggal", "formulir c", "suap",
        "menerima uang agar mengubah", "mengubah perolehan suara", "tidak dicatat", "pemilih ganda",
    ],
    "asn_neutrality": [
        "netralitas", "aparatur sipil negara", "asn", "mobil dinas", "pelat merah", "fasilitas negara",
        "ikut berkampanye", "ikut kampanye", "perangkat desa", "mengarahkan", "badan kepegawaian negara",
        "politik praktis", "melanggar netralitas", "tidak netral",
    ],
    "logistics_disruption": [
        "kekurangan surat suara", "terlambat tiba", "gelombang tinggi", "cuaca buruk", "sirekap",
        "kelelahan", "pemungutan suara susulan", "pemungutan suara lanjutan", "tertukar", "logistik",
        "ditunda", "molor", "terendam", "merendam",
    ],
    "dispute_result": [
        "mahkamah konstitusi", "perselisihan hasil", "penghitungan suara ulang", "rekapitulasi ulang",
        "permohonan", "putusan", "ptun", "dalil", "terstruktur sistematis dan masif", "pemohon",
        "majelis hakim", "pemungutan ulang",
    ],
    "vulnerability_warning": [
        "kategori rawan", "rawan konflik", "pemetaan kerawanan", "memetakan", "indeks kerawanan",
        "potensi gesekan", "bersiaga", "rencana pengerahan massa", "rencana aksi", "zona merah kerawanan",
        "titik rawan konflik", "kewaspadaan dini masyarakat",
    ],
    "other_election": [
        "dipasang di pohon", "lokasi terlarang", "curi start", "mencuri start", "di luar jadwal",
        "ijazah palsu", "laporan dana kampanye", "kampanye terselubung", "calon tunggal", "kotak kosong",
        "calon pengganti", "menertibkan", "penertiban", "teguran tertulis", "pelanggaran administratif",
    ],
}

# Single words that say little on their own.
WEAK = frozenset(
    [
        "banjir", "longsor", "viral", "rawan", "antisipasi", "siaga", "demo", "sengketa", "gugatan", "dibakar",
        "pembakaran", "tewas", "bansos", "sembako", "pulsa", "voucher", "kupon", "amplop", "provokasi", "tekanan",
        "ditekan", "apk", "sara", "logistik", "putusan", "permohonan", "baliho", "spanduk", "posko", "suap", "tuduhan",
        "ditunda", "molor", "tuntutan", "ketakutan", "memetakan", "mengarahkan", "asn", "netralitas", "pendatang",
        "kecurangan", "curang", "fitnah", "dirusak", "merusak", "membakar", "penertiban", "menertibkan", "gangguan",
    ]
)

# Taxonomy seeds that name a topic, not a problem ("distribusi logistik" is also routine news).
NEUTRAL = frozenset(["logistik pemilu", "logistik pilkada", "distribusi logistik", "kampanye", "pasangan calon",
                     "sengketa pilkada", "sengketa pemilu", "dana kampanye", "alat peraga kampanye", "apk",
                     "pemasangan apk", "partai", "deteksi dini", "kewaspadaan dini", "cegah dini", "antisipasi",
                     "mahkamah konstitusi", "sidang mk", "putra daerah", "ceramah politik", "viral",
                     "perangkat desa", "foto bersama calon", "unggahan dukungan"])

ELECTION_TERMS = [
    "pemilu", "pilkada", "pemilihan umum", "pemilu legislatif", "pemilu presiden", "kpu", "komisi pemilihan umum",
    "bawaslu", "panwaslu", "panwascam", "panwaslih", "pengawas pemilu", "gakkumdu", "dkpp", "kpps", "ppk",
    "pps", "ptps", "dpt", "sirekap", "partai politik", "pasangan calon", "calon bupati", "calon wali kota",
    "calon gubernur", "calon presiden", "calon wakil presiden", "calon legislatif", "calon anggota dprd",
    "calon kepala daerah", "tim sukses", "tim kampanye", "tim pemenangan", "kotak kosong", "masa tenang",
    "hitung cepat", "quick count", "debat publik", "kampanye damai", "capres", "dapil", "daerah pemilihan",
    "pemilih pemula", "mahkamah konstitusi",
]
# Also used in village-head elections: they support a window but do not by themselves make the
# story an election (pemilu/pilkada) story.
GENERIC_TERMS = [
    "tempat pemungutan suara", "pemungutan suara", "penghitungan suara", "rekapitulasi", "surat suara",
    "kotak suara", "pencoblosan", "mencoblos", "kampanye", "pemilih", "hak pilih", "nomor urut", "daftar pemilih",
]
PILKADES_TERMS = ["pemilihan kepala desa", "calon kepala desa", "kepala desa terpilih", "panitia pemilihan kepala desa"]

NEGATORS = frozenset(["tidak", "bukan", "belum", "tanpa", "tiada", "nihil", "bantah", "hoaks"])
PREVENTIVE = frozenset(["cegah", "antisipasi", "waspada", "hindar", "larang", "tolak", "imbau", "lawan"])


@dataclass(slots=True)
class Hit:
    code: str
    phrase: str
    first: int  # token index
    last: int  # token index, inclusive
    weight: float
    negated: bool = False


@dataclass(slots=True)
class RuleResult:
    scores: dict[str, float]
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    election_terms: int = 0
    pilkades_only: bool = False


Phrase = tuple[tuple[str, ...], str, float, str]  # stems, code, weight, surface


class Lexicon:
    def __init__(self, taxonomy: Taxonomy, stemmer: Stemmer, extra: dict[str, list[str]] | None = None) -> None:
        self.stemmer = stemmer
        self.codes = taxonomy.codes
        self.index: dict[str, list[Phrase]] = {}
        seen: set[tuple[tuple[str, ...], str]] = set()
        extra = EXTRA if extra is None else extra
        for et in taxonomy.event_types:
            for surface in list(et.keywords) + extra.get(et.code, []):
                stems = self._stems(surface)
                if not stems or (stems, et.code) in seen:
                    continue
                seen.add((stems, et.code))
                weight = 1.0 if len(stems) > 1 else 0.5
                if surface in WEAK or " ".join(stems) in WEAK:
                    weight = 0.25
                if surface in NEUTRAL:
                    weight = 0.15
                self.index.setdefault(stems[0], []).append((stems, et.code, weight, surface))
        for lst in self.index.values():
            lst.sort(key=lambda p: -len(p[0]))
        self.ctx: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for kind, terms in ((0, ELECTION_TERMS), (1, GENERIC_TERMS), (2, PILKADES_TERMS)):
            for t in terms:
                st = self._stems(t)
                self.ctx.setdefault(st[0], []).append((st, kind))
        for lst2 in self.ctx.values():
            lst2.sort(key=lambda p: -len(p[0]))

    def _stems(self, surface: str) -> tuple[str, ...]:
        return tuple(self.stemmer.stems(normalise(surface).split()))

    def add_terms(self, terms: list[str], kind: int = 0) -> None:
        """Extra election-context terms (party names, configured candidates)."""
        for t in terms:
            st = self._stems(t)
            if st:
                self.ctx.setdefault(st[0], []).append((st, kind))
                self.ctx[st[0]].sort(key=lambda p: -len(p[0]))

    def context_positions(self, stems: list[str]) -> tuple[list[int], int, int, int]:
        """Token positions of election terms, and counts of strong, generic and pilkades terms."""
        pos: list[int] = []
        strong = generic = pilkades = 0
        ctx = self.ctx
        n = len(stems)
        nxt = 0  # the first position not inside a term already counted
        # Only positions whose stem starts a term (found at C speed) can match.
        for i in compress(range(n), map(ctx.__contains__, stems)):
            if i < nxt:
                continue
            after = stems[i + 1] if i + 1 < n else None
            for st, kind in ctx[stems[i]]:
                k = len(st)
                # (the second stem first: most multi-word terms fail there, without a slice)
                if k == 1 or (st[1] == after and tuple(stems[i:i + k]) == st):
                    if kind == 2:
                        pilkades += 1
                    else:
                        pos.append(i)
                        if kind == 0:
                            strong += 1
                        else:
                            generic += 1
                    nxt = i + k
                    break
        return pos, strong, generic, pilkades

    def match(self, stems: list[str], title_tokens: int = 0, proper: list[bool] | None = None) -> RuleResult:
        """Rule scores per type. `proper[i]` marks a capitalised word inside a sentence (a name:
        "Serang", "Bentrok" as a place): single-word phrases never match there."""
        pos, strong, generic, pilkades = self.context_positions(stems)
        pilkades_only = pilkades > 0 and strong == 0
        scores = dict.fromkeys(self.codes, 0.0)
        hits: dict[str, list[Hit]] = {}
        index = self.index
        n = len(stems)
        counted: dict[tuple[str, str], float] = {}
        strong_hit: set[str] = set()
        covered = -1  # last token of the longest phrase accepted so far
        # Only positions whose stem starts a phrase (found at C speed) can match.
        for i in compress(range(n), map(index.__contains__, stems)):
            cands = index[stems[i]]
            if not cands:
                continue
            best = 0
            after = stems[i + 1] if i + 1 < n else None
            for st, code, weight, surface in cands:
                k = len(st)
                if k < best or i + k - 1 <= covered:
                    continue  # only the longest phrase at a position, never one inside another
                if k > 1 and (st[1] != after or tuple(stems[i:i + k]) != st):
                    continue
                if k == 1 and proper is not None and proper[i]:
                    continue
                best = k
                before = stems[max(0, i - NEG_SPAN):i]
                negated = not NEGATORS.isdisjoint(before)
                w = weight
                if not PREVENTIVE.isdisjoint(before):
                    w *= 0.3
                # Election context: a term inside the phrase or within the window.
                j = bisect_left(pos, i - WINDOW)
                near = j < len(pos) and pos[j] <= i + k - 1 + WINDOW
                if near:
                    factor = 1.0
                elif strong:
                    factor = 0.5
                else:
                    factor = 0.1
                if pilkades_only:
                    factor = 0.15
                w *= factor
                if i < title_tokens:
                    w *= TITLE_BOOST
                hit = Hit(code, surface, i, i + k - 1, round(w, 3), negated)
                hits.setdefault(code, []).append(hit)
                if not negated:
                    # A phrase counts once (its best occurrence); weak and neutral phrases
                    # (base weight < 0.3) only support a type that has a stronger hit.
                    key = (code, surface)
                    if w > counted.get(key, 0.0):
                        counted[key] = w
                        if weight >= 0.3:
                            strong_hit.add(code)
            if best:
                covered = max(covered, i + best - 1)
        for (code, _surface), w in counted.items():
            scores[code] += w
        for c, s in scores.items():
            scores[c] = 1.0 - math.exp(-s / SCALE) if c in strong_hit else 0.0
        return RuleResult(scores, hits, strong + generic, pilkades_only)
