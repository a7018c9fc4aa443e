"""Shared fixtures: one full gazetteer per test session (built once into a temporary cache)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from waspada import datafiles
from waspada.nlp.events import EventClassifier
from waspada.nlp.gazetteer import Gazetteer


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """settings.DATA_DIR: the repository's data/ unless WASPADA_DATA_DIR says otherwise. A checkout always has
    it, so its absence is a failure, never a skip."""
    data = Path(settings.DATA_DIR)
    if not datafiles.exists(data / "regions" / "provinces.csv"):
        pytest.fail(f"region data not found in {data} (regions/provinces.csv); check WASPADA_DATA_DIR")
    return data


@pytest.fixture(scope="session")
def gaz(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer.from_data_dir(data_dir, cache_dir=tmp_path_factory.mktemp("gazetteer-cache"))


@pytest.fixture()
def mini_data(tmp_path: Path) -> Path:
    """A tiny region folder in the data/ layout, for cache and loader tests."""
    regions = tmp_path / "regions"
    regions.mkdir()
    (regions / "provinces.csv").write_text("code,name\n35,Jawa Timur\n32,Jawa Barat\n", encoding="utf-8")
    (regions / "regencies.csv").write_text(
        "code,province_code,name\n35.79,35,Kota Batu\n35.07,35,Kabupaten Malang\n35.73,35,Kota Malang\n"
        "32.04,32,Kabupaten Bandung\n32.73,32,Kota Bandung\n", encoding="utf-8")
    (regions / "districts.csv").write_text(
        "code,regency_code,name\n35.79.02,35.79,Bumiaji\n35.07.13,35.07,Kepanjen\n32.73.02,32.73,Coblong\n",
        encoding="utf-8")
    (regions / "villages.csv").write_text(
        "code,district_code,name\n35.79.02.2001,35.79.02,Sumberbrantas\n32.73.02.1001,32.73.02,Dago\n",
        encoding="utf-8")
    (regions / "islands.csv").write_text(
        'code,regency_code,coordinate,is_populated,is_outermost_small,name\n'
        '35.00.40001,,"07°02\'33.56"" S 113°17\'52.44"" E",1,0,Pulau Madura\n', encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="session", autouse=True)
def _model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The default event model is trained once per session into a temporary cache (never ~/.cache)."""
    cache = tmp_path_factory.mktemp("model-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WASPADA_CACHE_DIR", str(cache))
        yield cache


@pytest.fixture(scope="session")
def clf(_model_cache: Path) -> EventClassifier:
    """The default event classifier (taxonomy from the domain folder, data/domain)."""
    from waspada.nlp.events import get_classifier

    return get_classifier(cache_dir=_model_cache)
