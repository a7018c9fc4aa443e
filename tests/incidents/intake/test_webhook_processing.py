"""Never lose an accepted message: a failed processing keeps the delivery (failed, error, attempts) and
`waspada intake process` completes it exactly once; the sender's number is never stored or shown in clear."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from tests.incidents.intake.webhook_support import SLUG, message, post
from waspada.core.audit.models import AuditEvent
from waspada.elections.services import import_elections
from waspada.incidents import refcache
from waspada.incidents.actions import stages
from waspada.incidents.intake import gateway_channels, gateway_report, webhook
from waspada.incidents.models import DeliveryStatus, Incident, WebhookDelivery
from waspada.incidents.taxonomy import import_taxonomy

PHONE = "+6281299990000"


def run_process() -> dict[str, Any]:
    out = io.StringIO()
    call_command("intake", "process", "--json", stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_a_failure_keeps_the_delivery_and_process_completes_it_exactly_once(small_regions: Any) -> None:
    import_elections(Path(settings.DOMAIN_DIR))  # the calendar, but no taxonomy yet: the event type is unknown
    stages.forget_calendar()
    refcache.clear()
    secret = gateway_channels.add_channel(SLUG, "SMS gateway Jawa Barat").secret
    response = post(secret, message())
    assert response.status_code == 202, response.content
    delivery = WebhookDelivery.objects.get()
    assert response.json() == {"delivery": delivery.pk, "id": "gw-0001", "status": "failed", "incident": None,
                               "replayed": False}  # fmt: skip
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    assert delivery.error == "Invalid: event_type: Unknown event type other_election." and Incident.objects.count() == 0
    import_taxonomy(Path(settings.DOMAIN_DIR))
    assert run_process() == {"pending": 1, "processed": 1, "failed": 0}
    delivery.refresh_from_db()
    incident = Incident.objects.get()
    assert (delivery.status, delivery.incident_id, delivery.attempts, delivery.error) == ("processed", incident.pk,
                                                                                          2, "")  # fmt: skip
    assert run_process() == {"pending": 0, "processed": 0, "failed": 0}
    assert Incident.objects.count() == 1
    batch = AuditEvent.objects.get(action="intake.process")
    assert batch.batch["counts"] == {"pending": 1, "processed": 1, "failed": 0} and batch.actor_id is None
    repeat = post(secret, message())  # the gateway retries: the stored result, now with its incident
    assert repeat.status_code == 200 and repeat.json()["incident"] == incident.pk


def test_process_exits_1_while_deliveries_still_fail_and_counts_attempts(reference: None, monkeypatch: Any) -> None:
    secret = gateway_channels.add_channel(SLUG, "SMS gateway Jawa Barat").secret

    def broken(text: str) -> Any:
        raise RuntimeError("gazetteer unavailable")

    monkeypatch.setattr(gateway_report, "analyse", broken)
    assert post(secret, message()).status_code == 202
    with pytest.raises(CommandError) as failure:
        call_command("intake", "process", stdout=io.StringIO())
    assert failure.value.returncode == 1 and "1 deliveries still failed" in str(failure.value)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.error) == ("failed", 2, "RuntimeError: gazetteer unavailable")
    monkeypatch.undo()
    assert run_process() == {"pending": 1, "processed": 1, "failed": 0}
    delivery.refresh_from_db()
    assert delivery.status == "processed" and delivery.attempts == 3 and Incident.objects.count() == 1


def test_a_stale_copy_of_a_processed_delivery_makes_no_second_incident(reference: None, monkeypatch: Any) -> None:
    """A request and `intake process` racing over one delivery: the lock and the status re-read decide."""
    secret = gateway_channels.add_channel(SLUG, "SMS gateway Jawa Barat").secret
    monkeypatch.setattr(gateway_report, "analyse", lambda text: 1 / 0)
    assert post(secret, message()).status_code == 202
    monkeypatch.undo()
    first, stale = WebhookDelivery.objects.get(), WebhookDelivery.objects.get()
    assert webhook.process(first).status == "processed"
    assert stale.status == "failed" and webhook.process(stale).status == "processed"
    assert Incident.objects.count() == 1 and WebhookDelivery.objects.get().attempts == 2
    assert webhook.process_pending([first.pk]) == {"pending": 1, "processed": 1, "failed": 0}  # admin's retry
    assert Incident.objects.count() == 1


def _raw_database_text() -> str:
    """Every row of every table as text: what someone with a copy of the database file could read."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected names
            chunks += [repr(row) for row in cursor.fetchall()]
    return "\n".join(chunks)


def test_the_sender_number_is_never_in_clear_in_the_database_or_for_a_viewer(
    client_for: Any, people: dict[str, Any]
) -> None:
    secret = gateway_channels.add_channel(SLUG, "SMS gateway Jawa Barat").secret
    response = post(secret, message(**{"from": PHONE}))
    assert response.status_code == 201
    incident_id = response.json()["incident"]
    stored = _raw_database_text()
    assert "81299990000" not in stored and secret not in stored
    assert "Bentrok pendukung paslon" in stored  # the scan does read the rows
    viewer: Client = client_for("viewer")
    for url in (f"/api/v1/incidents/{incident_id}", "/api/v1/incidents"):
        answer = viewer.get(url)
        assert answer.status_code == 200 and "81299990000" not in answer.content.decode()
    assert viewer.get(f"/api/v1/incidents/{incident_id}/informants").status_code == 403
    assert viewer.get(f"/incidents/{incident_id}/").status_code == 200
    assert "81299990000" not in viewer.get(f"/incidents/{incident_id}/").content.decode()
    owner = client_for("bandung").get(f"/api/v1/incidents/{incident_id}/informants")  # the owning office, audited
    assert owner.status_code == 200 and owner.json()[0]["informant_contact"] == PHONE


def test_housekeeping_retries_failed_deliveries_with_backoff(reference: None, monkeypatch: Any) -> None:
    secret = gateway_channels.add_channel(SLUG, "SMS gateway Jawa Barat").secret
    monkeypatch.setattr(gateway_report, "analyse", lambda text: (_ for _ in ()).throw(RuntimeError("down")))
    assert post(secret, message()).status_code == 202
    delivery = WebhookDelivery.objects.get()
    first = delivery.last_attempt_at
    assert delivery.attempts == 1 and first is not None
    assert webhook.due_for_retry() == []  # one attempt: due two minutes after it
    assert webhook.due_for_retry(first + dt.timedelta(minutes=2)) == [delivery.pk]

    def last_attempt_minutes_ago(minutes: float, **fields: Any) -> None:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            last_attempt_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes), **fields)  # fmt: skip

    last_attempt_minutes_ago(3)
    assert webhook.retry_due() == 0  # still failing: one more attempt counted, and timed
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.last_attempt_at > first
    assert webhook.due_for_retry() == []  # now four minutes after this attempt, not after the receipt
    last_attempt_minutes_ago(3, received_at=first - dt.timedelta(days=1))
    assert webhook.due_for_retry() == []  # an old delivery still waits for its backoff
    last_attempt_minutes_ago(24 * 60, attempts=webhook.RETRY_LIMIT)
    assert webhook.due_for_retry() == []  # given up: `waspada intake process` or the admin retries it
    last_attempt_minutes_ago(9, attempts=3)
    monkeypatch.undo()
    assert webhook.retry_due() == 1
    delivery.refresh_from_db()
    assert delivery.status == "processed" and Incident.objects.count() == 1 and delivery.attempts == 4
    assert webhook.retry_due() == 0  # processed deliveries are never retried
