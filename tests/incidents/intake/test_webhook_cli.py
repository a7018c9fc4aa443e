"""`waspada intake` channel commands: the secret printed once and stored encrypted, rotation, disabling,
exit codes; the admin never shows a secret or a payload."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.incidents.intake.webhook_support import SLUG, message, post
from tests.personas import client_for
from waspada.core.audit.models import AuditEvent
from waspada.incidents import crypto
from waspada.incidents.models import IntakeChannel, WebhookDelivery


def intake(*args: str) -> str:
    out = io.StringIO()
    call_command("intake", *args, stdout=out)
    return out.getvalue()


def add(slug: str = SLUG) -> str:
    return str(json.loads(intake("channel-add", slug, "--name", "SMS gateway Jawa Barat", "--json"))["secret"])


def test_channel_add_prints_the_secret_once_and_stores_it_encrypted(reference: None) -> None:
    text = intake("channel-add", SLUG, "--name", "SMS gateway Jawa Barat")
    channel = IntakeChannel.objects.get()
    secret = crypto.decrypt(channel.secret_enc)
    assert len(secret) >= 40 and secret in text and f"/api/v1/intake/webhook/{SLUG}" in text
    assert secret not in channel.secret_enc
    listing = intake("channels") + intake("channels", "--json")
    assert SLUG in listing and secret not in listing
    assert json.loads(intake("channels", "--json"))[0] == {
        "slug": SLUG, "name": "SMS gateway Jawa Barat", "active": True, "created_at": channel.created_at.isoformat(),
        "deliveries": {"accepted": 0, "processed": 0, "failed": 0}, "last_received": None,
    }  # fmt: skip
    events = AuditEvent.objects.filter(action="intake.channel_add")
    assert events.count() == 1 and secret not in json.dumps([events[0].before, events[0].after])
    assert post(secret, message()).status_code == 201


def test_rotation_retires_the_old_secret_at_once(reference: None) -> None:
    old = add()
    assert post(old, message(id="1")).status_code == 201
    new = json.loads(intake("channel-rotate", SLUG, "--json"))["secret"]
    assert new != old
    assert post(old, message(id="2")).status_code == 401
    assert post(new, message(id="2")).status_code == 201
    assert AuditEvent.objects.filter(action="intake.channel_rotate").count() == 1


def test_disable_and_enable(reference: None) -> None:
    secret = add()
    assert json.loads(intake("channel-disable", SLUG, "--json")) == {"slug": SLUG, "active": False}
    assert post(secret, message()).status_code == 404
    assert WebhookDelivery.objects.count() == 0
    intake("channel-enable", SLUG)
    assert post(secret, message()).status_code == 201


@pytest.mark.parametrize(
    "args",
    [
        ("channel-add", "Bad Slug", "--name", "x"),
        ("channel-add", "ok", "--name", " "),
        ("channel-rotate", "nope"),
        ("channel-disable", "nope"),
    ],
)
def test_bad_slugs_and_unknown_channels_exit_2(reference: None, args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError) as failure:
        intake(*args)
    assert failure.value.returncode == 2


def test_adding_an_existing_channel_exits_2_and_keeps_its_secret(reference: None) -> None:
    secret = add()
    with pytest.raises(CommandError) as failure:
        add()
    assert failure.value.returncode == 2 and "sudah ada" in str(failure.value)  # the CLI speaks the default language
    assert crypto.decrypt(IntakeChannel.objects.get().secret_enc) == secret


def test_bad_usage_on_the_command_line_exits_2() -> None:
    completed = subprocess.run([sys.executable, "-m", "waspada.cli", "intake", "channel-add", "sms-x"],
                               capture_output=True, text=True, check=False)  # fmt: skip
    assert completed.returncode == 2 and "--name" in completed.stderr


def test_the_admin_shows_neither_secret_nor_payload(reference: None, personas: dict[str, Any]) -> None:
    secret = add()
    assert post(secret, message()).status_code == 201
    admin = client_for(personas["national_admin"])
    channel, delivery = IntakeChannel.objects.get(), WebhookDelivery.objects.get()
    pages = [
        f"/admin/incidents/intakechannel/{channel.pk}/change/", "/admin/incidents/intakechannel/",
        f"/admin/incidents/webhookdelivery/{delivery.pk}/change/", "/admin/incidents/webhookdelivery/",
    ]  # fmt: skip
    for page in pages:
        response = admin.get(page)
        body = response.content.decode()
        assert response.status_code == 200, page
        assert secret not in body and channel.secret_enc not in body and delivery.payload_enc not in body, page
        assert "81299990000" not in body, page
    assert admin.get("/admin/incidents/intakechannel/add/").status_code == 403
    assert admin.get("/admin/incidents/importrun/").status_code == 200
    assert admin.get("/admin/incidents/exportjob/").status_code == 200
    admin.post("/admin/incidents/intakechannel/", {"action": "disable_channels", "_selected_action": [channel.pk]})
    assert not IntakeChannel.objects.get().is_active
    assert AuditEvent.objects.get(action="intake.channel_disable").actor_id == personas["national_admin"].pk
