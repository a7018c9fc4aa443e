"""Gazetteer loading, variants, word boundaries and the disk cache."""

from __future__ import annotations

from pathlib import Path

from waspada.nlp.gazetteer import Gazetteer, Place, load_places
from waspada.nlp.variants import place_keys


def test_variants_strip_level_words_and_add_spellings() -> None:
    assert ("bandung", "name") in place_keys("Kota Bandung", "kota")
    assert ("jakarta pusat", "name") in place_keys("Kota Administrasi Jakarta Pusat", "kota")
    assert ("kepulauan seribu", "name") in place_keys("Kabupaten Administrasi Kepulauan Seribu", "kabupaten")
    keys = dict(place_keys("Kota Tanjung Balai", "kota"))
    assert keys["tanjungbalai"] == "spell"
    assert dict(place_keys("Kota Pangkalpinang", "kota"))["pangkal pinang"] == "spell"
    assert dict(place_keys("Kota Baubau", "kota"))["bau bau"] == "spell"
    prov = dict(place_keys("Daerah Khusus Ibukota Jakarta", "province"))
    assert "jakarta" in prov and "dki jakarta" in prov
    isl = dict(place_keys("Pulau Lombok", "island"))
    assert isl == {"pulau lombok": "full", "lombok": "name"}


def test_load_places_levels(mini_data: Path) -> None:
    places = {p.code: p for p in load_places(mini_data)}
    assert places["35.79"].level == "kota" and places["35.07"].level == "kabupaten"
    assert places["35.79.02.2001"].level == "desa" and places["32.73.02.1001"].level == "kelurahan"
    island = places["35.00.40001"]
    assert island.level == "island" and island.kabkota_code is None and island.province_code == "35"
    assert places["35.79.02"].kabkota_code == "35.79"


def test_find_respects_word_boundaries(mini_data: Path) -> None:
    gaz = Gazetteer.from_data_dir(mini_data)
    text = "Bandungan, Batuan, kebatu; tapi Kota Batu dan BANDUNG."
    found = [(h.key, text[h.start:h.end]) for h in gaz.find(text)]
    assert ("batu", "Batu") in found
    assert ("bandung", "BANDUNG") in found
    assert all(key not in ("bandung", "batu") or surface.lower() == key for key, surface in found)
    assert len([k for k, _ in found if k == "batu"]) == 1


def test_find_does_not_cross_punctuation(mini_data: Path) -> None:
    gaz = Gazetteer.from_data_dir(mini_data)
    assert [h.key for h in gaz.find("di Jawa. Timur")] == []
    assert [h.key for h in gaz.find("di Jawa Timur")] == ["jawa timur"]


def test_cache_is_reused_and_rebuilt_when_data_changes(mini_data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    g1 = Gazetteer.from_data_dir(mini_data, cache_dir=cache)
    files = list(cache.glob("gazetteer-*.pickle"))
    assert len(files) == 1
    g2 = Gazetteer.from_data_dir(mini_data, cache_dir=cache)
    assert g2.keys == g1.keys
    with (mini_data / "regions" / "districts.csv").open("a", encoding="utf-8") as fh:
        fh.write("35.07.24,35.07,Singosari\n")
    g3 = Gazetteer.from_data_dir(mini_data, cache_dir=cache)
    assert "singosari" in g3.key_ids
    assert list(cache.glob("gazetteer-*.pickle")) != files  # a new key, the old file removed


def test_corrupt_cache_is_rebuilt(mini_data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Gazetteer.from_data_dir(mini_data, cache_dir=cache)
    for f in cache.glob("gazetteer-*.pickle"):
        f.write_bytes(b"not a pickle")
    assert "batu" in Gazetteer.from_data_dir(mini_data, cache_dir=cache).key_ids


def test_from_places_records(tmp_path: Path) -> None:
    places = [Place("35", "Jawa Timur", "province", None, "35", None),
              Place("35.79", "Kota Batu", "kota", "35", "35", "35.79")]
    gaz = Gazetteer.from_places(places, cache_dir=tmp_path)
    assert gaz.place("35.79") == places[1]
    assert [h.key for h in gaz.find("Kota Batu, Jawa Timur")] == ["batu", "jawa timur"]


def test_full_gazetteer_counts(gaz: Gazetteer) -> None:
    levels: dict[str, int] = {}
    for p in gaz.places:
        levels[p.level] = levels.get(p.level, 0) + 1
    assert levels["province"] == 38
    assert levels["kabupaten"] + levels["kota"] == 514
    assert levels["kecamatan"] == 7285
    assert levels["kelurahan"] + levels["desa"] + levels["desa_adat"] == 83762
    assert gaz.unknown_alias_codes == []
    assert gaz.key_ids.get("jaksel") is not None
