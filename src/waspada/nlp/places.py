"""Resolution: which official place each mention names, and where the story happens.

The order of evidence, strongest first: a level word before the name ("Kota Batu"), the hierarchy
of co-mentioned places (a kecamatan of Kabupaten Bandung makes a bare "Bandung" the kabupaten), a
dateline, then priors (a province before a kota before a kabupaten of the same bare name).
Low-level names (kecamatan, desa, small islands) count only with their level word or with a parent
mentioned elsewhere: there are 63,000 distinct village names and many are ordinary words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from waspada.nlp import cues
from waspada.nlp.credits import credit_spans
from waspada.nlp.gazetteer import KABKOTA_LEVELS, VILLAGE_LEVELS, Gazetteer, Hit, Place
from waspada.nlp.misspelt import misspelt_hits
from waspada.nlp.text import Tokens, fold, is_mixed_case, tokenize
from waspada.nlp.variants import COMMON_WORD_NAMES, SHORT, SPELL

_PRIOR = {
    "province": 3.0,
    "kota": 2.6,
    "kabupaten": 2.5,
    "kecamatan": 1.5,
    "kelurahan": 1.0,
    "desa": 1.05,
    "desa_adat": 1.0,
    "island": 0.8,
}
# How much a mention of each level says about where the story happens.
_MAIN_WEIGHT = {
    "province": 0.45,
    "kota": 1.0,
    "kabupaten": 1.0,
    "kecamatan": 1.15,
    "kelurahan": 1.2,
    "desa": 1.2,
    "desa_adat": 1.2,
    "island": 0.8,
}
_FINENESS = {
    "province": 0,
    "island": 1,
    "kabupaten": 2,
    "kota": 2,
    "kecamatan": 3,
    "kelurahan": 4,
    "desa": 4,
    "desa_adat": 4,
}
MIN_MAIN_SCORE = 0.4
# The provinces formed in 2022 and the province each was part of: news before (and often after) the split
# names the old province, which then still vouches for the kab/kota under today's code.
PAPUA_SPLIT_FROM = {"93": "91", "94": "91", "95": "91", "96": "92"}
# Words before a place that make it the seat of an office, venue or facility rather than where the story
# happens ("Kepala BMKG Bandung", "Universitas Jember", "Bandara Sentani", "Lapas Cipinang"): such a
# mention still names a place but counts little for the main location.
VENUE_WORDS = frozenset(
    [
        "bmkg",
        "bnpb",
        "bpom",
        "bpn",
        "bps",
        "bareskrim",
        "mabes",
        "mahkamah",
        "pengadilan",
        "pn",
        "ptun",
        "pt",
        "lapas",
        "rutan",
        "universitas",
        "univ",
        "uin",
        "iain",
        "unpad",
        "stain",
        "politeknik",
        "bandara",
        "stasiun",
        "terminal",
        "hotel",
        "gedung",
        "kanwil",
        "rsud",
        "rs",
        "rumah",
        "kampus",
        "unit",
    ]
)
# A street name right before a place (in apposition): the place is part of an address.
_STREET_BEFORE = re.compile(
    r"\b(?:[Jj]alan|JALAN|[Jj]l|JL|[Jj]ln)\.?\s+[A-Z][\w.'-]*(?:\s+[A-Z0-9][\w.'-]*){0,4},?\s*\Z"
)
# How much a venue mention (above) or a regional dateline contradicted by the body weighs.
VENUE_FACTOR = 0.3


@dataclass(slots=True)
class Mention:
    hit: Hit
    ctx: cues.Context
    start: int  # includes a level word before the name ("Kota Batu")
    end: int
    accepted: dict[int, str] = field(default_factory=dict)  # place index -> variant kind
    deferred: dict[int, str] = field(default_factory=dict)
    choice: int = -1
    confidence: float = 0.0
    dateline: bool = False
    in_title: bool = False
    hit_upper: bool = False  # written in capitals ("OKI"), which short forms of 2-3 letters need
    venue: bool = False  # right after an office, venue or facility word (VENUE_WORDS)
    prev_word: str = ""  # the word right before the name (same sentence)
    office: bool = False  # right after a regional office ("KPU Morowali", "Polres (Polres) Asahan")
    credit: bool = False  # inside a photo credit or caption ("(Foto: DPC PDIP Surabaya)"): CREDIT_FACTOR
    fuzzy: bool = False  # a misspelt kab/kota name after its level word ("Kabupaten Sulah"): FUZZY_FACTOR


@dataclass(slots=True)
class ResolvedPlace:
    place: Place
    confidence: float
    mentions: list[tuple[int, int]]
    score: float = 0.0
    is_main: bool = False


@dataclass(slots=True)
class Resolution:
    places: list[ResolvedPlace]
    main: ResolvedPlace | None
    main_confidence: float = 0.0


def _static_accept(gaz: Gazetteer, m: Mention, mixed: bool, english: bool) -> None:
    """Split the hit's candidates into accepted now / needing a parent mention."""
    ctx = m.ctx
    key = m.hit.key
    entries = list(m.hit.entries)
    if ctx.levels and ctx.strict:
        fitting = [(i, k) for i, k in entries if gaz.places[i].level in ctx.levels]
        if fitting:
            entries = fitting
    cued = bool(ctx.levels) and any(gaz.places[i].level in ctx.levels for i, _ in entries)
    common = key in COMMON_WORD_NAMES
    plausible_word = ctx.capitalized and not ctx.sentence_initial and not ctx.name_part
    n_kecamatan = sum(1 for i, _ in entries if gaz.places[i].level == "kecamatan")
    if key.startswith(("kota ", "kabupaten ")) and not ctx.levels:
        # "Kota Padang" is the Kota, not a kecamatan or desa named "Kota Padang" elsewhere (that one needs
        # its level word: "Kecamatan Kota Padang").
        kid = gaz.key_ids.get(key.split(" ", 1)[1])
        if kid is not None and any(gaz.places[i].level in KABKOTA_LEVELS for i, _k in gaz.entries[kid]):
            entries = [(i, k) for i, k in entries if gaz.places[i].level in KABKOTA_LEVELS | {"province"}]
    for i, kind in entries:
        p = gaz.places[i]
        level_cued = cued and p.level in ctx.levels
        if m.dateline and p.level == "kecamatan" and n_kecamatan == 1:
            m.accepted[i] = kind  # "Soreang (ANTARA)": datelines often name the kabupaten's seat
        elif p.level == "province" or p.level in KABKOTA_LEVELS:
            if level_cued or m.dateline:
                m.accepted[i] = kind
            elif kind == SHORT and len(key) <= 3 and mixed and not m.hit_upper:
                continue  # "KSB" is a short form, "ksb" or "Ksb" is not
            elif common or (kind == SHORT and len(key) <= 3):
                if ctx.region_word or ctx.locative or (mixed and plausible_word):
                    m.accepted[i] = kind
                else:
                    m.deferred[i] = kind  # a parent or sibling in the same province may vouch
            elif mixed and ctx.name_part and not (ctx.region_word or ctx.locative):
                m.deferred[i] = kind  # "Bima Arya", "Medan Merdeka": a name, unless vouched for
            else:
                m.accepted[i] = kind
        elif english:
            if level_cued:
                m.accepted[i] = kind
        elif p.level == "island":
            if level_cued or kind == "full" or (p.kabkota_code is None and p.populated and not common):
                m.accepted[i] = kind
            else:
                m.deferred[i] = kind
        elif level_cued:
            m.accepted[i] = kind
        elif not common and len(key) >= 4:
            m.deferred[i] = kind


