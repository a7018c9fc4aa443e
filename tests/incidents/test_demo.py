"""Demo incidents: refused clearly without the full reference data; seeded, labelled, bulk, one audit event."""

from __future__ import annotations

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
    first = create_demo_incidents(300, min_kabkota=1)
    events = AuditEvent.objects.filter(action="incidents.demo")
    assert events.count() == 1 and events.get().batch["counts"]["incidents"] == 300
    assert Incident.objects.filter(is_demo=True, title__startswith="[DEMO]").count() == 300
    tags = set(IncidentStage.objects.values_list("tag_id", flat=True))
    assert {"kampanye", "pemungutan_suara", "masa_tenang", "luar_tahapan"} <= tags
    years = {d.year for d in Incident.objects.values_list("occurred_on", flat=True)}
    assert years >= {2022, 2023, 2024, 2025}
    again = create_demo_incidents(300, min_kabkota=1)
    assert again["checksum"] == first["checksum"] and again["replaced"] == 300
    assert Incident.objects.count() == 300


def test_demo_points_fall_inside_their_kabkota(reference: None) -> None:
    from waspada.regions.locate import locate

    create_demo_incidents(200, min_kabkota=1)
    placed = list(Incident.objects.exclude(lat=None).values_list("kabkota_code", "lng", "lat", "geo_precision"))
    assert len(placed) > 100  # about 70% get a point
    for kabkota, lng, lat, precision in placed:
        assert locate(lng, lat).kabkota == kabkota and precision in {"exact", "near_place", "kecamatan"}
    assert set(Incident.objects.filter(lat=None).values_list("geo_precision", flat=True)) == {"kabkota"}
