"""Write the labelled election-news sets (news_train.jsonl, news_eval.jsonl) from our own phrasing.

No licensed corpus of labelled Indonesian election news exists and the repository may not hold other
people's sentences, so every sentence fragment below was written for this project after reading how
outlets report each kind of event (datelines, leads with "Hari (d/m/yyyy)", quotes from the Kapolres
or the Bawaslu chair, casualty wording). Facts are invented; places are real Kemendagri regions.

Split by scenario: every item is its own scenario (one place, one date, one set of people), eval
regions are never used in training, and the eval set draws its titles, leads, details, quotes and
closings from a different third of every phrasing pool ("held-out phrasing"), so it is not a
paraphrase of the training set. It still shares the author, the sentence shapes and the vocabulary,
which is why figures on it overstate accuracy on real news (docs/nlp.md says so).

Run from the checkout: python -m tools.generate_news --data-dir data
(writes into src/waspada/nlp/eval_data/, where the app reads the sets; --out to write elsewhere).
Deterministic for a given seed and region data.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import string
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tools.gen_pools import (
    BACKGROUND,
    CLOSINGS,
    NEGATIVES,
    TYPES,
)
from waspada import datafiles

EVAL_DATA = Path(__file__).resolve().parents[1] / "src" / "waspada" / "nlp" / "eval_data"
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]
NUM_WORDS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
             "sepuluh", "sebelas", "dua belas"]
FIRST = ["Andi", "Budi", "Rahmat", "Yusuf", "Hendra", "Slamet", "Agus", "Dedi", "Ahmad", "Irwan", "Ketut",
         "Made", "Wayan", "Yohanes", "Markus", "Frans", "Siti", "Nur", "Dewi", "Rina", "Fitri", "Sri",
         "Teuku", "Fauzan", "Ridwan", "Syahrul", "Yosef", "Paulus", "Imam", "Hasan", "Darmawan", "Rizky",
         "Anton", "Bambang", "Joko", "Lukas", "Heru", "Asep", "Ujang", "Daeng", "La Ode", "Zainal", "Mulyadi"]
LAST = ["Saputra", "Hidayat", "Siregar", "Nasution", "Lubis", "Simanjuntak", "Sinaga", "Wibowo", "Santoso",
        "Pratama", "Kurniawan", "Setiawan", "Wijaya", "Rumbiak", "Wenda", "Manurung", "Tanjung", "Harahap",
        "Sitompul", "Pattiasina", "Latuconsina", "Tuhumury", "Mandagi", "Rahman", "Syamsuddin", "Hakim",
        "Gultom", "Marpaung", "Nggebu", "Kambu", "Sanusi", "Ismail", "Basri", "Effendi", "Hutapea",
        "Mahmud", "Sembiring", "Ginting", "Laia", "Karo", "Wonda", "Matondang"]
PARTIES = [("PKB", "pkb"), ("Partai Gerindra", "gerindra"), ("PDI Perjuangan", "pdip"), ("Partai Golkar", "golkar"),
           ("Partai NasDem", "nasdem"), ("PKS", "pks"), ("PAN", "pan"), ("Partai Demokrat", "demokrat"),
           ("PPP", "ppp"), ("Partai Perindo", "perindo"), ("Partai Hanura", "hanura"), ("PSI", "psi"),
           ("Partai Buruh", "buruh"), ("Partai Gelora", "gelora"), ("Partai Ummat", "ummat")]
PARTY_NAMES = {
    "pkb": "Partai Kebangkitan Bangsa", "gerindra": "Partai Gerakan Indonesia Raya",
    "pdip": "Partai Demokrasi Indonesia Perjuangan", "golkar": "Partai Golongan Karya", "nasdem": "Partai NasDem",
    "pks": "Partai Keadilan Sejahtera", "pan": "Partai Amanat Nasional", "demokrat": "Partai Demokrat",
    "ppp": "Partai Persatuan Pembangunan", "perindo": "Partai Persatuan Indonesia",
    "hanura": "Partai Hati Nurani Rakyat", "psi": "Partai Solidaritas Indonesia", "buruh": "Partai Buruh",
    "gelora": "Partai Gelombang Rakyat Indonesia", "ummat": "Partai Ummat",
}
TICKETS = [("pasangan Anies-Muhaimin", "Anies Rasyid Baswedan - Abdul Muhaimin Iskandar"),
           ("pasangan Prabowo-Gibran", "Prabowo Subianto - Gibran Rakabuming Raka"),
           ("pasangan Ganjar-Mahfud", "Ganjar Pranowo - Mahfud MD")]

# Actor slots: surface forms (one is picked) and the gold (type, name) they stand for.
ACTOR_SLOTS: dict[str, tuple[list[str], str, str]] = {
    "pol": (["polisi", "aparat kepolisian", "personel Polres {kabname}", "petugas kepolisian",
             "anggota Polsek {kec}", "aparat Polres setempat"], "polri", "Polri"),
    "tni": (["personel TNI", "anggota Kodim setempat", "Babinsa", "prajurit TNI dari Koramil {kec}"],
            "tni", "TNI"),
    "kpu": (["KPU {kab}", "KPU setempat", "Komisi Pemilihan Umum (KPU) {kab}"], "kpu_adhoc", "KPU"),
    "kpps": (["anggota KPPS", "petugas KPPS", "Ketua KPPS TPS {tps}", "para petugas KPPS"], "kpu_adhoc", "KPPS"),
    "ppk": (["PPK {kec}", "anggota PPK", "Panitia Pemilihan Kecamatan (PPK) {kec}"], "kpu_adhoc", "PPK"),
    "pps": (["PPS Desa {desa}", "anggota PPS", "petugas PPS"], "kpu_adhoc", "PPS"),
    "bawaslu": (["Bawaslu {kab}", "Bawaslu setempat", "Badan Pengawas Pemilu (Bawaslu) {kab}"],
                "bawaslu_adhoc", "Bawaslu"),
    "panwascam": (["Panwaslu Kecamatan {kec}", "Panwascam {kec}", "pengawas kecamatan"],
                  "bawaslu_adhoc", "Panwaslu Kecamatan"),
    "ptps": (["pengawas TPS", "PTPS", "pengawas tempat pemungutan suara"], "bawaslu_adhoc", "PTPS"),
    "asn": (["seorang ASN", "oknum PNS", "seorang aparatur sipil negara", "pegawai negeri sipil di dinas setempat",
             "sejumlah ASN"], "asn", "ASN"),
    "camat": (["Camat {kec}", "camat setempat"], "asn", "ASN"),
    "kades": (["Kepala Desa {desa}", "kades {desa}", "seorang kepala desa", "sejumlah perangkat desa"],
              "village_head", "Kepala desa"),
    "supp": (["pendukung pasangan calon nomor urut {n1}", "simpatisan {cand_short} nomor urut {n1}",
              "massa pendukung nomor urut {n1}", "kelompok pendukung calon nomor {n1}", "para simpatisan"],
             "supporters", "Pendukung"),
    "supp2": (["pendukung nomor urut {n2}", "simpatisan pasangan nomor urut {n2}", "kubu pendukung nomor {n2}"],
              "supporters", "Pendukung"),
    "relawan": (["relawan pemenangan", "sejumlah relawan", "relawan salah satu calon"], "supporters", "Pendukung"),
    "cand": (["{cand_role} nomor urut {n1}", "pasangan calon nomor urut {n1}, {pair1}", "paslon nomor urut {n1}",
              "{cand_role} {person1}"], "candidate_pair", "Pasangan calon"),
    "caleg": (["seorang caleg DPRD {kab}", "calon anggota legislatif dari {partyname}",
               "caleg {partyname} berinisial {ini}"], "candidate_pair", "Calon legislatif"),
    "timses": (["tim sukses salah satu pasangan calon", "tim kampanye nomor urut {n1}", "anggota tim pemenangan",
                "tim kampanye {cand_short} nomor {n1}"], "candidate_pair", "Tim kampanye"),
    "ormas": (["sekelompok anggota ormas", "anggota sebuah organisasi kemasyarakatan", "massa ormas"],
              "ormas", "Ormas"),
    "tokoh": (["tokoh masyarakat setempat", "seorang tokoh adat", "sejumlah tokoh agama", "para tokoh adat"],
              "community_leader", "Tokoh masyarakat"),
    "media": (["sebuah akun media sosial", "akun Facebook anonim", "akun TikTok tanpa identitas jelas",
               "sebuah akun Instagram"], "media_online_account", "Akun daring"),
    "jurnalis": (["seorang jurnalis media lokal", "wartawan yang meliput", "dua jurnalis"],
                 "media_online_account", "Jurnalis"),
}
# Quoted speakers: template, gold actor.
SPEAKERS: dict[str, tuple[list[str], str, str]] = {
    "sp_police": (["Kapolres {kabname} AKBP {person}", "Kasat Reskrim Polres {kabname} AKP {person}",
                   "Kapolsek {kec} Iptu {person}", "Kasi Humas Polres {kabname} Iptu {person}",
                   "Kabid Humas Polda {prov} Kombes {person}"], "polri", "Polri"),
    "sp_bawaslu": (["Ketua Bawaslu {kab}, {person}", "anggota Bawaslu {kab} {person}",
                    "Koordinator Divisi Penanganan Pelanggaran Bawaslu {kab}, {person}"], "bawaslu_adhoc",
                   "Bawaslu"),
    "sp_kpu": (["Ketua KPU {kab}, {person}", "anggota KPU {kab} {person}", "Komisioner KPU {kab} {person}"],
               "kpu_adhoc", "KPU"),
    "sp_tni": (["Dandim setempat Letkol Inf {person}", "Danramil {kec} Kapten Inf {person}"], "tni", "TNI"),
    "sp_pemda": (["Kepala Badan Kesbangpol {kab}, {person}", "Sekda {kab} {person}",
                  "Kepala Kesbangpol {kab} {person}"], "", ""),
    "sp_warga": (["{person}, seorang warga {desa}", "seorang saksi mata, {person}", "{person} (41), warga setempat"],
                 "", ""),
}
# Actor words that also occur in fixed template text (not through a slot).
FIXED_ACTOR_WORDS = [(r"\b[Aa]kun\b", "media_online_account", "Akun daring"),
                     (r"\b[Bb]uzzer\b", "media_online_account", "Akun daring")]
ATTRIB = ["kata {sp}{stmt}.", "ujar {sp}{stmt}.", "ungkap {sp}{stmt}.", "jelas {sp}{stmt}.", "tegas {sp}{stmt}.",
          "kata {sp} saat dikonfirmasi{stmt}.", "ujar {sp} kepada wartawan{stmt}.",
          "tutur {sp} ketika dihubungi{stmt}.", "terang {sp}{stmt}."]


class Slots(dict[str, str]):
    """format_map source that records which actor slots a template used."""

    def __init__(self, base: dict[str, str], rng: random.Random, split: str) -> None:
        super().__init__(base)
        self.rng = rng
        self.split = split
        self.actors: dict[tuple[str, str], None] = {}

    def __missing__(self, key: str) -> str:
        if key in ACTOR_SLOTS or key in SPEAKERS:
            forms, typ, name = ACTOR_SLOTS.get(key) or SPEAKERS[key]
            value = fill(self.rng.choice(forms), self)
            if typ:
                self.actors[(typ, name)] = None
            return value
        raise KeyError(key)


def fill(template: str, slots: Slots) -> str:
    out = template.format_map(slots)
    if "{partyname}" in template:
        slots.actors[("political_party", slots["party_full"])] = None
    if "{ticket}" in template:
        slots.actors[("candidate_pair", slots["ticket_full"])] = None
    if "{cand_role}" in template or "{cand_short}" in template:
        slots.actors[("candidate_pair", "Pasangan calon")] = None
    return out


def pick(pool: list[str], split: str, rng: random.Random) -> str:
    """Train uses two thirds of a pool, eval the other third (held-out phrasing)."""
    part = [t for i, t in enumerate(pool) if (i % 3 == 2) == (split == "eval")] or pool
    return rng.choice(part)


def _pick_index(n: int, split: str, rng: random.Random) -> int:
    return rng.choice([i for i in range(n) if (i % 3 == 2) == (split == "eval")] or list(range(n)))


def num_text(n: int, rng: random.Random, capital: bool = False) -> str:
    w = NUM_WORDS[n] if n <= 12 and rng.random() < 0.7 else str(n)
    return w.capitalize() if capital else w


def fmt_date_expr(ev: date | None, pub: date, rng: random.Random, split: str) -> tuple[str, date | None]:
    """A tail phrase stating the event date, and the date it states (None when unstated)."""
    if ev is None:
        return "", None
    day = DAYS[ev.weekday()]
    delta = (pub - ev).days
    styles: list[tuple[str, date | None]] = [
        (f", {day} ({ev.day}/{ev.month}/{ev.year})", ev),
        (f" pada {day} ({ev.day}/{ev.month})", ev),
        (f", {day} ({ev.day}/{ev.month})", ev),
        (f" pada {day}, {ev.day} {MONTHS[ev.month - 1]} {ev.year}", ev),
        (f" pada {ev.day} {MONTHS[ev.month - 1]} {ev.year}", ev),
        (f" pada {day} lalu ({ev.day}/{ev.month}/{ev.year})", ev),
    ]
    if delta == 1:
        styles += [(" kemarin", ev), (f" kemarin, {day} ({ev.day}/{ev.month})", ev)]
    if delta == 0:
        styles += [(" hari ini", ev)]
    if delta == 7:
        styles += [(" pekan lalu", ev), (" sepekan lalu", ev)]
    if 2 <= delta <= 5:
        styles += [(f" {NUM_WORDS[delta]} hari lalu", ev)]
    return rng.choice(styles)


def stmt_expr(pub: date, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        return f", {DAYS[pub.weekday()]} ({pub.day}/{pub.month}/{pub.year})"
    if r < 0.7:
        return f", {DAYS[pub.weekday()]} ({pub.day}/{pub.month})"
    return ""


# -- regions -----------------------------------------------------------------------------------------


def load_regions(data_dir: Path) -> tuple[dict[str, str], list[dict[str, str]], dict[str, list[str]],
                                          dict[str, list[str]]]:
    reg = data_dir / "regions"

    def rows(name: str) -> list[dict[str, str]]:  # the CSV or its .gz
        with datafiles.open_text(reg / name, newline="") as fh:
            return list(csv.DictReader(fh))

    provinces = {r["code"]: r["name"] for r in rows("provinces.csv")}
    regencies = rows("regencies.csv")
    districts: dict[str, list[tuple[str, str]]] = {}
    for r in rows("districts.csv"):
        districts.setdefault(r["regency_code"], []).append((r["code"], r["name"]))
    villages: dict[str, list[str]] = {}
    for r in rows("villages.csv"):
        if r["code"].rsplit(".", 1)[1].startswith("2"):  # desa only, so "Desa X" is right
            villages.setdefault(r["district_code"], []).append(r["name"])
    kec: dict[str, list[str]] = {}
    desa: dict[str, list[str]] = {}
    for rc, ds in districts.items():
        kec[rc] = [n for c, n in ds]
        desa[rc] = [v for c, _n in ds for v in villages.get(c, [])[:6]]
    return provinces, regencies, kec, desa


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


# -- article assembly --------------------------------------------------------------------------------

ELECTIONS = {
    "pemilu": [(date(2023, 11, 28), date(2024, 2, 10)), (date(2024, 2, 11), date(2024, 3, 25))],
    "pilkada": [(date(2024, 9, 25), date(2024, 11, 23)), (date(2024, 11, 24), date(2025, 1, 20))],
    "mk": [(date(2024, 3, 21), date(2024, 6, 10)), (date(2024, 12, 10), date(2025, 3, 20))],
}


def rand_date(rng: random.Random, windows: list[tuple[date, date]]) -> date:
    a, b = rng.choice(windows)
    return a + timedelta(days=rng.randrange((b - a).days + 1))


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def base_slots(rng: random.Random, reg: dict[str, str], prov: str, kecs: list[str], desas: list[str],
               contest: str) -> dict[str, str]:
    is_kota = reg["name"].startswith("Kota")
    kabname = reg["name"].split(" ", 1)[1]
    party, pcode = rng.choice(PARTIES)
    ticket, ticket_full = rng.choice(TICKETS)
    n1, n2 = rng.sample([1, 2, 3, 4] if rng.random() < 0.4 else [1, 2, 3], 2)
    if contest == "pemilu":
        cand_role = rng.choice(["calon anggota DPRD", "caleg DPR RI", "calon anggota DPRD provinsi"])
        cand_short = "caleg"
        contest_name = rng.choice(["Pemilu 2024", "pemilu 14 Februari", "Pemilu serentak 2024"])
    else:
        cand_role = "calon wali kota" if is_kota else "calon bupati"
        cand_short = "cawalkot" if is_kota else "cabup"
        contest_name = rng.choice([f"Pilkada {kabname} 2024", f"Pilkada {kabname}",
                                   f"{'Pilwalkot' if is_kota else 'Pilbup'} {kabname}", "Pilkada serentak 2024"])
    return {
        "kab": reg["name"], "kabname": kabname, "prov": prov,
        "kec": rng.choice(kecs) if kecs else kabname, "kec2": rng.choice(kecs) if kecs else kabname,
        "desa": rng.choice(desas) if desas else kabname,
        "tps": f"{rng.randint(1, 40):02d}", "n1": str(n1), "n2": str(n2),
        "pair1": f"{person(rng)}-{person(rng).split()[0]} {rng.choice(LAST)}",
        "person1": person(rng), "person": person(rng), "ini": "".join(rng.sample(string.ascii_uppercase, 2)),
        "cand_role": cand_role, "cand_short": cand_short, "contest": contest_name,
        "partyname": party, "party_full": PARTY_NAMES[pcode], "ticket": ticket, "ticket_full": ticket_full,
        "num": str(rng.randint(3, 60)), "amount": rng.choice(["Rp50.000", "Rp100.000", "Rp150.000", "Rp200.000",
                                                               "Rp300.000", "Rp20.000"]),
        "big": str(rng.choice([12, 27, 35, 48, 60, 85, 120, 150, 210])),
    }


def dateline(rng: random.Random, slots: dict[str, str], split: str) -> str:
    city = slots["kabname"]
    forms = [f"{city.upper()}, KOMPAS.com - ", f"{city} (ANTARA) - ", f"TRIBUNNEWS.COM, {city.upper()} - ",
             f"{city.upper()}, iNews.id - ", f"{city.upper()} - ", f"Liputan6.com, {city} - ",
             f"{city.upper()}, detikNews - ", f"{city} (ANTARA) - ", "", f"{city.upper()}, SINDOnews - ",
             f"{city.upper()}, suara.com - ", f"{city.upper()}, RMOL - "]
    return pick(forms, split, rng)


def casualty_sentence(dead: int | None, injured: int | None, rng: random.Random, split: str,
                      victims: str) -> str:
    if dead is None and injured is None:
        return ""
    d = dead or 0
    i = injured or 0
    if d == 0 and i == 0:
        return pick(["Tidak ada korban jiwa maupun korban luka dalam kejadian itu.",
                     "Dalam insiden itu tidak ada korban, baik meninggal maupun luka.",
                     "Beruntung tidak ada korban dalam peristiwa tersebut.",
                     "Polisi memastikan tidak ada korban jiwa ataupun korban luka.",
                     "Tak ada korban dalam kejadian tersebut, hanya kerugian materi.",
                     "Tidak ada yang terluka dalam kejadian ini."], split, rng)
    if d == 0:
        forms = [f"Akibat kejadian itu, {num_text(i, rng)} {victims} mengalami luka-luka.",
                 f"Tidak ada korban jiwa, namun {num_text(i, rng)} orang luka dan dirawat di puskesmas terdekat.",
                 f"{num_text(i, rng, True)} {victims} terluka dan dibawa ke rumah sakit.",
                 f"Sebanyak {i} orang mengalami luka akibat lemparan batu dan benda tumpul.",
                 f"Insiden itu menyebabkan {num_text(i, rng)} orang luka ringan.",
                 f"Korban luka tercatat {i} orang, seluruhnya sudah mendapat perawatan."]
        if i == 1:
            forms += ["Seorang korban mengalami luka di kepala dan dilarikan ke rumah sakit.",
                      "Satu orang terluka di bagian lengan akibat sabetan senjata tajam."]
        return pick(forms, split, rng)
    if i == 0:
        forms = [f"{num_text(d, rng, True)} orang tewas dalam peristiwa itu.",
                 f"Kejadian tersebut menewaskan {num_text(d, rng)} {victims}.",
                 f"Sebanyak {d} orang meninggal dunia akibat bentrokan.",
                 f"{num_text(d, rng, True)} {victims} meninggal dunia di lokasi kejadian."]
        if d == 1:
            forms += ["Seorang warga tewas setelah terkena sabetan parang.",
                      "Satu orang meninggal dunia dalam perjalanan ke rumah sakit."]
        return pick(forms, split, rng)
    return pick([f"{num_text(d, rng, True)} orang tewas dan {num_text(i, rng)} lainnya luka-luka.",
                 f"Akibat bentrokan itu, {num_text(d, rng)} {victims} meninggal dunia dan {num_text(i, rng)} orang "
                 "mengalami luka.",
                 f"Korban tewas tercatat {d} orang, sedangkan korban luka {i} orang.",
                 f"Peristiwa itu menewaskan {num_text(d, rng)} orang dan melukai {num_text(i, rng)} lainnya.",
                 f"{num_text(i, rng, True)} orang terluka, sementara {num_text(d, rng)} orang meninggal dunia.",
                 f"Data sementara menyebutkan {d} korban jiwa dan {i} korban luka."], split, rng)


def build(kind: str, spec: dict[str, Any], rng: random.Random, split: str, regions: Any, idx: int,
          reg: dict[str, str]) -> dict[str, Any]:
    provinces, _regs, kec, desa = regions
    contest = spec.get("contest") or rng.choice(["pemilu", "pilkada"])
    windows = ELECTIONS["mk"] if spec.get("mk") else ELECTIONS[contest]
    pub = rand_date(rng, windows)
    slots = Slots(base_slots(rng, reg, provinces[reg["province_code"]], kec.get(reg["code"], []),
                             desa.get(reg["code"], []), contest), rng, split)
    # Event date: usually stated (0-7 days before publication), sometimes not.
    ev: date | None = None
    if rng.random() < 0.82:
        ev = pub - timedelta(days=rng.choice([0, 1, 1, 2, 3, 4, 7]))
    ev_txt, ev_gold = fmt_date_expr(ev, pub, rng, split)
    slots["ev"] = ev_txt
    slots["stmt"] = ""
    dead = injured = None
    cas = spec.get("casualties")
    if cas == "violent":
        r = rng.random()
        if r < 0.2:
            dead, injured = 0, 0
        elif r < 0.65:
            dead, injured = 0, rng.choice([1, 1, 2, 3, 4, 5, 7, 12])
        elif r < 0.85:
            dead, injured = rng.choice([1, 1, 2, 3]), rng.choice([0, 2, 4, 6, 11])
        else:
            dead = injured = None  # not stated
    elif cas == "maybe_none" and rng.random() < 0.35:
        dead, injured = 0, 0
    # Titles and leads are written in parallel: the same index tells the same story.
    n_lead = _pick_index(len(spec["leads"]), split, rng)
    title = fill(spec["titles"][n_lead % len(spec["titles"])], slots)
    lead = fill(spec["leads"][n_lead], slots)
    lead = lead[0].upper() + lead[1:]
    details = [fill(t, slots) for t in _picks(spec["details"], split, rng, rng.choice([2, 3, 3, 4]))]
    cas_txt = casualty_sentence(dead, injured, rng, split, rng.choice(["orang", "warga", "simpatisan"]))
    if cas == "violent" and dead is None and injured is None:
        cas_txt = ""
    # Gold counts are what the text states: a count the sentence leaves out is null, not 0.
    low = cas_txt.lower()
    if dead == 0 and not re.search(r"tidak ada korban|tak ada korban|tidak ada yang terluka", low):
        dead = None
    if injured == 0 and not re.search(r"tidak ada korban(?! jiwa,)|tak ada korban|tidak ada yang terluka|"
                                      r"korban luka", low):
        injured = None
    quotes = []
    for q in _picks(spec["quotes"], split, rng, rng.choice([1, 2, 2, 3])):
        body, sp_key = q
        slots["stmt"] = stmt_expr(pub, rng)
        attrib = pick(ATTRIB, split, rng).replace("{sp}", "{" + sp_key + "}")
        quotes.append(f"\"{fill(body, slots)},\" {fill(attrib, slots)}")
    slots["stmt"] = ""
    body_parts = [dateline(rng, slots, split) + lead]
    rest = details + ([cas_txt] if cas_txt else [])
    if quotes and rng.random() < 0.5:
        rest.insert(min(1, len(rest)), quotes.pop(0))
    rest += quotes
    if spec.get("background", True) and rng.random() < 0.8:
        rest.append(fill(pick(BACKGROUND[contest], split, rng), slots))
    if rng.random() < 0.6:
        rest.append(fill(pick(CLOSINGS.get(spec.get("closing", "incident"), CLOSINGS["incident"]), split, rng),
                         slots))
    # Paragraphs of one or two sentences, as online outlets print them.
    paras: list[str] = []
    buf: list[str] = []
    for s in body_parts + rest:
        buf.append(s)
        if len(buf) == 2 or rng.random() < 0.5:
            paras.append(" ".join(buf))
            buf = []
    if buf:
        paras.append(" ".join(buf))
    text = "\n\n".join(p[0].upper() + p[1:] if p else p for p in paras)
    if spec.get("slang") and rng.random() < 0.5:
        text = _slangify(text, rng)
    for pat, typ, name in FIXED_ACTOR_WORDS:
        if re.search(pat, title + " " + text):
            slots.actors[(typ, name)] = None
    actors = [{"type": t, "name": n} for t, n in slots.actors]
    relevant = bool(spec.get("relevant"))
    item = {
        "id": f"{split}-{idx:04d}",
        "scenario": f"{split}-{kind}-{idx:04d}",
        "split": split,
        "published_at": pub.isoformat(),
        "title": title[0].upper() + title[1:],
        "text": text,
        "relevant": relevant,
        "event_type": kind if relevant else None,
        "secondary_types": spec.get("secondary", []),
        "negative_kind": None if relevant else kind,
        "actors": actors,
        "casualties": {"dead": dead, "injured": injured},
        "event_date": ev_gold.isoformat() if ev_gold else None,
        "expected": reg["code"],
        "province": reg["province_code"],
    }
    return item


def _picks(pool: list[Any], split: str, rng: random.Random, k: int) -> list[Any]:
    part = [t for i, t in enumerate(pool) if (i % 3 == 2) == (split == "eval")] or pool
    return rng.sample(part, min(k, len(part)))


_SLANG = [(r"\byang\b", "yg"), (r"\bdengan\b", "dgn"), (r"\btidak\b", "tdk"), (r"\bpasangan calon\b", "paslon"),
          (r"\bkarena\b", "krn"), (r"\buntuk\b", "utk"), (r"\bsudah\b", "sdh")]


def _slangify(text: str, rng: random.Random) -> str:
    for pat, rep in _SLANG:
        if rng.random() < 0.6:
            text = re.sub(pat, rep, text)
    return text


def generate(data_dir: Path, n_train: int, n_eval: int, seed: int) -> tuple[list[dict[str, Any]],
                                                                          list[dict[str, Any]]]:
    rng = random.Random(seed)  # noqa: S311 - reproducible text generation, not security
    regions = load_regions(data_dir)
    _provs, regencies, _kec, _desa = regions
    regs = sorted(regencies, key=lambda r: r["code"])
    rng.shuffle(regs)
    # Same-name Kota/Kabupaten pairs are over-sampled: they are where place errors happen.
    eval_regs = regs[: len(regs) // 4]
    train_regs = regs[len(regs) // 4:]
    kinds: list[tuple[str, dict[str, Any]]] = [(k, v) for k, v in TYPES.items()] + [
        (k, v) for k, v in NEGATIVES.items()]
    out: dict[str, list[dict[str, Any]]] = {"train": [], "eval": []}
    for split, n, pool in (("train", n_train, train_regs), ("eval", n_eval, eval_regs)):
        # Every kind gets a share: relevant types weight 1.0, negative kinds their own weight.
        weights = [spec.get("weight", 1.0) for _k, spec in kinds]
        total = sum(weights)
        plan: list[tuple[str, dict[str, Any]]] = []
        for (k, spec), w in zip(kinds, weights, strict=True):
            plan += [(k, spec)] * max(2, round(n * w / total))
        rng.shuffle(plan)
        plan = plan[:n]
        by_prov: dict[str, list[dict[str, str]]] = {}
        for r in pool:
            by_prov.setdefault(r["province_code"], []).append(r)
        provs = sorted(by_prov)
        for idx, (k, spec) in enumerate(plan):
            prov = provs[idx % len(provs)]
            reg = rng.choice(by_prov[prov])
            out[split].append(build(k, spec, rng, split, regions, idx, reg))
    return out["train"], out["eval"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data-dir", required=True, type=Path)
    ap.add_argument("--out", type=Path, default=EVAL_DATA)
    ap.add_argument("--train", type=int, default=440)
    ap.add_argument("--eval", type=int, default=170)
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args(argv)
    train, ev = generate(args.data_dir, args.train, args.eval, args.seed)
    writer: Callable[[Path, list[dict[str, Any]]], None] = _write
    writer(args.out / "news_train.jsonl", train)
    writer(args.out / "news_eval.jsonl", ev)
    print(f"wrote {len(train)} training and {len(ev)} evaluation items to {args.out}")
    return 0


def _write(path: Path, items: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for it in items:
            fh.write(json.dumps(it, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
