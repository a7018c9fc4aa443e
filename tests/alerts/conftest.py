"""Early-warning fixtures: the small regions with populations, the taxonomy and calendar, office accounts, and
incidents written in bulk (the rules read counts, not reports, so the write path is not under test here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from waspada.alerts import engine
from waspada.alerts.models import Alert
from waspada.core.scope import Role
from waspada.elections.services import import_elections
from waspada.incidents.models import Incident
from waspada.incidents.models.taxonomy import EventType
from waspada.incidents.taxonomy import import_taxonomy
from waspada.regions.models import Region

DAY = dt.date(2025, 6, 30)  # outside every election stage of the 2024 and 2029 calendars


@pytest.fixture
def ew_world(small_regions: Any) -> dict[str, Any]:
    domain = Path(settings.DOMAIN_DIR)
    import_taxonomy(domain)
    import_elections(domain)
    Region.objects.filter(code="32.04").update(population=3_700_000)
    Region.objects.filter(code="31.71").update(population=1_100_000)
    users = get_user_model()
    made = {name: users.objects.create_user(username=name, password=None, role=role, scope_region_id=region,
                                            email=f"{name}@example.go.id")
            for name, role, region in [("bandung", Role.KABKOTA_OFFICER, "32.73"),
                                       ("kabbandung", Role.KABKOTA_OFFICER, "32.04"),
                                       ("jabar", Role.PROVINCE_OFFICER, "32"),
                                       ("nadmin", Role.NATIONAL_ADMIN, None),
                                       ("viewer", Role.VIEWER, "32")]}  # fmt: skip
    return made


@pytest.fixture
def add_incidents(ew_world: dict[str, Any]) -> Callable[..., None]:
    event_type = EventType.objects.order_by("code").first()

    def add(code: str, day: dt.date, n: int = 1, *, status: str = "verified", severity: int = 2,
            dead: int | None = None, context: bool = False) -> None:  # fmt: skip
        Incident.objects.bulk_create([
            Incident(title=f"Insiden {code} {day} #{i}", occurred_on=day, province_code=code[:2], kabkota_code=code,
                     place_code=code, region_id=code, owner_code=code, event_type=event_type, severity=severity,
                     dead=dead, status=status, sensitivity="inter_agency", is_context=context)
            for i in range(n)])  # fmt: skip

    return add


def weekly_history(add: Callable[..., None], code: str, end: dt.date, weeks: int = 52) -> None:
    """One verified incident a week for `weeks` weeks before the last week: the region's ordinary rate."""
    for week in range(1, weeks + 1):
        add(code, end - dt.timedelta(days=7 * week + 3))


@pytest.fixture
def alert(add_incidents: Callable[..., None]) -> Alert:
    """Kota Bandung: a year at one a week, then six in the last week: one Awas alert."""
    weekly_history(add_incidents, "32.73", DAY)
    add_incidents("32.73", DAY, 6)
    engine.run(DAY)
    return Alert.objects.get()
