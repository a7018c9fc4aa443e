"""`waspada informants purge --older-than DAYS [--dry-run]`: informant personal data past its retention period
is erased (UU 27/2022, docs/security.md, Retention), audited, with counts; a dry run changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from waspada.core.audit import verify_chain
from waspada.core.audit.models import AuditEvent
from waspada.incidents import crypto
from waspada.incidents.intake import gateway_channels
from waspada.incidents.models import DeliveryStatus, IncidentSource, WebhookDelivery

pytestmark = pytest.mark.django_db


def purge(*args: str) -> str:
    out = io.StringIO()
    call_command("informants", "purge", *args, stdout=out)
    return out.getvalue()


def _age(queryset: Any, field: str, days: int) -> None:
    queryset.update(**{field: timezone.now() - dt.timedelta(days=days)})


@pytest.fixture
def stored(make_incident: Callable[..., Any]) -> dict[str, Any]:
    old, recent = make_incident(), make_incident(title="Laporan baru")
    _age(IncidentSource.objects.filter(incident=old), "created_at", 400)
    channel = gateway_channels.add_channel("sms-jabar", "SMS gateway Jawa Barat").channel

    def delivery(ident: str, status: str, days: int) -> WebhookDelivery:
        payload = {"id": ident, "text": "Ada bentrok di 32.73", "from": "+6281299990000"}
        made = WebhookDelivery.objects.create(
            channel=channel, delivery_id=ident, sent_at=timezone.now(), status=status,
            payload_enc=crypto.encrypt(json.dumps(payload)))  # fmt: skip
        _age(WebhookDelivery.objects.filter(pk=made.pk), "received_at", days)
        return made

    return {
        "old": old, "recent": recent,
        "old_delivery": delivery("gw-old", DeliveryStatus.PROCESSED, 400),
        "waiting_delivery": delivery("gw-waiting", DeliveryStatus.FAILED, 400),  # still needed for its retry
        "new_delivery": delivery("gw-new", DeliveryStatus.PROCESSED, 3),
    }  # fmt: skip


def _payload(delivery: WebhookDelivery) -> dict[str, Any]:
    delivery.refresh_from_db()
    return dict(json.loads(crypto.decrypt(delivery.payload_enc)))


def _purge_events() -> int:
    return AuditEvent.objects.filter(action="incidents.informants.purge").count()


def test_dry_run_counts_and_changes_nothing(stored: dict[str, Any]) -> None:
    before = list(IncidentSource.objects.order_by("pk").values_list("informant_name_enc", "informant_contact_enc"))
    text = purge("--older-than", "365", "--dry-run")
    assert "1" in text and "dry run" in text.lower()
    assert json.loads(purge("--older-than", "365", "--dry-run", "--json")) == {
        "older_than_days": 365, "dry_run": True, "sources": 1, "deliveries": 1}
    after = list(IncidentSource.objects.order_by("pk").values_list("informant_name_enc", "informant_contact_enc"))
    assert after == before and _purge_events() == 0
    assert _payload(stored["old_delivery"])["from"] == "+6281299990000"


def test_purge_erases_old_informants_only_and_is_audited(stored: dict[str, Any]) -> None:
    result = json.loads(purge("--older-than", "365", "--json"))
    assert result == {"older_than_days": 365, "dry_run": False, "sources": 1, "deliveries": 1}
    old = IncidentSource.objects.get(incident=stored["old"])
    assert (old.informant_name_enc, old.informant_contact_enc) == ("", "") and not old.has_informant
    recent = IncidentSource.objects.get(incident=stored["recent"])
    assert crypto.decrypt(recent.informant_name_enc) == "Pak Ujang"
    assert "from" not in _payload(stored["old_delivery"])
    assert _payload(stored["old_delivery"])["text"] == "Ada bentrok di 32.73"  # the report itself stays
    assert _payload(stored["waiting_delivery"])["from"] == "+6281299990000"
    assert _payload(stored["new_delivery"])["from"] == "+6281299990000"
    event = AuditEvent.objects.get(action="incidents.informants.purge")
    assert event.batch["counts"] == {"sources": 1, "deliveries": 1} and verify_chain().ok
    assert "Pak Ujang" not in json.dumps(event.batch) and event.batch["older_than_days"] == 365
    # Nothing left to erase: a second run is a no-op that still says so.
    assert json.loads(purge("--older-than", "365", "--json"))["sources"] == 0


def test_text_output_names_the_counts(stored: dict[str, Any]) -> None:
    text = purge("--older-than", "365", "--no-progress")
    assert "1 source" in text and "1 gateway deliver" in text


@pytest.mark.parametrize("days", ["abc", "0", "-5", "1.5", "100000"])
def test_bad_days_are_refused_with_a_clear_message(stored: dict[str, Any], days: str) -> None:
    with pytest.raises(CommandError, match="older-than"):
        purge("--older-than", days)
    assert IncidentSource.objects.exclude(informant_name_enc="").count() == 2 and _purge_events() == 0


def test_bad_days_exit_2_on_the_command_line() -> None:
    completed = subprocess.run([sys.executable, "-m", "waspada.cli", "informants", "purge", "--older-than", "x"],
                               capture_output=True, text=True, check=False)  # fmt: skip
    assert completed.returncode == 2 and "--older-than" in completed.stderr and "whole number" in completed.stderr
