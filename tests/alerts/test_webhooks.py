"""Outbound webhooks: matching subscriptions, the signature a receiver checks, retries with back-off, no loss,
two workers never sending one delivery twice, and the API in scope."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

import pytest
from django.utils import timezone

from tests.alerts.receiver import receiver
from tests.personas import client_for
from waspada.alerts import services, webhooks
from waspada.alerts.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from waspada.core.audit.models import AuditEvent


def _subscribe(user: Any, url: str, **extra: Any) -> services.Created:
    return services.create_subscription(user, name="Gateway WA", url=url, **extra)


def test_publish_reaches_only_subscriptions_that_want_the_event(national_admin: Any, province_officer: Any,
                                                                kabkota_officer: Any) -> None:  # fmt: skip
    national = _subscribe(national_admin, "http://127.0.0.1:9/a").subscription
    province = _subscribe(province_officer, "http://127.0.0.1:9/b", levels=["siaga", "awas"]).subscription
    kabkota = _subscribe(kabkota_officer, "http://127.0.0.1:9/c", kinds=["alert.raised"]).subscription
    assert (province.scope_code, kabkota.scope_code) == ("32", "32.73")  # defaults to the owner's own area

    assert webhooks.publish("alert.raised", {"n": 1}, region_code="32.73", level="siaga") == 3
    assert webhooks.publish("alert.raised", {"n": 2}, region_code="32.73", level="waspada") == 2  # not province
    assert webhooks.publish("alert.escalated", {"n": 3}, region_code="32.04", level="awas") == 2  # not kab/kota
    assert webhooks.publish("alert.raised", {"n": 4}, region_code="35.78", level="awas") == 1  # national only
    services.disable_subscription(national_admin, national)
    assert webhooks.publish("alert.raised", {"n": 5}, region_code="35.78", level="awas") == 0
    by_sub = {sub: WebhookDelivery.objects.filter(subscription=sub).count() for sub in (national, province, kabkota)}
    assert by_sub == {national: 4, province: 2, kabkota: 2}


def test_a_delivery_is_signed_as_the_intake_checks_and_names_itself(national_admin: Any) -> None:
    with receiver() as hook:
        created = _subscribe(national_admin, hook.url)
        webhooks.publish("alert.raised", {"alert": 7, "teks": "Kerusuhan"}, region_code="32.73", level="awas")
        assert webhooks.deliver_due() == "delivered 1, retrying 0, given up 0"
    (got,) = hook.received
    stamp, sent = got.headers["X-Waspada-Timestamp"], got.headers["X-Waspada-Signature"]
    expected = hmac.new(created.secret.encode(), stamp.encode() + b"." + got.body, hashlib.sha256).hexdigest()
    assert sent == "sha256=" + expected
    body = json.loads(got.body)
    delivery = WebhookDelivery.objects.get()
    assert got.headers["X-Waspada-Delivery"] == body["id"] == str(delivery.id)
    assert got.headers["X-Waspada-Event"] == body["kind"] == "alert.raised"
    assert (body["region"], body["level"], body["data"]) == ("32.73", "awas", {"alert": 7, "teks": "Kerusuhan"})
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 1, 200)
    assert created.secret not in WebhookSubscription.objects.get().secret_enc  # stored encrypted only


def test_a_failing_receiver_is_retried_with_back_off_and_nothing_is_lost(national_admin: Any) -> None:
    with receiver(status=503) as hook:
        _subscribe(national_admin, hook.url)
        webhooks.publish("alert.raised", {"n": 1}, region_code="32.73", level="awas")
        start = timezone.now()
        assert webhooks.deliver_due(start) == "delivered 0, retrying 1, given up 0"
        delivery = WebhookDelivery.objects.get()
        assert (delivery.attempts, delivery.last_status_code, delivery.status) == (1, 503, DeliveryStatus.PENDING)
        assert delivery.next_attempt_at == start + dt.timedelta(minutes=1)
        assert webhooks.deliver_due(start + dt.timedelta(seconds=30)) == "delivered 0, retrying 0, given up 0"
        webhooks.deliver_due(start + dt.timedelta(minutes=1))
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == start + dt.timedelta(minutes=1) + dt.timedelta(minutes=5)
        hook.status = 200  # the receiver comes back
        webhooks.deliver_due(start + dt.timedelta(minutes=6))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)
    assert len(hook.received) == 3
    assert len({r.headers["X-Waspada-Delivery"] for r in hook.received}) == 1  # one id: receivers drop repeats


def test_an_unreachable_receiver_is_given_up_after_the_last_attempt_and_kept(national_admin: Any) -> None:
    _subscribe(national_admin, "http://127.0.0.1:9/nobody-listens")
    webhooks.publish("alert.raised", {"n": 1}, region_code="32.73", level="awas")
    when = timezone.now()
    for pause in [dt.timedelta(0), *webhooks.BACKOFF]:
        when += pause
        webhooks.deliver_due(when)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.GAVE_UP, webhooks.MAX_ATTEMPTS)
    assert delivery.last_status_code is None and delivery.last_error


def test_a_redirect_is_not_followed(national_admin: Any) -> None:
    with receiver(status=307) as hook:
        _subscribe(national_admin, hook.url)
        webhooks.publish("alert.raised", {}, region_code="32.73")
        webhooks.deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.PENDING, 307)


def test_a_claimed_delivery_is_not_taken_by_a_second_worker(national_admin: Any) -> None:
    _subscribe(national_admin, "http://127.0.0.1:9/x")
    webhooks.publish("alert.raised", {}, region_code="32.73")
    now = timezone.now()
    first = webhooks._claim(now, 10)
    assert len(first) == 1
    assert webhooks._claim(now, 10) == []  # held by the first worker's lease
    assert len(webhooks._claim(now + webhooks.LEASE + dt.timedelta(seconds=1), 10)) == 1  # a crashed worker's


@pytest.mark.parametrize(("field", "values"), [
    ("url", {"url": "ftp://127.0.0.1/x"}),
    ("url", {"url": "https://user:pw@example.go.id/hook"}),
    ("scope_code", {"scope_code": "35"}),
    ("levels", {"levels": ["normal"]}),
    ("kinds", {"kinds": ["alert.unknown"]}),
])  # fmt: skip
def test_bad_subscriptions_are_refused_by_field_and_nothing_is_written(
    province_officer: Any, field: str, values: dict[str, Any]
) -> None:
    from waspada.core.errors import DomainError

    arguments = {"url": "https://gateway.example.go.id/hook", **values}
    with pytest.raises(DomainError) as caught:
        services.create_subscription(province_officer, name="x", **arguments)
    assert list(caught.value.errors) == [field]
    assert not WebhookSubscription.objects.exists()


def test_api_creates_lists_in_scope_tests_and_disables(province_officer: Any, kabkota_officer: Any) -> None:
    client = client_for(province_officer)
    answer = client.post("/api/v1/webhooks", json.dumps({"name": "Telegram Kesbangpol", "url": "https://t.example/h",
                                                         "levels": ["awas"]}), content_type="application/json")  # fmt: skip
    assert answer.status_code == 201, answer.content
    created = answer.json()
    sub_id = created["subscription"]["id"]
    assert len(created["secret"]) >= 32 and created["subscription"]["scope_code"] == "32"
    assert AuditEvent.objects.filter(action="alerts.webhook_created").count() == 1
    assert "secret" not in client.get("/api/v1/webhooks").json()[0]
    # A kab/kota office does not see its province's receiver.
    assert client_for(kabkota_officer).get(f"/api/v1/webhooks/{sub_id}/deliveries").status_code == 404
    assert client.post(f"/api/v1/webhooks/{sub_id}/test").json() == {"queued": 1}
    page = client.get(f"/api/v1/webhooks/{sub_id}/deliveries").json()
    assert [item["kind"] for item in page["results"]] == ["test.ping"]
    assert client.post(f"/api/v1/webhooks/{sub_id}/disable").json()["is_active"] is False
    assert client.post(f"/api/v1/webhooks/{sub_id}/test").status_code == 422
    refused = client.post("/api/v1/webhooks", json.dumps({"name": "x", "url": "https://t.example/h",
                                                          "scope_code": "35"}), content_type="application/json")  # fmt: skip
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "scope_code"