class _Evidence:
    """Co-mentioned places indexed by code, so each candidate's support is a few look-ups.

    Each mention spreads a weight of 1 over its candidates (an ambiguous mention counts for
    less); totals are kept overall and per key so that a name never supports itself.
    """

    def __init__(self, gaz: Gazetteer, chosen: list[Mention]) -> None:
        self.inside: dict[tuple[str, str], float] = defaultdict(float)  # (key|"", code) -> weight
        self.named: dict[tuple[str, str], float] = defaultdict(float)
        self.province: dict[tuple[str, str], float] = defaultdict(float)
        for m in chosen:
            share = 1.0 / len(m.accepted)
            places = [gaz.places[i] for i in m.accepted]
            for group in ("", m.hit.key):
                for code in {a for p in places for a in _ancestors(p.code)}:
                    self.inside[group, code] += share
                for p in places:
                    self.named[group, p.code] += share
                for prov in {p.province_code for p in places}:
                    self.province[group, prov] += share

    def _get(self, table: dict[tuple[str, str], float], key: str, code: str) -> float:
        return table.get(("", code), 0.0) - table.get((key, code), 0.0)

    def support(self, p: Place, key: str) -> float:
        """How much the other mentions support reading mention `key` as p."""
        anc = _ancestors(p.code)
        s = (2.0 if p.level != "province" else 0.6) * self._get(self.inside, key, p.code)
        if anc:
            s += 0.8 * self._get(self.named, key, anc[0])  # its province is named
            old = PAPUA_SPLIT_FROM.get(anc[0])
            if old is not None:  # ... or, before 2022, the province it was part of ("Papua" for Jayawijaya)
                s += 0.8 * self._get(self.named, key, old)
            s += 1.5 * max((self._get(self.named, key, a) for a in anc[1:]), default=0.0)
        if s == 0.0:
            s = 0.3 * self._get(self.province, key, p.province_code)
        return s


