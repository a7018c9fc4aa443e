"""The NLP resources as the Django side builds them: the gazetteer from the imported regions (else from the
region files) and the event classifier (trained once from the packaged labelled data, cached on disk).

Building takes about a second and loading the disk cache half of that, so one copy is kept per process
and replaced only when a new region import lands.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from django.conf import settings

from waspada.nlp.events import EventClassifier
from waspada.nlp.events import get_classifier as nlp_classifier
from waspada.nlp.gazetteer import Gazetteer, Place, load_aliases
from waspada.regions.models import Region
from waspada.regions.selectors import latest_import_version

_lock = threading.Lock()
_loaded: dict[str, object] = {}


def cache_dir() -> Path:
    return Path(os.environ.get("WASPADA_CACHE_DIR") or settings.VAR_DIR / "cache")


def _places() -> list[Place]:
    rows = Region.objects.filter(is_active=True).values_list(
        "code", "name", "level", "parent_id", "province_code", "kabkota_code", "attributes"
    )
    return [
        Place(code, name, level, parent, province, kabkota or None, bool(attributes.get("is_populated", True)))
        for code, name, level, parent, province, kabkota, attributes in rows.iterator(chunk_size=5000)
    ]


def build_gazetteer() -> Gazetteer:
    places = _places()
    if not places:
        return Gazetteer.from_data_dir(settings.DATA_DIR, cache_dir=cache_dir())
    aliases = load_aliases(settings.DOMAIN_DIR / "regions.yaml")
    return Gazetteer.from_places(places, aliases=aliases, cache_dir=cache_dir())


def get_gazetteer() -> Gazetteer:
    version = latest_import_version()
    with _lock:
        if _loaded.get("version") != version or "gazetteer" not in _loaded:
            _loaded["gazetteer"] = build_gazetteer()
            _loaded["version"] = version
        return _loaded["gazetteer"]  # type: ignore[return-value]


def get_classifier() -> EventClassifier:
    """Process-wide (the NLP core caches it); the first call may train the default model (~5 s)."""
    return nlp_classifier(domain_dir=settings.DOMAIN_DIR, data_dir=settings.DATA_DIR, cache_dir=cache_dir())
