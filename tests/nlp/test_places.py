"""Resolution traps: common words, Kota vs Kabupaten, datelines, people, outlets, no place."""

from __future__ import annotations

from typing import Any

import pytest

from waspada.nlp.analyze import analyze_item
from waspada.nlp.dateline import find_dateline
from waspada.nlp.gazetteer import Gazetteer


def run(gaz: Gazetteer, text: str, title: str = "") -> dict[str, Any]:
    return analyze_item({"id": "t", "title": title, "text": text}, gaz)


def main_code(gaz: Gazetteer, text: str, title: str = "") -> str | None:
    main = run(gaz, text, title)["main_location"]
    return None if main is None else main["code"]


def codes(gaz: Gazetteer, text: str) -> set[str]:
    return {loc["code"] for loc in run(gaz, text)["locations"]}


@pytest.mark.parametrize(("text", "span"), [
    ("BANDUNG, KOMPAS.com - Warga berkumpul.", "BANDUNG"),
    ("Jayapura (ANTARA) - Bawaslu mencatat.", "Jayapura"),
    ("TRIBUNNEWS.COM, MALANG - Warga desa menolak.", "MALANG"),
    ("Liputan6.com, Jakarta - Ketua KPU berkata.", "Jakarta"),
    ("JAKARTA - Ketua KPU berkata.", "JAKARTA"),
    ("KABUPATEN BANDUNG, KOMPAS.com - Hujan.", "KABUPATEN BANDUNG"),
])
def test_dateline_styles(text: str, span: str) -> None:
    found = find_dateline(text)
    assert found is not None and text[found[0]:found[1]] == span


def test_no_dateline_in_plain_prose() -> None:
    assert find_dateline("KOMPAS.com - Ketua KPU mengatakan hal itu.") is None
    assert find_dateline("Warga yang tinggal di sana - katanya - menolak.") is None


def test_kota_batu_versus_the_word_batu(gaz: Gazetteer) -> None:
    assert main_code(gaz, "Sejumlah warga Kota Batu berunjuk rasa di depan kantor KPU.") == "35.79"
    assert main_code(gaz, "Posko relawan dilempari batu oleh orang tak dikenal pada malam hari.") is None
    assert "35.79" not in codes(gaz, "Massa melempar batu ke arah polisi di Kabupaten Malang.")


def test_common_word_names_need_a_cue(gaz: Gazetteer) -> None:
    assert main_code(gaz, "Kericuhan terjadi di Pati saat rapat pleno.") == "33.18"
    assert main_code(gaz, "Warga Kabupaten Agam mengikuti doa bersama.") == "13.06"
    assert main_code(gaz, "Nasib malang menimpa petugas KPPS yang terjatuh.") is None
    assert main_code(gaz, "Hakim mengetuk palu tanda sidang selesai.") is None


def test_kota_versus_kabupaten_bandung(gaz: Gazetteer) -> None:
    assert main_code(gaz, "Bawaslu Kabupaten Bandung menertibkan baliho.") == "32.04"
    assert main_code(gaz, "KPU Kota Bandung menggelar simulasi.") == "32.73"
    # A bare name takes the unit of the kecamatan named with it.
    assert main_code(gaz, "Banjir merendam gudang logistik di Dayeuhkolot, Bandung.") == "32.04.12"
    assert main_code(gaz, "BANDUNG, KOMPAS.com - Mahasiswa berunjuk rasa di Kecamatan Coblong.") == "32.73.02"
    # A name written once with its level word fixes its later bare uses.
    res = run(gaz, "Warga Kabupaten Bandung memprotes. Di Bandung, polisi berjaga.")
    assert [loc["code"] for loc in res["locations"]] == ["32.04"]
    assert len(res["locations"][0]["mentions"]) == 2


def test_kabupaten_banjar_and_kota_banjar_in_different_provinces(gaz: Gazetteer) -> None:
    assert main_code(gaz, "Bawaslu Kabupaten Banjar menemukan pemilih di bawah umur.") == "63.03"
    assert main_code(gaz, "Wali Kota Banjar meminta ASN netral.") == "32.79"


def test_dateline_versus_body(gaz: Gazetteer) -> None:
    text = ("Jakarta, CNN Indonesia -- Bawaslu menyebut Kabupaten Sampang, Jawa Timur, sebagai daerah "
            "paling rawan. Di Sampang tercatat sejumlah insiden.")
    assert main_code(gaz, text) == "35.27"
    assert main_code(gaz, "Soreang (ANTARA) - Bawaslu menemukan baliho di Baleendah.") == "32.04.32"


def test_desa_needs_cue_or_parent(gaz: Gazetteer) -> None:
    res = run(gaz, "Warga Desa Pandanlandung, Kecamatan Wagir, Kabupaten Malang, menolak hasil pilkades.")
    main = res["main_location"]
    assert main is not None and main["code"] == "35.07.21.2012" and main["level"] == "desa"
    # "Sukamaju" alone is one of dozens of villages: not a place without its parent.
    assert run(gaz, "Warga Sukamaju berkumpul di balai.")["main_location"] is None


def test_people_outlets_clubs_and_idioms_are_not_places(gaz: Gazetteer) -> None:
    assert "52.72" not in codes(gaz, "Wali Kota Bogor Bima Arya menghadiri rapat.")
    assert main_code(gaz, "Menurut laporan Radar Bogor, harga cabai naik.") is None
    assert main_code(gaz, "Persib Bandung menang 2-0 atas tamunya.") is None
    assert main_code(gaz, "Persatuan dari Sabang sampai Merauke harus dijaga.") is None
    assert main_code(gaz, "Kemacetan terjadi di Jalan Bali pagi ini.") is None


def test_short_forms_and_distrik(gaz: Gazetteer) -> None:
    assert main_code(gaz, "Satpol PP Jaksel mencopot alat peraga kampanye.") == "31.74"
    assert main_code(gaz, "Bupati Kukar meminta kepala desa netral.") == "64.02"
    assert main_code(gaz, "Massa membakar ban di Distrik Abepura, Kota Jayapura.") == "91.71.03"


def test_output_place_fields(gaz: Gazetteer) -> None:
    text = "BANDUNG, KOMPAS.com - Warga Kota Bandung, Jawa Barat, berkumpul."
    res = run(gaz, text, title="Warga Bandung Berkumpul")
    main = res["main_location"]
    assert set(main) == {"code", "name", "level", "confidence"}
    assert main == {**main, "code": "32.73", "name": "Kota Bandung", "level": "kota"}
    assert 0 < main["confidence"] <= 1
    locs = {loc["code"]: loc for loc in res["locations"]}
    assert locs["32.73"]["is_main"] and not locs["32"]["is_main"]
    for loc in res["locations"]:
        for m in loc["mentions"]:
            source = res_field = text if m["field"] == "text" else "Warga Bandung Berkumpul"
            assert source[m["start"]:m["end"]] == m["text"] == res_field[m["start"]:m["end"]]
    assert any(m["field"] == "title" for m in locs["32.73"]["mentions"])
    assert any(m["text"] == "Kota Bandung" for m in locs["32.73"]["mentions"])


def test_province_only_story(gaz: Gazetteer) -> None:
    text = ("Bawaslu Jawa Barat merilis indeks kerawanan. Kabupaten Bogor, Kabupaten Cianjur dan Kota Bekasi "
            "masuk kategori rawan tinggi.")
    assert main_code(gaz, text, title="Bawaslu Jabar Rilis Indeks Kerawanan") == "32"
