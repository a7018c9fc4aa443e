"""Four-eyes: nobody verifies their own report, neither from the page nor through the API; another officer
may; an office (or the national default) that switches the rule off allows it; the setting is audited and
only the national admin or the province over an office changes it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.incidents.conftest import transition
from waspada.core.audit.models import AuditEvent
from waspada.incidents import review_rules, workflow
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.models import Incident, Status

API = "/api/v1/incidents"


def test_reporter_does_not_see_verify_on_its_own_report(make_incident: Callable[..., Any],
                                                        client_for: Callable[[str], Client]) -> None:  # fmt: skip
    incident = make_incident(by="bandung")
    own = client_for("bandung").get(f"/incidents/{incident.pk}/").content.decode()
    assert 'name="to" value="verified"' not in own
    assert 'name="to" value="rejected"' in own  # the office may still act otherwise on it
    other = make_incident(by="monitor")
    assert 'name="to" value="verified"' in client_for("bandung").get(f"/incidents/{other.pk}/").content.decode()


def test_reporter_cannot_verify_through_page_or_api(make_incident: Callable[..., Any],
                                                    client_for: Callable[[str], Client]) -> None:  # fmt: skip
    incident = make_incident(by="bandung")
    client = client_for("bandung")
    page = client.post(f"/incidents/{incident.pk}/transition/", {"to": "verified"}, follow=True)
    assert "another officer must verify" in page.content.decode() or "petugas lain" in page.content.decode()
    api = client.post(f"{API}/{incident.pk}/transitions", json.dumps({"to": "verified"}),
                      content_type="application/json")  # fmt: skip
    assert api.status_code == 403
    assert api.json()["errors"][0]["field"] == "to"
    incident.refresh_from_db()
    assert incident.status == Status.SUBMITTED
    assert not AuditEvent.objects.filter(action="incident.verify").exists()


def test_another_officer_verifies(make_incident: Callable[..., Any], client_for: Callable[[str], Client]) -> None:
    incident = make_incident(by="bandung")
    ok = client_for("jabar").post(f"{API}/{incident.pk}/transitions", json.dumps({"to": "verified"}),
                                  content_type="application/json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["status"] == Status.VERIFIED
    monitored = make_incident(by="monitor")
    transition_page = client_for("bandung").post(f"/incidents/{monitored.pk}/transition/", {"to": "verified"})
    assert transition_page.status_code == 302
    assert Incident.objects.get(pk=monitored.pk).status == Status.VERIFIED


@pytest.mark.parametrize("office", ["32.73", "32", ""])
def test_rule_off_allows_own_verification(office: str, make_incident: Callable[..., Any], people: dict[str, Any],
                                          client_for: Callable[[str], Client]) -> None:  # fmt: skip
    incident = make_incident(by="bandung")
    review_rules.set_four_eyes(people["nadmin"], office, False)
    rule = workflow.rule_for(Status.SUBMITTED, Status.VERIFIED)
    assert rule is not None and workflow.allowed(people["bandung"], incident, rule)
    page = client_for("bandung").get(f"/incidents/{incident.pk}/").content.decode()
    assert 'name="to" value="verified"' in page
    transition(people["bandung"], incident, Status.VERIFIED)
    assert Incident.objects.get(pk=incident.pk).status == Status.VERIFIED


def test_nearest_office_decides(people: dict[str, Any]) -> None:
    assert review_rules.four_eyes_for("32.73.01") is True  # nothing set: on
    review_rules.set_four_eyes(people["nadmin"], "", False)
    assert review_rules.four_eyes_for("32.73.01") is False
    review_rules.set_four_eyes(people["nadmin"], "32", True)
    assert review_rules.four_eyes_for("32.73") is True and review_rules.four_eyes_for("31.71") is False
    review_rules.set_four_eyes(people["jabar"], "32.73", False)  # the province over the kab/kota
    assert review_rules.four_eyes_for("32.73.01.1001") is False and review_rules.four_eyes_for("32.04") is True
    assert AuditEvent.objects.filter(action="incident.review_rule").count() == 3


def test_who_may_change_the_rule(people: dict[str, Any]) -> None:
    for name, office in (("bandung", "32.73"), ("jabar", "31"), ("jabar", ""), ("monitor", "32.73")):
        with pytest.raises(Denied):
            review_rules.set_four_eyes(people[name], office, False)
    with pytest.raises(Invalid) as caught:
        review_rules.set_four_eyes(people["nadmin"], "32.73.01", False)  # a kecamatan is not an office
    assert "region_code" in caught.value.errors
    assert review_rules.four_eyes_for("32.73") is True


def test_admin_saves_through_the_audited_service(people: dict[str, Any]) -> None:
    admin = people["nadmin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    response = client.post("/admin/incidents/reviewrule/add/", {"region_code": "32.73"})  # box unticked: off
    assert response.status_code == 302, response.content.decode()[:500]
    assert review_rules.four_eyes_for("32.73.01") is False
    event = AuditEvent.objects.get(action="incident.review_rule")
    assert event.after == {"four_eyes": False}
    refused = client.post("/admin/incidents/reviewrule/add/", {"region_code": "32.73.01", "four_eyes": "on"})
    assert refused.status_code == 200 and "32.73.01" in refused.content.decode()  # the form names the problem
    assert AuditEvent.objects.filter(action="incident.review_rule").count() == 1
