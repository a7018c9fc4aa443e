"""Actors named in a story, as taxonomy actor types: parties and presidential tickets
(parties_2024.yaml), election bodies and their ad hoc units, Polri, TNI, ASN, village heads, ormas,
supporters, candidates and campaign teams, community leaders, media and online accounts, plus
configurable candidate lists per contest.

Matching is on normalised surface words (not stems: "pendukung" is an actor, "mendukung" is not).
Short party aliases that are also words or other acronyms ("pan", "psi", "pbb") count only when
written in capitals in the original or after a party cue (partai, kader, fraksi, DPC...).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import Any

from waspada import datafiles
from waspada.nlp.domain import Party, Ticket
from waspada.nlp.normalize import normalise

# (type, canonical name): surface phrases
INSTITUTIONS: dict[tuple[str, str], list[str]] = {
    ("kpu_adhoc", "KPU"): ["kpu", "kpud", "komisi pemilihan umum", "kip", "komisi independen pemilihan"],
    ("kpu_adhoc", "PPK"): ["ppk", "panitia pemilihan kecamatan"],
    ("kpu_adhoc", "PPS"): ["pps", "panitia pemungutan suara"],
    ("kpu_adhoc", "KPPS"): ["kpps", "kelompok penyelenggara pemungutan suara"],
    ("bawaslu_adhoc", "Bawaslu"): ["bawaslu", "badan pengawas pemilu", "badan pengawas pemilihan umum",
                                   "pengawas pemilu", "panwaslih", "gakkumdu"],
    ("bawaslu_adhoc", "Panwaslu Kecamatan"): ["panwaslu kecamatan", "panwascam", "panwaslu", "pengawas kecamatan"],
    ("bawaslu_adhoc", "PKD"): ["pkd", "pengawas kelurahan desa", "pengawas desa"],
    ("bawaslu_adhoc", "PTPS"): ["ptps", "pengawas tps", "pengawas tempat pemungutan suara"],
    ("polri", "Polri"): ["polisi", "polri", "kepolisian", "polres", "polresta", "polrestabes", "polsek", "polda",
                         "kapolres", "kapolresta", "kapolrestabes", "kapolsek", "kapolda", "kapolri", "brimob",
                         "bhabinkamtibmas", "satreskrim", "mapolres", "mapolsek", "mapolda", "propam",
                         "satbrimob", "polisi militer"],
    ("tni", "TNI"): ["tni", "kodim", "koramil", "kodam", "korem", "dandim", "danramil", "danrem", "pangdam",
                     "babinsa", "prajurit", "marinir", "yonif", "tentara"],
    ("asn", "ASN"): ["asn", "aparatur sipil negara", "pegawai negeri sipil", "camat", "lurah", "pegawai pemda"],
    ("village_head", "Kepala desa"): ["kepala desa", "perangkat desa", "kepala dusun", "kadus", "kepala kampung",
                                      "wali nagari", "keuchik", "geuchik", "sekretaris desa", "kepala lembang",
                                      "hukum tua", "kuwu", "perbekel"],
    ("ormas", "Ormas"): ["ormas", "organisasi kemasyarakatan", "pemuda pancasila", "fpi", "banser", "gp ansor",
                         "laskar", "fbr", "grib", "pemuda panca marga"],
    ("supporters", "Pendukung"): ["pendukung", "simpatisan", "relawan", "massa pendukung", "loyalis",
                                  "kubu pendukung", "pendukungnya", "para pendukung"],
    ("candidate_pair", "Pasangan calon"): ["pasangan calon", "calon bupati", "calon wakil bupati", "calon wali kota",
                                           "calon wakil wali kota", "calon gubernur", "calon wakil gubernur",
                                           "calon kepala daerah", "calon presiden", "calon wakil presiden",
                                           "bakal calon"],
    ("candidate_pair", "Calon legislatif"): ["calon legislatif", "calon anggota legislatif", "calon anggota dprd",
                                             "calon anggota dpr", "calon anggota dpd", "bakal calon legislatif"],
    ("candidate_pair", "Tim kampanye"): ["tim sukses", "tim kampanye", "tim pemenangan", "juru kampanye"],
    ("community_leader", "Tokoh masyarakat"): ["tokoh masyarakat", "tokoh adat", "tokoh agama", "tokoh pemuda",
                                               "ulama", "kiai", "kyai", "pendeta", "pemuka agama", "pemuka adat",
                                               "ketua adat", "kepala suku", "tetua adat", "ustaz", "habib"],
    ("media_online_account", "Jurnalis"): ["jurnalis", "wartawan"],
    ("media_online_account", "Akun daring"): ["akun", "buzzer", "pemilik akun", "admin grup"],
}
PARTY_CUES = frozenset(["partai", "kader", "fraksi", "dpc", "dpw", "dpd", "pengurus", "ketua", "legislatif", "parpol"])
# Aliases that are also ordinary words, names or other acronyms.
AMBIGUOUS_ALIASES = frozenset(["pan", "pa", "pna", "amin", "pkn", "pbb", "psi", "ppp", "pks", "pkb", "pda", "gelora",
                               "garuda", "demokrat", "buruh", "ummat", "gabthat"])
# A word before a phrase that makes it something else ("calon kepala desa" is a pilkades candidate,
# "kepada wartawan" is the reporter being told, not an actor).
BLOCK_BEFORE: dict[str, frozenset[str]] = {
    "kepala desa": frozenset(["calon", "pemilihan", "cakades"]),
    "jurnalis": frozenset(["kepada"]),
    "wartawan": frozenset(["kepada"]),
    "kepala dusun": frozenset(["calon"]),
}


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    aliases: tuple[str, ...]
    contest: str | None = None


def load_candidates(path: str | os.PathLike[str]) -> list[Candidate]:
    """Candidate lists per contest from YAML or JSON: a list of {name, aliases?, contest?}, or
    {"contests": [{"contest": ..., "candidates": [...]}]}."""
    raw = Path(path).read_text(encoding="utf-8")
    doc: Any = json.loads(raw) if str(path).endswith(".json") else datafiles.parse_yaml(raw)
    return candidates_from(doc)


def candidates_from(doc: Any) -> list[Candidate]:
    out: list[Candidate] = []
    if isinstance(doc, dict) and "contests" in doc:
        for c in doc["contests"] or []:
            for cand in c.get("candidates") or []:
                out.append(_cand(cand, c.get("contest")))
    elif isinstance(doc, list):
        out = [_cand(c, None) for c in doc]
    else:
        raise ValueError("candidate list must be a list or {contests: [...]}")
    return out


def _cand(c: Any, contest: str | None) -> Candidate:
    if isinstance(c, str):
        return Candidate(c, (c,), contest)
    name = str(c["name"])
    aliases = tuple(str(a) for a in c.get("aliases") or ()) + (name,)
    return Candidate(name, aliases, c.get("contest", contest))


Entry = tuple[tuple[str, ...], str, str, bool]  # words, type, name, ambiguous


class ActorMatcher:
    def __init__(self, parties: Iterable[Party] = (), tickets: Iterable[Ticket] = (),
                 candidates: Iterable[Candidate] = ()) -> None:
        self.index: dict[str, list[Entry]] = {}
        for (typ, name), phrases in INSTITUTIONS.items():
            for p in phrases:
                self._add(p, typ, name, False)
        for party in parties:
            for a in party.aliases:
                self._add(a, "political_party", party.name, a in AMBIGUOUS_ALIASES or len(a) <= 3)
        for t in tickets:
            for a in t.aliases:
                self._add(a, "candidate_pair", t.name, a in AMBIGUOUS_ALIASES)
        for c in candidates:
            for a in c.aliases:
                self._add(a, "candidate_pair", c.name, False)
        for lst in self.index.values():
            lst.sort(key=lambda e: -len(e[0]))

    def _add(self, surface: str, typ: str, name: str, ambiguous: bool) -> None:
        words = tuple(normalise(surface).split())
        if words:
            self.index.setdefault(words[0], []).append((words, typ, name, ambiguous))

    def find(self, words: list[str], text: str) -> list[tuple[str, str]]:
        """(type, name) of every actor mention, in text order (words from normalize.fast_words;
        `text` is searched for the original casing of ambiguous party aliases)."""
        out: list[tuple[str, str]] = []
        index = self.index
        n = len(words)
        nxt = 0  # the first position after the last phrase taken
        # Only positions whose word starts a phrase (found at C speed) can match.
        for i in compress(range(n), map(index.__contains__, words)):
            if i < nxt:
                continue
            after = words[i + 1] if i + 1 < n else None
            for ws, typ, name, ambiguous in index[words[i]]:
                k = len(ws)
                if k > 1 and (ws[1] != after or tuple(words[i:i + k]) != ws):
                    continue
                blockers = BLOCK_BEFORE.get(" ".join(ws)) if k > 1 or ws[0] in BLOCK_BEFORE else None
                if blockers and i > 0 and words[i - 1] in blockers:
                    break
                if ambiguous and not (i > 0 and words[i - 1] in PARTY_CUES) and not _cased(text, ws):
                    continue
                out.append((typ, name))
                nxt = i + k
                break
        return out


def _cased(text: str, ws: tuple[str, ...]) -> bool:
    """Is the alias written in capitals (PAN, PKS) or, if longer than 4 letters, capitalised
    (Gelora, Demokrat) somewhere in the original text?"""
    word = " ".join(ws)
    if word.upper() in text and len(word) >= 2:
        return True
    return len(word) > 4 and word.capitalize() in text


def actor_list(mentions: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Distinct {"type","name"} in order of first mention."""
    seen: dict[tuple[str, str], None] = {}
    for typ, name in mentions:
        seen.setdefault((typ, name), None)
    return [{"type": t, "name": n} for t, n in seen]
