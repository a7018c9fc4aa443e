"""Demo incidents: refused clearly without the full reference data; seeded, labelled, bulk, one audit event."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from waspada.core.audit.models import AuditEvent
from waspada.incidents.demo import create_demo_incidents
from waspada.incidents.models import Incident, IncidentStage


def test_demo_needs_full_regions(reference: None) -> None:
    with pytest.raises(CommandError) as failure:
        call_command("incidents", "demo", stdout=io.StringIO())
    assert failure.value.returncode == 1 and "waspada regions import" in str(failure.value)
    assert not Incident.objects.exists()


def test_demo_is_labelled_seeded_and_one_batch_event(reference: None) -> None:
    # Seen from the end of January 2025, the last 18 months hold the whole 2024 Pemilu and Pilkada.
    first = create_demo_incidents(300, min_kabkota=1, today=dt.date(2025, 1, 31))
    events = AuditEvent.objects.filter(action="incidents.demo")
    assert events.count() == 1 and events.get().batch["counts"]["incidents"] == 300
    assert Incident.objects.filter(is_demo=True, title__startswith="[DEMO]").count() == 300
    tags = set(IncidentStage.objects.values_list("tag_id", flat=True))
    assert {"kampanye", "pemungutan_suara", "masa_tenang", "luar_tahapan"} <= tags
    years = {d.year for d in Incident.objects.values_list("occurred_on", flat=True)}
    assert years == {2023, 2024, 2025}
    again = create_demo_incidents(300, min_kabkota=1, today=dt.date(2025, 1, 31))
    assert again["checksum"] == first["checksum"] and again["replaced"] == 300
    assert Incident.objects.count() == 300
    later = create_demo_incidents(300, min_kabkota=1, today=dt.date(2025, 2, 1))
    assert later["checksum"] != first["checksum"]  # relative to the day it runs


def test_demo_is_relative_to_today_with_a_recent_queue(reference: None) -> None:
    """December 2026, long after the 2024 data: the incidents still cover the last 18 months up to today, and
    what waits in a queue arrived recently (not "waiting 0 minutes" for an item of years ago)."""
    today = dt.date(2026, 12, 7)
    noon = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
    create_demo_incidents(400, min_kabkota=1, today=today)
    days = sorted(Incident.objects.values_list("occurred_on", flat=True))
    assert days[0] >= today - dt.timedelta(days=548) and days[-1] <= today
    assert days[-1] >= today - dt.timedelta(days=14) and days[0] <= today - dt.timedelta(days=480)
    rows = list(Incident.objects.values_list("occurred_on", "created_at", "updated_at", "status"))
    for occurred, created, updated, _status in rows:
        assert created.date() >= occurred and created <= updated <= noon
    waiting = [(occurred, updated) for occurred, _c, updated, status in rows
               if status in {"submitted", "verified", "escalated"}]  # fmt: skip
    assert len(waiting) > 8
    assert all(occurred >= today - dt.timedelta(days=45) for occurred, _u in waiting)
    assert all(noon - updated < dt.timedelta(days=50) for _o, updated in waiting)
    assert len({updated for _o, updated in waiting}) >= len(waiting) - 3  # spread, not one bulk timestamp


def test_demo_points_fall_inside_their_kabkota(reference: None) -> None:
    from waspada.regions.locate import locate

    create_demo_incidents(200, min_kabkota=1, today=dt.date(2025, 1, 31))
    placed = list(Incident.objects.exclude(lat=None).values_list("kabkota_code", "lng", "lat", "geo_precision",
                                                                 "kecamatan_id", "place_code"))  # fmt: skip
    assert len(placed) > 100  # about 70% get a point
    for kabkota, lng, lat, precision, kecamatan, place in placed:
        assert locate(lng, lat).kabkota == kabkota and precision in {"exact", "near_place", "kecamatan"}
        # the kecamatan maps count them there, so the demo's kab/kota maps are not all "unplaced"
        assert kecamatan in {locate(lng, lat).kecamatan, None} and place == (kecamatan or kabkota)
        assert kecamatan is None or kecamatan.startswith(kabkota + ".")
    assert sum(1 for row in placed if row[4]) > 50  # where the test data has kecamatan outlines
    assert set(Incident.objects.filter(lat=None).values_list("geo_precision", flat=True)) == {"kabkota"}