def _mentioned(gaz: Gazetteer, mentions: list[Mention]) -> dict[str, set[int]]:
    """Codes of accepted candidates -> the mentions that carry them."""
    out: dict[str, set[int]] = defaultdict(set)
    for n, m in enumerate(mentions):
        for i in m.accepted:
            p = gaz.places[i]
            out[p.code].add(n)
            if p.level == "kecamatan" and p.kabkota_code:
                out[p.kabkota_code].add(n)  # a kecamatan vouches for its siblings' parent
    return out


@lru_cache(maxsize=65536)
def _ancestors(code: str) -> tuple[str, ...]:
    parts = code.split(".")
    return tuple(".".join(parts[:k]) for k in range(1, len(parts)))


def _apposition(toks_text: str, mentions: list[Mention]) -> dict[int, int]:
    """Mention n -> the mention right after it across a comma ("Menteng, Jakarta Pusat")."""
    order = sorted(range(len(mentions)), key=lambda n: mentions[n].hit.start)
    out: dict[int, int] = {}
    for a, b in zip(order, order[1:], strict=False):
        gap = toks_text[mentions[a].hit.end : mentions[b].start]
        if len(gap) <= 4 and gap.strip() in (",", "(", "-"):
            out[a] = b
    return out


def _promote_deferred(gaz: Gazetteer, mentions: list[Mention], mixed: bool, text: str) -> None:
    """Accept a deferred candidate when its parent is mentioned too, or follows it after a comma."""
    appos = _apposition(text, mentions)
    # Two kecamatan of one kab/kota named in one text vouch for each other ("Soreang (ANTARA) -
    # ... di Baleendah"), when casing or a dateline says they are names.
    kec_by_parent: dict[str, set[int]] = defaultdict(set)
    for n, m in enumerate(mentions):
        if m.dateline or (mixed and m.ctx.capitalized and not m.ctx.name_part):
            for i in m.deferred:
                p = gaz.places[i]
                if p.level == "kecamatan" and p.kabkota_code:
                    kec_by_parent[p.kabkota_code].add(n)
    for _round in range(2):
        mentioned = _mentioned(gaz, mentions)
        changed = False
        for n, m in enumerate(mentions):
            nxt = mentions[appos[n]] if n in appos else None
            nxt_codes = {gaz.places[j].code for j in nxt.accepted} if nxt else set()
            for i, kind in list(m.deferred.items()):
                p = gaz.places[i]
                if nxt_codes and nxt_codes.intersection(_ancestors(p.code)):
                    ok = True
                elif p.level in VILLAGE_LEVELS:
                    parents = [p.parent_code or ""]
                    if mixed and m.ctx.capitalized and not m.ctx.name_part:
                        parents.append(p.kabkota_code or "")
                    ok = any(mentioned.get(c, set()) - {n} for c in parents)
                elif p.level in ("kecamatan", "island"):
                    parent = p.kabkota_code or p.province_code
                    ok = bool(mentioned.get(parent, set()) - {n})
                    if not ok and p.level == "kecamatan" and n in kec_by_parent.get(parent, set()):
                        ok = bool(kec_by_parent[parent] - {n})
                else:  # a common-word or name-like kab/kota: only its apposition vouches
                    ok = False
                if ok:
                    m.accepted[i] = kind
                    del m.deferred[i]
                    changed = True
        if not changed:
            break


