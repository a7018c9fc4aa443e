"""The workflow table: each transition allowed or refused per role and scope, each step recorded and audited,
and the review queue of each office picking up what needs its action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.incidents.conftest import transition
from waspada.core.audit.models import AuditEvent
from waspada.core.scope import Role
from waspada.incidents import selectors, workflow
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.models import HandlingLevel, Incident, IncidentSource, Status

EVERYONE = ("nadmin", "analyst", "jabar", "dki", "bandung", "kabbandung", "monitor", "monitor2", "viewer", "outsider",
            "external")  # fmt: skip


def in_queue(user: Any, incident: Incident) -> bool:
    return selectors.review_queue(user).filter(pk=incident.pk).exists()


def test_phone_report_to_national_handling(make_incident: Callable[..., Any], people: dict) -> None:
    """Done-when: an officer reports, the kab/kota verifies, the province escalates, the national desk handles."""
    incident = make_incident(by="monitor", submit=False)
    assert in_queue(people["monitor"], incident)
    transition(people["monitor"], incident, Status.SUBMITTED)
    assert in_queue(people["bandung"], incident)
    transition(people["bandung"], incident, Status.VERIFIED, "Dicek ke lokasi")
    transition(people["bandung"], incident, Status.ESCALATED, "Perlu koordinasi provinsi")
    incident.refresh_from_db()
    assert incident.handling_level == HandlingLevel.PROVINCE
    assert in_queue(people["jabar"], incident) and not in_queue(people["bandung"], incident)
    transition(people["jabar"], incident, Status.ESCALATED, "Lintas provinsi")
    incident.refresh_from_db()
    assert incident.handling_level == HandlingLevel.NATIONAL and in_queue(people["analyst"], incident)
    transition(people["analyst"], incident, Status.HANDLED, "Dikoordinasikan dengan Polri")
    transition(people["analyst"], incident, Status.CLOSED)
    steps = list(incident.transitions.values_list("from_status", "to_status", "actor__username"))
    assert steps == [
        ("", "draft", "monitor"), ("draft", "submitted", "monitor"), ("submitted", "verified", "bandung"),
        ("verified", "escalated", "bandung"), ("escalated", "escalated", "jabar"),
        ("escalated", "handled", "analyst"), ("handled", "closed", "analyst"),
    ]  # fmt: skip
    actions = list(
        AuditEvent.objects.filter(object_id=str(incident.pk)).order_by("seq").values_list("action", flat=True)
    )
    assert actions == ["incident.create", "incident.submit", "incident.verify", "incident.escalate",
                       "incident.escalate", "incident.handle", "incident.close"]  # fmt: skip


def _at(incident: Incident, status: str, level: str = HandlingLevel.KABKOTA) -> Incident:
    Incident.objects.filter(pk=incident.pk).update(status=status, handling_level=level)
    incident.refresh_from_db()
    return incident


MATRIX = [
    # (status, level, to, allowed)
    # A draft is its office's alone (issue 15): the province and the national desk neither see nor submit it.
    (Status.DRAFT, HandlingLevel.KABKOTA, Status.SUBMITTED, {"monitor", "bandung"}),
    (Status.SUBMITTED, HandlingLevel.KABKOTA, Status.VERIFIED, {"bandung", "jabar", "nadmin"}),
    (Status.SUBMITTED, HandlingLevel.KABKOTA, Status.REJECTED, {"bandung", "jabar", "nadmin"}),
    (Status.SUBMITTED, HandlingLevel.NATIONAL, Status.VERIFIED, {"bandung", "jabar", "nadmin", "analyst"}),
    (Status.VERIFIED, HandlingLevel.KABKOTA, Status.ESCALATED, {"bandung", "jabar"}),
    (Status.ESCALATED, HandlingLevel.PROVINCE, Status.ESCALATED, {"jabar"}),
    (Status.ESCALATED, HandlingLevel.NATIONAL, Status.ESCALATED, set()),
    (Status.VERIFIED, HandlingLevel.KABKOTA, Status.HANDLED, {"bandung", "jabar", "nadmin"}),
    (Status.ESCALATED, HandlingLevel.PROVINCE, Status.HANDLED, {"jabar", "nadmin"}),
    (Status.ESCALATED, HandlingLevel.NATIONAL, Status.HANDLED, {"nadmin", "analyst"}),
    (Status.HANDLED, HandlingLevel.NATIONAL, Status.CLOSED, {"nadmin", "analyst"}),
    (Status.REJECTED, HandlingLevel.KABKOTA, Status.SUBMITTED, {"bandung", "jabar", "nadmin"}),
    (Status.CLOSED, HandlingLevel.KABKOTA, Status.VERIFIED, set()),
]


@pytest.mark.parametrize(("status", "level", "to", "allowed"), MATRIX)
def test_transition_matrix(make_incident: Callable[..., Any], people: dict, status: str, level: str, to: str,
                           allowed: set[str]) -> None:  # fmt: skip
    incident = _at(make_incident(by="monitor", submit=False), status, level)
    rule = workflow.rule_for(status, to)
    granted = {name for name in EVERYONE if rule is not None and workflow.allowed(people[name], incident, rule)}
    assert granted == allowed


def test_forbidden_transition_names_the_field_and_writes_nothing(make_incident: Callable[..., Any],
                                                                 people: dict) -> None:  # fmt: skip
    incident = make_incident()
    before = AuditEvent.objects.count()
    for name in ("viewer", "monitor", "kabbandung", "analyst"):
        with pytest.raises(Denied) as caught:
            transition(people[name], incident, Status.VERIFIED)
        assert "to" in caught.value.errors
    with pytest.raises(Invalid) as caught:
        transition(people["bandung"], incident, Status.CLOSED)
    assert "to" in caught.value.errors
    with pytest.raises(Invalid) as caught:
        transition(people["bandung"], incident, Status.REJECTED)
    assert "comment" in caught.value.errors
    incident.refresh_from_db()
    assert incident.status == Status.SUBMITTED and AuditEvent.objects.count() == before
    assert incident.transitions.count() == 1


def test_verify_needs_a_kabkota(make_incident: Callable[..., Any], people: dict) -> None:
    incident = make_incident(by="nadmin", region=None)
    second = get_user_model().objects.create_user(username="nadmin2", password=None, role=Role.NATIONAL_ADMIN)
    with pytest.raises(Invalid) as caught:  # another admin: the reporter does not verify its own (four-eyes)
        transition(second, incident, Status.VERIFIED)
    assert "region" in caught.value.errors


def test_duplicate_merges_sources_into_the_original(make_incident: Callable[..., Any], people: dict) -> None:
    original = make_incident()
    copy = make_incident(by="monitor", sources=[{"kind": "media", "url": "https://detik.com/a", "reliability": "C"}])
    with pytest.raises(Invalid) as caught:
        transition(people["bandung"], copy, Status.DUPLICATE)
    assert "duplicate_of" in caught.value.errors
    transition(people["bandung"], copy, Status.DUPLICATE, duplicate_of=original.pk)
    original.refresh_from_db()
    copy.refresh_from_db()
    assert copy.duplicate_of_id == original.pk and copy.status == Status.DUPLICATE
    assert original.corroboration == 2
    assert IncidentSource.objects.filter(incident=original, merged_from=copy).count() == 1


def test_restricted_escalation_reaches_the_province(make_incident: Callable[..., Any], people: dict) -> None:
    incident = make_incident(by="monitor", sensitivity="restricted")  # the office verifies its monitor's report
    rule = workflow.rule_for(Status.SUBMITTED, Status.VERIFIED)
    assert rule is not None and not workflow.allowed(people["jabar"], incident, rule)  # not the owning office
    transition(people["bandung"], incident, Status.VERIFIED)
    transition(people["bandung"], incident, Status.ESCALATED, "Butuh provinsi")
    incident.refresh_from_db()
    assert in_queue(people["jabar"], incident)
    transition(people["jabar"], incident, Status.HANDLED, "Rapat Forkopimda")


def test_queue_is_per_office(make_incident: Callable[..., Any], people: dict) -> None:
    incident = make_incident()
    assert in_queue(people["bandung"], incident)
    for name in ("kabbandung", "dki", "viewer", "monitor2", "analyst"):
        assert not in_queue(people[name], incident), name
