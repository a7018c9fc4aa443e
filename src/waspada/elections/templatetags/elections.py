"""`{% load elections %}{% current_stage region %}`: the stage badge of the home and region pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from waspada.elections import selectors
from waspada.elections.models import Election
from waspada.regions.models import Region

register = template.Library()


@register.inclusion_tag("elections/_badge.html")
def current_stage(region: Region | None = None, on: dt.date | None = None) -> dict[str, Any]:
    """Stages in force today in the region's time zone (national: WIB), else the stages that come next; the days to
    the next voting day (provisional dates said so), the contests."""
    if not Election.objects.exists():
        return {"loaded": False}
    day = on or selectors.local_today(region)
    situation = selectors.stages_at(region, day)
    ahead = situation.next_voting
    contests = selectors.region_contests(region) if region is not None else None
    return {
        "loaded": True,
        "region": region,
        "day": day,
        "zone": selectors.region_zone(region).key,
        "situation": situation,
        "next_voting": {"days": ahead[1], "name": ahead[0].name, "provisional": ahead[0].provisional,
                        "note": ahead[0].source_note if ahead[0].provisional else ""} if ahead else None,
        "upcoming": situation.upcoming,
        "contests": contests.covering if contests else [],
        "contests_within": len(contests.within) if contests else 0,
    }
