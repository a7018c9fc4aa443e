"""Creating and changing incidents: placement, stage tags, derived codes and every bad input refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from tests.incidents.conftest import create, report, update
from waspada.core.audit.models import AuditEvent
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.models import HandlingLevel, Incident, IncidentSource, Status


def tags(incident: Incident) -> list[str]:
    return sorted(incident.stage_links.values_list("tag_id", flat=True))


def test_create_derives_codes_stage_tags_and_audits(make_incident: Callable[..., Any], people: dict) -> None:
    incident = make_incident()
    assert (incident.province_code, incident.kabkota_code, incident.owner_code) == ("32", "32.73", "32.73")
    assert incident.status == Status.SUBMITTED and incident.handling_level == HandlingLevel.KABKOTA
    assert incident.election_id == "pemilu_2024"
    assert "pemungutan_suara" in tags(incident)
    assert incident.corroboration == 1
    event = AuditEvent.objects.get(action="incident.create", object_id=str(incident.pk))
    assert event.actor_id == people["bandung"].pk
    assert "Pak Ujang" not in str(event.after) and "0812" not in str(event.after)
    assert incident.transitions.get().to_status == Status.SUBMITTED


def test_date_outside_every_stage_is_luar_tahapan(make_incident: Callable[..., Any]) -> None:
    incident = make_incident(occurred_on=dt.date(2021, 3, 1))
    assert tags(incident) == ["luar_tahapan"] and incident.election_id is None


def test_changing_the_date_recomputes_stage_tags(make_incident: Callable[..., Any], people: dict) -> None:
    incident = make_incident()
    update(people["bandung"], incident, {"occurred_on": dt.date(2021, 3, 1)})
    assert tags(Incident.objects.get(pk=incident.pk)) == ["luar_tahapan"]
    update(people["bandung"], incident, {"occurred_on": "2024-02-12"})
    assert "masa_tenang" in tags(Incident.objects.get(pk=incident.pk))
    assert AuditEvent.objects.filter(action="incident.update", object_id=str(incident.pk)).count() == 2


def test_point_without_region_is_placed(make_incident: Callable[..., Any]) -> None:
    # Sukasari (32.73.01) lies in Kota Bandung's square 107.5..107.65 / -7.0..-6.85.
    incident = make_incident(by="nadmin", region=None, lat=-6.97, lng=107.52)
    assert incident.kabkota_code == "32.73" and incident.kecamatan_id == "32.73.01"
    assert incident.placed_from_point and not incident.location_review


def test_point_outside_stated_region_is_flagged(make_incident: Callable[..., Any]) -> None:
    incident = make_incident(by="nadmin", region="31.71", lat=-6.97, lng=107.52)
    assert incident.kabkota_code == "31.71" and incident.location_review
    assert "32.73" in incident.location_note


def test_unplaced_intake_is_national_only(make_incident: Callable[..., Any], people: dict) -> None:
    incident = make_incident(by="nadmin", region=None)
    assert incident.kabkota_code == "" and incident.handling_level == HandlingLevel.NATIONAL
    assert not Incident.objects.restrict(people["jabar"], "list").filter(pk=incident.pk).exists()
    update(people["nadmin"], incident, {"region": "32.73"})
    placed = Incident.objects.get(pk=incident.pk)
    assert placed.handling_level == HandlingLevel.KABKOTA and placed.owner_code == "32.73"


def test_kabkota_office_reports_in_its_own_kabkota_by_default(make_incident: Callable[..., Any]) -> None:
    assert make_incident(by="monitor", region=None).kabkota_code == "32.73"


def _refused(people: dict, field: str, by: str = "bandung", **overrides: Any) -> None:
    before = (Incident.objects.count(), IncidentSource.objects.count(), AuditEvent.objects.count())
    with pytest.raises(Invalid) as caught:
        create(people[by], report(**overrides))
    assert field in caught.value.errors, caught.value.errors
    assert (Incident.objects.count(), IncidentSource.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(("field", "overrides"), [
    ("region", {"region": "32.99"}),
    ("region", {"region": "32.73.01"}),
    ("lat", {"lat": 35.68, "lng": 139.69}),
    ("lng", {"lat": -6.9, "lng": 150.0}),
    ("lng", {"lat": -6.9}),
    ("severity", {"severity": 6}),
    ("severity", {"severity": 0}),
    ("event_type", {"event_type": "earthquake"}),
    ("event_subtype", {"event_subtype": "cash_for_votes"}),
    ("kecamatan", {"kecamatan": "32.04.05"}),
    ("sources.0.kind", {"sources": [{"kind": "rumour"}]}),
    ("sources.0.url", {"sources": [{"kind": "media"}]}),
    ("sources.0.informant_name", {"sources": [{"kind": "media", "url": "https://x.id/a", "informant_name": "A"}]}),
    ("actors.0.actor_type", {"actors": [{"actor_type": "alien"}]}),
    ("title", {"title": "  "}),
])  # fmt: skip
def test_bad_input_names_the_field_and_writes_nothing(people: dict, field: str, overrides: dict) -> None:
    _refused(people, field, **overrides)


def test_future_date_is_refused(people: dict) -> None:
    _refused(people, "occurred_on", occurred_on=timezone.localdate() + dt.timedelta(days=2))


def test_region_outside_scope_is_refused(people: dict) -> None:
    _refused(people, "region", by="kabbandung", region="32.73")


def test_roles_without_create_are_denied(people: dict) -> None:
    for name in ("viewer", "analyst"):
        with pytest.raises(Denied):
            create(people[name], report())
    assert not Incident.objects.exists()


def test_independent_sources_are_counted_once(make_incident: Callable[..., Any]) -> None:
    same = {"kind": "media", "url": "https://www.kompas.com/read/1", "reliability": "B"}
    incident = make_incident(
        sources=[same, same | {"url": "https://kompas.com/read/1/"}, {"kind": "public_report", "anonymous": True}]
    )
    assert incident.sources.count() == 3 and incident.corroboration == 2
