"""Stage tags: the elections calendar, loaded once per process and reloaded after a new elections import or a
change of a cycle by a national admin."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from django.db.models.signals import post_save

from waspada.elections.models import Election, ElectionImport
from waspada.elections.selectors import Calendar, calendar_version
from waspada.incidents.models import Incident, IncidentStage
from waspada.regions.models import Region

_calendar_lock = threading.Lock()
_calendar_cache: dict[str, Any] = {}
CALENDAR_RECHECK_SECONDS = 30.0  # a new elections import reaches running processes within this time


def forget_calendar(**_kwargs: Any) -> None:
    with _calendar_lock:
        _calendar_cache.clear()


post_save.connect(forget_calendar, sender=ElectionImport, dispatch_uid="incidents.actions.stages.calendar")
post_save.connect(forget_calendar, sender=Election, dispatch_uid="incidents.actions.stages.calendar_entered")


def calendar() -> Calendar:
    now = time.monotonic()
    with _calendar_lock:
        if "calendar" in _calendar_cache and now - _calendar_cache["checked"] < CALENDAR_RECHECK_SECONDS:
            return _calendar_cache["calendar"]  # type: ignore[no-any-return]
        version = calendar_version()  # an import, or a cycle entered or changed by a national admin
        if "calendar" not in _calendar_cache or _calendar_cache.get("version") != version:
            _calendar_cache["calendar"] = Calendar.load()
            _calendar_cache["version"] = version
        _calendar_cache["checked"] = now
        return _calendar_cache["calendar"]  # type: ignore[no-any-return]


def stage_situation(region: Region | None, day: dt.date, cal: Calendar | None = None) -> tuple[str | None, list[str]]:
    """(election code, stage tags) of a local date in a region; the election of the first active stage."""
    situation = (cal or calendar()).at(region, day)
    election = situation.stages[0].election_id if situation.stages else None
    return election, situation.tags


def tag(incident: Incident) -> list[str]:
    """Set the election from the calendar and return the stage tags (written after the incident is saved)."""
    election, tags = stage_situation(incident.region, incident.occurred_on)
    incident.election_id = election
    return tags


def replace_stages(incident: Incident, tags: list[str]) -> None:
    IncidentStage.objects.filter(incident=incident).delete()
    IncidentStage.objects.bulk_create([IncidentStage(incident=incident, tag_id=tag) for tag in tags])
