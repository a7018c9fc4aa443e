"""POST /api/v1/intake/webhook/{channel}: SMS/WhatsApp gateways deliver public reports here (issue 6).

Gated by `GatewaySignature` (webhook_auth: the channel's HMAC, not a user), the body described in
webhook_message, stored and processed by webhook. Answers:
201 stored and its incident created; 202 stored, the incident will be made on retry (`waspada intake process`);
200 a repeat of a stored delivery (same id, same body), nothing written, `Idempotent-Replayed: true`;
401 unsigned, badly signed or outside the 5-minute clock window; 404 unknown or disabled channel;
409 the id was used for another body; 413 body too large; 400 body nested too deep; 422 body not JSON or a field
wrong (named).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja import Status as Answer
from pydantic import Field

from waspada.core.api.schemas import Out, choice, refusals
from waspada.incidents.intake import webhook, webhook_message
from waspada.incidents.intake.webhook_auth import SIGNATURE_HEADER, TIMESTAMP_HEADER, GatewaySignature, SignedRequest
from waspada.incidents.models import DeliveryStatus

router = Router()


class DeliveryOut(Out):
    delivery: int = Field(description="Our number for the stored delivery.")
    id: str = Field(description="The gateway's message id.")
    status: choice(DeliveryStatus.values)  # type: ignore[valid-type]
    incident: int | None
    replayed: bool

_BODY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "text"],
    "properties": {
        "id": {"type": "string", "maxLength": 200, "description": "The gateway's message id (the delivery id)."},
        "text": {"type": "string", "maxLength": webhook_message.MAX_TEXT, "description": "The message."},
        "from": {"type": "string", "description": "Sender's number; stored encrypted as an informant contact."},
        "sent_at": {"type": ["integer", "string"], "description": "Unix seconds or ISO 8601 with offset."},
        "region": {"type": "string", "description": "A dotted Kemendagri code, e.g. 32.73."},
        "lat": {"type": "number"},
        "lng": {"type": "number"},
    },
}
_DESCRIPTION = (
    f"Sign with the channel secret: `{TIMESTAMP_HEADER}: <Unix seconds>` and `{SIGNATURE_HEADER}: sha256=<hex "
    'HMAC-SHA256 of "<timestamp>.<raw body>">`. The body\'s `id` is the delivery id: a repeat with the same body '
    "answers 200 with the original result, with another body 409."
)


@router.post(
    "/webhook/{channel}",
    auth=GatewaySignature(),  # signed by the channel's secret: the API's one route without api_auth (no user)
    response={200: DeliveryOut, 201: DeliveryOut, 202: DeliveryOut,
              **refusals(400, 401, 404, 409, 413, 422, auth=False)},
    summary="Receive a message from an SMS/WhatsApp gateway (HMAC-signed; creates an unverified public report)",
    description=_DESCRIPTION,
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": _BODY_SCHEMA}}}},
)
def receive(request: HttpRequest, channel: str, response: HttpResponse) -> Answer:
    signed: SignedRequest = request.auth  # type: ignore[attr-defined]
    message = webhook_message.parse(signed.body)  # BadMessage (422) names the field
    receipt = webhook.accept(signed, message)  # Conflict (409) names the id
    if receipt.replayed:
        response["Idempotent-Replayed"] = "true"
        return Answer(200, webhook.answer(receipt.delivery, replayed=True))
    delivery = webhook.process(receipt.delivery)
    return Answer(201 if delivery.status == DeliveryStatus.PROCESSED else 202, webhook.answer(delivery))
