"""POST /api/v1/intake/webhook/{channel}, accepted messages: one submitted public report each, placed from a
code, a region field, a shared location or a place name, or left for triage; typed and dated."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.incidents.intake.webhook_support import SLUG, counts, message, post
from waspada.core.audit.models import AuditEvent
from waspada.incidents import crypto
from waspada.incidents.intake import gateway_channels
from waspada.incidents.intake.gateway_report import codes_in, title_of
from waspada.incidents.models import DeliveryStatus, Incident, WebhookDelivery


@pytest.fixture
def secret(reference: None) -> str:
    return gateway_channels.add_channel(SLUG, "SMS gateway Jawa Barat").secret


def accepted(secret: str, **overrides: Any) -> Incident:
    response = post(secret, message(**overrides))
    assert response.status_code == 201, response.content
    assert Incident.objects.count() == 1 and WebhookDelivery.objects.count() == 1
    return Incident.objects.select_related("event_type").get(pk=response.json()["incident"])


def test_a_message_becomes_one_submitted_public_report(secret: str) -> None:
    before = counts()
    response = post(secret, message(sent_at="2024-02-13T23:30:00Z"))  # 06:30 WIB on voting day
    assert response.status_code == 201, response.content
    delivery = WebhookDelivery.objects.get()
    incident = Incident.objects.get()
    assert response.json() == {"delivery": delivery.pk, "id": "gw-0001", "status": "processed",
                                "incident": incident.pk, "replayed": False}  # fmt: skip
    assert delivery.status == DeliveryStatus.PROCESSED and delivery.incident_id == incident.pk
    assert delivery.attempts == 1 and delivery.error == ""
    assert incident.status == "submitted" and incident.sensitivity == "inter_agency" and incident.created_by is None
    assert incident.kabkota_code == "32.73" and incident.province_code == "32" and incident.owner_code == "32.73"
    assert incident.occurred_on == dt.date(2024, 2, 14) and incident.time_precision == "day"
    assert incident.narrative == message()["text"]
    assert incident.title == "Bentrok pendukung paslon di TPS 12 wilayah 32.73, dua orang…"
    assert incident.location_note == "Region from the code 32.73 in the message."
    assert "pemungutan_suara" in set(incident.stage_links.values_list("tag_id", flat=True))
    source = incident.sources.get()
    assert (source.kind, source.reliability, source.anonymous) == ("public_report", "F", False)
    assert crypto.decrypt(source.informant_contact_enc) == "+6281299990000" and source.informant_name_enc == ""
    assert incident.transitions.get().comment == f"Received through gateway channel {SLUG}."
    assert counts() == {key: value + 1 for key, value in before.items()}  # one incident, delivery, source, event
    event = AuditEvent.objects.get(action="incident.create")
    assert event.actor_id is None and event.actor_name == "system"
    assert event.after["intake_channel"] == SLUG and event.after["intake_delivery"] == "gw-0001"


def test_the_election_type_and_severity_come_from_the_analysis(secret: str) -> None:
    incident = accepted(secret)
    assert incident.event_type_id == "violence_clash" and incident.severity == 3


def test_an_unclassified_message_gets_the_catch_all_type_at_low_severity(secret: str) -> None:
    incident = accepted(secret, text="Tolong dicek, ada keramaian di 32.73 sejak sore.")
    assert incident.event_type_id == "other_election" and incident.event_subtype.code == "unclassified"
    assert incident.severity == 1


def test_a_kecamatan_code_places_kabkota_and_kecamatan(secret: str) -> None:
    incident = accepted(secret, text="Baliho paslon dirusak di 32.73.02 tadi malam")
    assert (incident.kabkota_code, incident.kecamatan_id, incident.place_code) == ("32.73", "32.73.02", "32.73.02")


def test_two_kecamatan_codes_of_one_kabkota_place_the_kabkota_only(secret: str) -> None:
    incident = accepted(secret, text="Massa bergerak dari 32.73.01 ke 32.73.02")
    assert (incident.kabkota_code, incident.kecamatan_id) == ("32.73", None)
    assert incident.location_note == "Region from the code 32.73 in the message."


def test_the_region_field_wins(secret: str) -> None:
    incident = accepted(secret, text="Ada politik uang jelang pencoblosan", region="32.04")
    assert incident.kabkota_code == "32.04"
    assert incident.location_note == "Region from the gateway's region field 32.04."


def test_a_place_name_with_its_level_word_places_it(secret: str) -> None:
    incident = accepted(secret, text="Ada bentrok massa pendukung paslon di Kabupaten Bandung siang ini")
    assert incident.kabkota_code == "32.04" and incident.handling_level == "kabkota"
    assert incident.location_note.startswith("Region from the place name Kabupaten Bandung in the message")


def test_a_shared_location_places_it_by_its_point(secret: str) -> None:
    incident = accepted(secret, text="Ada keributan di sini", lat=-6.96, lng=107.52)  # inside Sukasari
    assert incident.kabkota_code == "32.73" and incident.placed_from_point and incident.kecamatan_id == "32.73.01"
    assert (incident.lat, incident.lng) == (-6.96, 107.52)


def test_a_bare_name_shared_by_a_kota_and_a_kabupaten_is_left_for_triage(secret: str) -> None:
    incident = accepted(secret, text="Ada bentrok massa di Bandung")
    assert incident.region_id is None and incident.kabkota_code == "" and incident.handling_level == "national"
    assert "may mean more than one kab/kota" in incident.location_note


def test_a_message_without_any_place_is_left_for_triage(secret: str) -> None:
    incident = accepted(secret, text="Ada amplop dibagikan ke warga jelang pencoblosan pilkada", sent_at=1707870600)
    assert incident.region_id is None and incident.handling_level == "national"
    assert incident.location_note == "No kab/kota found in the message: place it during triage."
    assert incident.occurred_on == dt.date(2024, 2, 14)  # 2024-02-13 17:30 UTC is 00:30 WIB


def test_a_point_outside_every_boundary_leaves_it_unplaced_but_created(secret: str) -> None:
    incident = accepted(secret, text="Ada keributan", lat=-2.0, lng=120.0)  # Sulawesi: no boundary in the dataset
    assert incident.region_id is None and incident.lat is None
    assert incident.location_note.startswith("The location in the message could not be used (lat:")


def test_codes_in_text_skip_clock_times_and_dates() -> None:
    assert codes_in("kode 32.73.01, lapor jam 14.05, pukul 13.15 dan 12.30 WIB, tgl 14.02.2024") == ["32.73.01"]
    assert codes_in("wilayah 32.73 dan 32.04.05.2001") == ["32.73", "32.04.05.2001"]


def test_codes_in_two_kabkota_place_nothing(secret: str) -> None:
    incident = accepted(secret, text="Bentrok di perbatasan 32.73 dan 32.04")
    assert incident.region_id is None and "several kab/kota (32.04, 32.73)" in incident.location_note


def test_no_sender_means_an_anonymous_source(secret: str) -> None:
    incident = accepted(secret, **{"from": None})
    source = incident.sources.get()
    assert source.anonymous and source.informant_contact_enc == "" and not source.has_informant


def test_title_is_the_first_words() -> None:
    assert title_of("  Bentrok   di TPS ") == "Bentrok di TPS"
    assert title_of("x" * 100) == "x" * 80 + "…"