def _select(mentions: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions, longest first; a level word is never a mention itself."""
    live = [m for m in mentions if m.accepted]
    cue_tokens = {t for m in live for t in m.ctx.cue_tokens}
    live = [m for m in live if not all(t in cue_tokens for t in range(m.hit.first_token, m.hit.last_token + 1))]
    live.sort(key=lambda m: (-(m.hit.end - m.hit.start), -len(m.ctx.cue_tokens), m.start))
    taken: list[tuple[int, int]] = []
    chosen: list[Mention] = []
    for m in live:
        s, e = m.hit.start, m.hit.end
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    return chosen


def _disambiguate(gaz: Gazetteer, chosen: list[Mention]) -> None:
    # A name written once with its level word fixes later bare uses of the same name.
    cued_by_key: dict[str, set[str]] = defaultdict(set)
    for m in chosen:
        if m.ctx.levels and m.ctx.strict:
            cued_by_key[m.hit.key] |= m.ctx.levels
    evidence = _Evidence(gaz, chosen)
    for m in chosen:
        cands = list(m.accepted)
        # A kecamatan is usually named after its seat village: the kecamatan is the reading.
        codes = {gaz.places[i].code for i in cands}
        cands = [i for i in cands if gaz.places[i].parent_code not in codes] or cands
        scores: dict[int, float] = {}
        for i in cands:
            p = gaz.places[i]
            s = _PRIOR[p.level]
            if m.ctx.levels and p.level in m.ctx.levels:
                s += 3.0
            elif p.level in cued_by_key.get(m.hit.key, ()) and not m.dateline:
                s += 2.5  # (a dateline names the city: "SORONG -" is the Kota even when Kabupaten Sorong follows)
            if m.dateline and p.level == "kota":
                s += 0.3  # datelines name cities
            s += evidence.support(p, m.hit.key)
            scores[i] = s
        ranked = sorted(cands, key=lambda i: (-scores[i], gaz.places[i].code))
        best = ranked[0]
        margin = scores[best] - (scores[ranked[1]] if len(ranked) > 1 else 0.0)
        p = gaz.places[best]
        if len(ranked) > 1 and margin < 0.05 and p.level not in KABKOTA_LEVELS | {"province"}:
            continue  # two villages of one name and nothing to choose: do not guess
        m.choice = best
        if m.ctx.levels and p.level in m.ctx.levels and m.ctx.strict:
            conf = 0.95
        elif len(ranked) == 1:
            conf = 0.85
        elif margin >= 1.5:
            conf = 0.8
        elif margin >= 0.5:
            conf = 0.65
        else:
            conf = 0.5
        if m.hit.key in COMMON_WORD_NAMES and not m.ctx.levels:
            conf -= 0.15
        if p.level in VILLAGE_LEVELS | {"kecamatan", "island"} and not m.ctx.levels:
            conf -= 0.1
        if m.fuzzy:
            conf *= FUZZY_FACTOR
        m.confidence = round(max(0.05, min(conf, 0.99)), 2)


def _choose_main(
    gaz: Gazetteer, chosen: list[Mention], body_start: int, resolved: dict[int, ResolvedPlace], toks: Tokens
) -> tuple[ResolvedPlace | None, float]:
    cluster_score: dict[str, float] = defaultdict(float)
    place_score: dict[int, float] = defaultdict(float)
    # kab/kota the body names with a level word or an office ("Kabupaten Sangihe", "KPU Morowali")
    body_cued = {
        gaz.places[m.choice].kabkota_code or gaz.places[m.choice].code
        for m in chosen
        if m.choice >= 0
        and not m.dateline
        and not m.venue
        and not m.credit
        and ((m.ctx.levels and m.ctx.strict) or m.office)
        and gaz.places[m.choice].level != "province"
    }
    for m in chosen:
        if m.choice < 0:
            continue
        p = gaz.places[m.choice]
        w = _MAIN_WEIGHT[p.level] * m.confidence
        if m.dateline:
            # Where the reporter files from: usually, not always, where it happened (national
            # desks file from Jakarta about everywhere; regional desks file from the province's
            # capital about its kab/kota), so body evidence can outweigh it.
            own = p.kabkota_code or p.code
            if p.province_code == "31":
                w *= 0.6
            elif any(c != own and c[:2] == p.province_code for c in body_cued):
                w *= VENUE_FACTOR
            else:
                w *= 1.5
        elif m.credit:
            w *= CREDIT_FACTOR
        elif m.venue:
            w *= VENUE_FACTOR
        elif m.in_title:
            w *= 1.6
        elif m.start - body_start < 400:
            w *= 1.3
        if m.ctx.name_part:
            w *= 0.5
        key = p.kabkota_code or p.code
        cluster_score[key] += w
        # Within the cluster the body says where exactly; the dateline only where the desk is.
        place_score[m.choice] += w * (0.3 if m.dateline else 1.0)
    for m in chosen:  # province mentions also vouch for kab/kota seen later in the text
        if m.choice >= 0 and gaz.places[m.choice].level == "province":
            code = gaz.places[m.choice].code
            for other in cluster_score:
                if other.startswith(code + "."):
                    cluster_score[other] += 0.3 * _MAIN_WEIGHT["province"] * m.confidence
    if not cluster_score:
        return None, 0.0
    ranked = sorted(cluster_score.items(), key=lambda kv: -kv[1])
    top_key, top = ranked[0]
    kabkota = [k for k, _v in ranked if "." in k]
    event_place = None
    if "." in top_key and any(k != top_key and k[:2] == top_key[:2] for k in kabkota):
        event_place = _event_place_over_affiliation(gaz, chosen, toks, top_key, ranked)
    if event_place is not None:
        top_key, top = event_place
    elif "." not in top_key:  # a province: prefer a kab/kota of it that the text also weighs
        inner = [(k, v) for k, v in ranked if k.startswith(top_key + ".")]
        close = len(inner) > 1 and inner[1][1] >= 0.8 * inner[0][1]
        # two kab/kota of it alike, one only as a council's home and the other as the place: the place
        inner_event = None
        if close:
            inner_event = _event_place_over_affiliation(gaz, chosen, toks, inner[0][0], inner) or (
                _event_place_over_affiliation(gaz, chosen, toks, inner[1][0], inner[:1])
            )
        if inner_event is not None and inner_event[1] >= 0.5 * top:
            top_key, top = inner_event
        elif inner and inner[0][1] >= 0.5 * top and not close:
            top_key, top = inner[0]
        elif len(kabkota) == 1 and inner and _named_through_office(gaz, chosen, toks, inner[0][0]):
            # the province is where it happened and its one kab/kota is named through an office there
            # ("Kapolres Klaten"): that kab/kota is the finer answer
            top_key, top = inner[0]
    elif (
        len(ranked) > 1
        and ranked[1][1] >= 0.8 * top
        and ranked[1][0][:2] == top_key[:2]
        and top_key[:2] in cluster_score
        and not (len(kabkota) == 1 and _named_through_office(gaz, chosen, toks, top_key))
    ):
        # Several kab/kota of one province weigh the same (or the province weighs as much as its one
        # kab/kota): the story is about the province, if the text names it; not when that one kab/kota is
        # named through its office there ("Kapolres Klaten").
        top_key, top = top_key[:2], cluster_score[top_key[:2]] + top
    if top < MIN_MAIN_SCORE:
        return None, 0.0
    if "." in top_key:
        # A list of places in other provinces weighing about the same (floods in five provinces, sanctions
        # for officials of two regions): no main kab/kota.
        rivals = {k[:2] for k, v in ranked[1:] if "." in k and v >= 0.8 * top and k[:2] != top_key[:2]}
        if len(rivals) >= 1 and sum(1 for k, v in ranked if "." in k and v >= 0.8 * top) >= 3:
            return None, 0.0
        # A regional desk's dateline city is the only trace of the kab/kota while the body names the province
        # with its governor's race or its police command ("Pilgub Jateng", "Polda Jawa Tengah"): a
        # province story.
        prov = top_key[:2]
        kab_mentions = [
            m
            for m in chosen
            if m.choice >= 0 and (gaz.places[m.choice].kabkota_code or gaz.places[m.choice].code) == top_key
        ]
        if (
            kab_mentions
            and all(m.dateline for m in kab_mentions)
            and any(
                m.choice >= 0 and not m.dateline and gaz.places[m.choice].code == prov and _after_election_word(m)
                for m in chosen
            )
        ):
            top_key, top = prov, cluster_score.get(prov, top)
    members = [i for i in place_score if (gaz.places[i].kabkota_code or gaz.places[i].code) == top_key]
    # The finest place of the cluster that is itself well supported; the kab/kota otherwise.
    best = max(
        members,
        key=lambda i: (
            _FINENESS[gaz.places[i].level] if resolved[i].confidence >= 0.6 else 0,
            place_score[i],
        ),
    )
    total = sum(cluster_score.values())
    share = top / total if total else 0.0
    conf = resolved[best].confidence * (0.55 + 0.45 * share)
    return resolved[best], round(max(0.05, min(conf, 0.99)), 2)


# A council or an executive office before a kab/kota names the people's home district ("anggota DPRD
# Kabupaten X", "Wakil Bupati X", "Wali Kota X"); a locative or a police office names where it happened
# ("di Kabupaten Y", "Polres Y").
_AFFILIATION_WORDS = frozenset(["dprd", "bupati", "wabup", "walikota", "wawali"])
_EVENT_WORDS = frozenset(["di", "ke", "dari"])
_POLICE_WORDS = frozenset(["polres", "polresta", "polrestabes"])
# Office titles and offices before a kab/kota (the seat of that office: the kab/kota itself).
_OFFICE_TITLES = (
    _AFFILIATION_WORDS | _POLICE_WORDS | frozenset(cues.REGION_WORDS - {"wilayah", "daerah", "kawasan", "se"})
)


def _role_words(m: Mention, toks: Tokens) -> tuple[set[str], str]:
    """The level or office words before m's name, and the word before those."""
    cue = {toks.words[t] for t in m.ctx.cue_tokens}
    lo = m.ctx.cue_tokens[0] if m.ctx.cue_tokens else m.hit.first_token
    # the word before, also an acronym closing a bracket: "Dewan Perwakilan Rakyat Daerah (DPRD) Kabupaten X"
    linked = lo > 0 and (toks.linked[lo] or toks.text[toks.ends[lo - 1] : toks.starts[lo]] == ") ")
    pre = toks.words[lo - 1] if linked else ""
    if not cue and m.prev_word:
        cue = {m.prev_word}
    return cue, pre


def _is_affiliation(m: Mention, toks: Tokens) -> bool:
    cue, pre = _role_words(m, toks)
    return pre == "dprd" or bool(cue & _AFFILIATION_WORDS) or (pre == "wali" and "kota" in cue)


def _is_event_place(m: Mention, toks: Tokens) -> bool:
    cue, pre = _role_words(m, toks)
    return pre in _EVENT_WORDS or bool(cue & _POLICE_WORDS) or pre in _POLICE_WORDS


def _named_through_office(gaz: Gazetteer, chosen: list[Mention], toks: Tokens, code: str) -> bool:
    """Every body mention of kab/kota `code` comes right after an office or its title ("Kapolres Sleman")."""
    ms = [
        m for m in chosen if m.choice >= 0 and (gaz.places[m.choice].kabkota_code or gaz.places[m.choice].code) == code
    ]
    if not ms or any(m.dateline or m.credit for m in ms):
        return False
    for m in ms:
        cue, pre = _role_words(m, toks)
        if not (m.office or cue & _OFFICE_TITLES or pre in _OFFICE_TITLES or (pre == "wali" and "kota" in cue)):
            return False
    return True


def _event_place_over_affiliation(
    gaz: Gazetteer, chosen: list[Mention], toks: Tokens, top_key: str, ranked: list[tuple[str, float]]
) -> tuple[str, float] | None:
    """The top kab/kota is named only as the home of a council or office and never with a locative, while
    another kab/kota of its province is named as the place ("di Kabupaten Y", "Polres Y"): that one."""
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in chosen:
        if m.choice >= 0 and not m.dateline and not m.credit:
            p = gaz.places[m.choice]
            by_key[p.kabkota_code or p.code].append(m)
    top_ms = by_key.get(top_key, [])
    if not any(_is_affiliation(m, toks) for m in top_ms) or any(_is_event_place(m, toks) for m in top_ms):
        return None
    # Every mention with a level or office word must be such a home: "KPU Kota X" is the office that
    # runs the election there, so X is where the story is.
    if any(_role_words(m, toks)[0] and not _is_affiliation(m, toks) for m in top_ms):
        return None
    for k, v in ranked:
        if (
            k != top_key
            and "." in k
            and k[:2] == top_key[:2]
            and any(_is_event_place(m, toks) for m in by_key.get(k, []))
        ):
            return k, v
    return None


# Photo credits and captions ("(Foto: DPC PDIP Surabaya)", credits.py): where a photo came from, not the story.
CREDIT_FACTOR = 0.1


# Words before a province name that make the story province-wide: its governor's race, its police command.
_ELECTION_BEFORE = frozenset(["pilgub", "pilkada", "gubernur", "cagub", "polda", "kapolda", "pemprov"])


def _after_election_word(m: Mention) -> bool:
    return m.prev_word in _ELECTION_BEFORE


# A misspelt kab/kota name after its level word ("Kabupaten Sulah"): read at this share of the confidence.
FUZZY_FACTOR = 0.75


def _fuzzy_mentions(
    gaz: Gazetteer, toks: Tokens, text: str, mixed: bool, hits: list[Hit], mentions: list[Mention]
) -> list[Mention]:
    """A mention for each misspelt kab/kota after its level word whose reading is unique in the country,
    or among the kab/kota of the provinces the text names."""
    provinces: set[str] | None = None
    out: list[Mention] = []
    for hit in misspelt_hits(gaz, toks, text, mixed, hits):
        entries = hit.entries
        if len(entries) > 1:
            if provinces is None:
                provinces = {
                    gaz.places[i].code for m in mentions for i in m.accepted if gaz.places[i].level == "province"
                }
            entries = tuple(e for e in entries if gaz.places[e[0]].province_code in provinces)
            if len(entries) != 1:
                continue
        ctx = cues.context(toks, hit.first_token, hit.last_token, mixed)
        if ctx.blocked or not ctx.levels or not ctx.strict:
            continue
        m = Mention(
            Hit(hit.start, hit.end, hit.first_token, hit.last_token, hit.key, entries), ctx, ctx.cue_start, hit.end
        )
        m.fuzzy = True
        m.accepted[entries[0][0]] = SPELL
        out.append(m)
    return out


def resolve(
    gaz: Gazetteer,
    text: str,
    *,
    title_end: int = 0,
    body_start: int = 0,
    dateline: tuple[int, int] | None = None,
    language: str = "id",
    tokens: Tokens | None = None,
) -> Resolution:
    """Resolve the places of `text` (title, blank line, body); offsets are into `text`.
    `tokens` is tokenize(text) when the caller already has it."""
    toks = tokens if tokens is not None else tokenize(text)
    mixed = is_mixed_case(text)
    english = language == "en"
    idioms = cues.idiom_spans(fold(text))
    mentions: list[Mention] = []
    # "dilempari batu": in normally cased prose a place name is capitalised (and so is its
    # level word; "desa sukamaju" in lower case is not a name either).
    hits = gaz.find_capitalised(toks, text if mixed else None)
    for hit in hits:
        if idioms and any(s <= hit.start and hit.end <= e for s, e in idioms):
            continue
        ctx = cues.context(toks, hit.first_token, hit.last_token, mixed)
        if ctx.blocked:
            continue
        m = Mention(hit, ctx, ctx.cue_start if ctx.levels else hit.start, hit.end)
        m.dateline = dateline is not None and dateline[0] <= hit.start and hit.end <= dateline[1]
        m.in_title = hit.end <= title_end
        m.hit_upper = text[hit.start : hit.end].isupper()
        f = hit.first_token
        m.prev_word = toks.words[f - 1] if f > 0 and toks.linked[f] else ""
        m.venue = f > 0 and toks.linked[f] and not ctx.levels and toks.words[f - 1] in VENUE_WORDS
        if not m.venue and not ctx.levels and _STREET_BEFORE.search(text, max(0, hit.start - 60), hit.start):
            m.venue = True  # an address: "di gedung KPU, Jalan Imam Bonjol, Jakarta Pusat"
        # an office before the name, also written out with its acronym: "Komisi Pemilihan Umum (KPU) Morowali"
        m.office = ctx.region_word or (
            f > 0 and toks.words[f - 1] in cues.REGION_WORDS and text[toks.ends[f - 1] : toks.starts[f]].strip() == ")"
        )
        _static_accept(gaz, m, mixed, english)
        if m.accepted or m.deferred:
            mentions.append(m)
    for m in _fuzzy_mentions(gaz, toks, text, mixed, hits, mentions):
        m.in_title = m.hit.end <= title_end
        f = m.hit.first_token
        m.prev_word = toks.words[f - 1]
        mentions.append(m)
    credits = [c for c in credit_spans(text, toks) if c[0] >= title_end]  # never the headline
    if credits:
        for m in mentions:
            m.credit = any(s <= m.hit.start and m.hit.end <= e for s, e in credits)
    _promote_deferred(gaz, mentions, mixed, text)
    chosen = _select(mentions)
    _disambiguate(gaz, chosen)
    resolved: dict[int, ResolvedPlace] = {}
    for m in chosen:
        if m.choice < 0:
            continue
        rp = resolved.get(m.choice)
        if rp is None:
            rp = resolved[m.choice] = ResolvedPlace(gaz.places[m.choice], m.confidence, [])
        rp.confidence = max(rp.confidence, m.confidence)
        rp.mentions.append((m.start, m.end))
    main, main_conf = _choose_main(gaz, chosen, body_start, resolved, toks)
    if main is not None:
        main.is_main = True
    ordered = sorted(resolved.values(), key=lambda r: r.mentions[0][0])
    return Resolution(ordered, main, main_conf)
