"""Normalisation, the stemming cache, and the actor, date and casualty extractors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from waspada.nlp.actors import ActorMatcher, actor_list, candidates_from, load_candidates
from waspada.nlp.casualties import casualties
from waspada.nlp.dates import event_date
from waspada.nlp.domain import find_domain_dir, load_parties
from waspada.nlp.normalize import Stemmer, fast_words, normalise, tokens


def test_slang_and_abbreviations_expand_and_keep_spans() -> None:
    text = "Paslon yg tdk hadir di TPS 05 dgn PSU"
    assert normalise(text) == ("pasangan calon yang tidak hadir di tempat pemungutan suara 05 dengan "
                               "pemungutan suara ulang")
    toks = tokens(text)
    assert [text[t.start:t.end] for t in toks[:2]] == ["Paslon", "Paslon"]  # expansion shares the span


def test_numbers_dates_and_reduplication_stay_whole() -> None:
    words = [t.word for t in tokens("Rabu (14/2/2024) pukul 10.30, Rp1.500.000, tiga warga luka-luka")]
    assert "14/2/2024" in words and "10.30" in words and "luka-luka" in words and "1.500.000" in words


def test_fast_words_marks_names_inside_sentences_only() -> None:
    words, names = fast_words("Bentrok terjadi di Serang. Polisi datang bersama TNI.")
    assert dict(zip(words, names, strict=True)) == {"bentrok": False, "terjadi": False, "di": False,
                                                    "serang": True, "polisi": False, "datang": False,
                                                    "bersama": False, "tni": False}
    # Title Case headings carry no casing signal
    assert not any(fast_words("Bentrok Pendukung Paslon Di Serang")[1])


def test_stemmer_cache_and_overrides() -> None:
    st = Stemmer()
    assert st.stem("penganiayaan") == "aniaya"
    misses = st.misses
    assert st.stems(["penganiayaan", "penganiayaan"]) == ["aniaya", "aniaya"]
    assert st.misses == misses  # served from the cache
    assert st.stem("perusakan") == "rusak"  # Sastrawi says "rusa"
    assert st.stem("luka-luka") == "luka"
    assert st.stem("14/2/2024") == "14/2/2024"
    small = Stemmer(max_size=len(st.cache) + 2)
    for w in ["dibakar", "dilempari", "diserang", "dipukul"]:
        small.stem(w)
    assert len(small.cache) <= small.max_size


@pytest.fixture(scope="module")
def matcher() -> ActorMatcher:
    parties, tickets, _ = load_parties(find_domain_dir())
    cands = candidates_from({"contests": [{"contest": "Pilkada Kota Batu 2024",
                                           "candidates": [{"name": "Andi Saputra - Budi Wibowo",
                                                           "aliases": ["Andi-Budi", "pasangan Andi"]}]}]})
    return ActorMatcher(parties, tickets, cands)


def _actors(m: ActorMatcher, text: str) -> list[tuple[str, str]]:
    return [(a["type"], a["name"]) for a in actor_list(m.find(fast_words(text)[0], text))]


def test_actor_institutions_and_supporters(matcher: ActorMatcher) -> None:
    got = _actors(matcher, "Simpatisan paslon dan anggota KPPS dilerai polisi dan Babinsa; Bawaslu dan "
                           "Panwascam mencatat, seorang ASN dan kades ikut hadir, juga ormas dan tokoh adat.")
    assert got == [("supporters", "Pendukung"), ("candidate_pair", "Pasangan calon"), ("kpu_adhoc", "KPPS"),
                   ("polri", "Polri"), ("tni", "TNI"), ("bawaslu_adhoc", "Bawaslu"),
                   ("bawaslu_adhoc", "Panwaslu Kecamatan"), ("asn", "ASN"), ("village_head", "Kepala desa"),
                   ("ormas", "Ormas"), ("community_leader", "Tokoh masyarakat")]


def test_actor_exclusions(matcher: ActorMatcher) -> None:
    assert _actors(matcher, "Calon kepala desa itu berkata kepada wartawan.") == []
    assert _actors(matcher, "Dua jurnalis diintimidasi.") == [("media_online_account", "Jurnalis")]


def test_party_and_ticket_aliases(matcher: ActorMatcher) -> None:
    got = _actors(matcher, "Kader PAN dan Partai Golkar serta relawan Prabowo-Gibran berkumpul.")
    assert ("political_party", "Partai Amanat Nasional") in got
    assert ("political_party", "Partai Golongan Karya") in got
    assert ("candidate_pair", "Prabowo Subianto - Gibran Rakabuming Raka") in got
    # "pan" and "amin" as ordinary words are not parties or tickets
    assert _actors(matcher, "Warga memasak dengan pan besar lalu berdoa, amin.") == []
    assert ("political_party", "Partai Keadilan Sejahtera") in _actors(matcher, "Saksi dari PKS keberatan.")


def test_configured_candidates(matcher: ActorMatcher, tmp_path: Path) -> None:
    got = _actors(matcher, "Tim Andi-Budi melapor ke Bawaslu.")
    assert ("candidate_pair", "Andi Saputra - Budi Wibowo") in got
    f = tmp_path / "c.yaml"
    f.write_text("- name: Siti Rahma\n  aliases: [Bu Siti]\n  contest: Pilbup Malang\n", encoding="utf-8")
    assert load_candidates(f)[0].aliases == ("Bu Siti", "Siti Rahma")


PUB = date(2024, 2, 16)  # a Friday


@pytest.mark.parametrize(
    ("text", "pub", "expected"),
    [
        ("Bentrok terjadi di Bima, Rabu (14/2/2024) malam.", PUB, "2024-02-14"),
        ("Massa berkumpul pada Senin (12/2) di depan kantor KPU.", PUB, "2024-02-12"),
        ("Kericuhan terjadi Senin (30/12) lalu.", date(2024, 1, 3), "2023-12-30"),  # previous year
        ("Kericuhan terjadi pada Selasa, 13 Februari 2024.", PUB, "2024-02-13"),
        ("Polisi menangkap pelaku kemarin.", PUB, "2024-02-15"),
        ("Baliho dirusak dua hari lalu.", PUB, "2024-02-14"),
        ("Teror itu terjadi pekan lalu.", PUB, "2024-02-09"),
        ("Bentrok pecah pada Rabu malam.", PUB, "2024-02-14"),
        ("Pemungutan suara ulang digelar hari ini.", PUB, "2024-02-16"),
        ("Tidak disebutkan kapan kejadiannya.", PUB, None),
        ("Bentrok terjadi kemarin.", None, None),  # relative dates need the publication date
        ("Bentrok terjadi pada 14 Februari 2024.", None, "2024-02-14"),
        # the statement date ("kata X, Jumat (16/2)") is not the event date
        ('"Situasi kondusif," kata Kapolres, Jumat (16/2). Bentrok terjadi Rabu (14/2).', PUB, "2024-02-14"),
        ("Pemungutan suara ulang dijadwalkan 24 Februari 2024.", PUB, None),  # after publication
        ("Pemungutan suara digelar 20 Februari mendatang.", PUB, None),  # a schedule, not last year
        ("Dalam seminggu terakhir warga resah.", PUB, None),  # lower-case minggu = week
    ],
)
def test_event_date(text: str, pub: date | None, expected: str | None) -> None:
    got, _span = event_date(text, text.lower(), pub)
    assert (got.isoformat() if got else None) == expected


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        ("Dua orang tewas dalam bentrokan itu.", 2, None),
        ("3 warga luka-luka dan dirawat.", None, 3),
        ("Seorang simpatisan meninggal dunia, sementara empat lainnya terluka.", 1, 4),
        ("Peristiwa itu menewaskan dua orang dan melukai sebelas lainnya.", 2, 11),
        ("Korban tewas tercatat 2 orang, sedangkan korban luka 6 orang.", 2, 6),
        ("Tidak ada korban jiwa dalam kejadian itu.", 0, None),
        ("Tidak ada korban jiwa, namun lima orang luka ringan.", 0, 5),
        ("Beruntung tidak ada korban dalam peristiwa tersebut.", 0, 0),
        ("Puluhan orang luka akibat lemparan batu.", None, 20),
        ("Bentrok pecah pada 14 Februari 2024 tewas", None, None),  # a year is not a count
        ("Massa berunjuk rasa dengan tertib.", None, None),
    ],
)
def test_casualties(text: str, dead: int | None, injured: int | None) -> None:
    assert casualties(text.lower()) == {"dead": dead, "injured": injured}
