"""Per-process caches of the reference data every incident write looks up: taxonomy and regions.

Reference data changes rarely (an import, an admin edit) and every create used to read it again (three
queries out of sixteen). Here it is read once per process and kept for at most `RECHECK_SECONDS`: a change
made in another process reaches this one within that time (like the stage calendar), and a change saved in
this process (an import, an admin edit) clears the caches at once (signals below). A code not in the cache
is looked up in the database, so a new code is never refused because of the cache.
"""

from __future__ import annotations

import copy
import threading
import time
from typing import Any

from django.db.models.signals import post_delete, post_save

from waspada.incidents.models import ActorType, EventSubType, EventType, TaxonomyImport
from waspada.regions.models import Region, RegionImport

RECHECK_SECONDS = 30.0
MAX_REGIONS = 20_000  # kab/kota, kecamatan and desa actually reported; cleared when it grows past this

_lock = threading.Lock()
_taxonomy: dict[str, Any] = {}
_regions: dict[str, Region] = {}
_regions_loaded = [0.0]


def clear(**_kwargs: Any) -> None:
    """Forget everything (also the signal receiver for every reference model)."""
    with _lock:
        _taxonomy.clear()
        _regions.clear()
        _regions_loaded[0] = 0.0


def _taxonomy_now() -> dict[str, Any]:
    now = time.monotonic()
    current = _taxonomy.get("data")
    if current is not None and now - _taxonomy["loaded"] < RECHECK_SECONDS:
        return current  # type: ignore[no-any-return]
    types = {row.code: row for row in EventType.objects.all()}
    subtypes = {}
    for sub in EventSubType.objects.all():
        sub.event_type = types.get(sub.event_type_id) or sub.event_type  # shared parents: no query per sub-type
        subtypes[(sub.event_type_id, sub.code)] = sub
    data = {"types": types, "subtypes": subtypes, "actors": set(ActorType.objects.values_list("code", flat=True))}
    with _lock:
        _taxonomy["data"], _taxonomy["loaded"] = data, now
    return data


def event_type(code: str) -> EventType | None:
    if not code:
        return None
    found = _taxonomy_now()["types"].get(code)
    return found if found is not None else EventType.objects.filter(code=code).first()


def event_subtype(type_code: str, code: str) -> EventSubType | None:
    """The sub-type `code` of event type `type_code` (its `event_type` loaded), or None."""
    found = _taxonomy_now()["subtypes"].get((type_code, code))
    if found is not None:
        return found  # type: ignore[no-any-return]
    return EventSubType.objects.select_related("event_type").filter(event_type_id=type_code, code=code).first()


def known_event_types(codes: list[str]) -> set[str]:
    types = _taxonomy_now()["types"]
    missing = [code for code in codes if code not in types]
    known = {code for code in codes if code in types}
    if missing:
        known |= set(EventType.objects.filter(code__in=missing).values_list("code", flat=True))
    return known


def known_actor_types(codes: set[str]) -> set[str]:
    actors = _taxonomy_now()["actors"]
    missing = codes - actors
    known = codes & actors
    if missing:
        known |= set(ActorType.objects.filter(code__in=missing).values_list("code", flat=True))
    return known  # type: ignore[no-any-return]


def regions(codes: list[str]) -> dict[str, Region]:
    """Region rows by code (unknown codes absent), as copies the caller may change."""
    now = time.monotonic()
    if now - _regions_loaded[0] >= RECHECK_SECONDS or len(_regions) > MAX_REGIONS:
        with _lock:
            _regions.clear()
            _regions_loaded[0] = now
    found = {code: _regions[code] for code in codes if code in _regions}
    missing = [code for code in codes if code not in found]
    if missing:
        fetched = Region.objects.in_bulk(missing)
        with _lock:
            _regions.update(fetched)
        found |= fetched
    return {code: copy.copy(row) for code, row in found.items()}


def region(code: str | None) -> Region | None:
    return regions([code]).get(code) if code else None


for _model in (EventType, EventSubType, ActorType, TaxonomyImport, Region, RegionImport):
    post_save.connect(clear, sender=_model, dispatch_uid=f"incidents.refcache.{_model.__name__}.save")
    post_delete.connect(clear, sender=_model, dispatch_uid=f"incidents.refcache.{_model.__name__}.delete")
