"""Issue 15: a gateway message whose `region` field names a region that does not exist is still accepted (the
report must not be lost) but flagged for review with the reason, and the national desk sees it in its queue."""

from __future__ import annotations

from typing import Any

import pytest

from tests.incidents.intake.webhook_support import SLUG, message, post
from waspada.core.audit.models import AuditEvent
from waspada.incidents.intake import gateway_channels
from waspada.incidents.models import DeliveryStatus, Incident, WebhookDelivery

pytestmark = pytest.mark.django_db

NO_PLACE = "Ada politik uang jelang pencoblosan, warga diberi amplop."


@pytest.fixture
def secret(reference: None) -> str:
    return gateway_channels.add_channel(SLUG, "SMS gateway Jawa Barat").secret


def _accepted(secret: str, **overrides: Any) -> Incident:
    response = post(secret, message(**overrides))
    assert response.status_code == 201, response.content
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PROCESSED
    return Incident.objects.get(pk=response.json()["incident"])


def test_unknown_region_is_stored_and_flagged_with_the_reason(secret: str, client_for: Any) -> None:
    incident = _accepted(secret, text=NO_PLACE, region="99.99")
    assert incident.status == "submitted" and incident.region_id is None  # kept, unplaced, for the national desk
    assert incident.needs_review
    assert incident.review_reason == "wilayah '99.99' tidak dikenal"  # the product's language, whatever the gateway's
    event = AuditEvent.objects.get(action="incident.create")
    assert event.after["review_reason"] == incident.review_reason
    page = client_for("analyst").get("/incidents/queue/").content.decode()
    assert f"#{incident.pk}" in page and "wilayah &#x27;99.99&#x27; tidak dikenal" in page


def test_flag_stays_when_the_text_places_the_report(secret: str, client_for: Any) -> None:
    """The text's code still places it in its kab/kota, but the gateway's wrong field is for a person to see."""
    incident = _accepted(secret, region="32.99")  # the default text names 32.73
    assert incident.kabkota_code == "32.73"
    assert incident.needs_review and "32.99" in incident.review_reason
    assert f"#{incident.pk}" in client_for("nadmin").get("/incidents/queue/").content.decode()


def test_a_known_region_is_not_flagged(secret: str) -> None:
    incident = _accepted(secret, text=NO_PLACE, region="32.04")
    assert incident.kabkota_code == "32.04" and not incident.needs_review and incident.review_reason == ""


def test_an_unknown_village_code_inside_a_known_kabkota_is_flagged(secret: str) -> None:
    incident = _accepted(secret, text=NO_PLACE, region="32.73.99.9999")
    assert incident.needs_review and incident.review_reason == "wilayah '32.73.99.9999' tidak dikenal"
