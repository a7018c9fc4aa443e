"""Users' own alert subscriptions (issue 18, Notifications): the writes (each audited, only the owner's own) and
who among the subscribers hears about an event. A subscription covers a region inside the user's scope (blank:
the whole scope), alerts of at least its level, the event kinds it names, and optionally a daily digest."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.alerts.models import AlertLevel, AlertSubscription
from waspada.core.audit import record
from waspada.core.errors import DomainError
from waspada.core.scope import ScopeLevel, level_of_code, region_in_scope, scope_of
from waspada.regions.models import Region

# The events a user can subscribe to (the alert's life and, optionally, incidents' status in the region).
KINDS = ("alert.raised", "alert.level_changed", "alert.escalated", "alert.closed", "incident.status_changed")
KIND_LABELS = {
    "alert.raised": gettext_lazy("Alert opened"),
    "alert.level_changed": gettext_lazy("Alert level raised"),
    "alert.escalated": gettext_lazy("Alert escalated"),
    "alert.closed": gettext_lazy("Alert closed or lapsed"),
    "incident.status_changed": gettext_lazy("Incident status changed in the region"),
}
DEFAULT_KINDS = ("alert.raised", "alert.level_changed", "alert.escalated")
LEVELS = {"waspada": AlertLevel.WASPADA, "siaga": AlertLevel.SIAGA, "awas": AlertLevel.AWAS}
CHANNELS = ("inbox", "email")
LANGUAGES = ("id", "en")
MAX_PER_USER = 50


@dataclass(frozen=True)
class SubscriptionInput:
    region_code: str = ""
    min_level: int = AlertLevel.WASPADA
    kinds: Sequence[str] = DEFAULT_KINDS
    channels: Sequence[str] = ("inbox",)
    digest: bool = False
    language: str = "id"


@dataclass(frozen=True)
class Match:
    user: Any
    email: bool
    language: str


def _invalid(field: str, message: str) -> DomainError:
    return DomainError({field: message})


def check(user: Any, data: SubscriptionInput) -> None:
    """Refuse (422, naming the field) what the user may not or cannot subscribe to."""
    code = data.region_code
    if code:
        if not region_in_scope(user, code):
            raise _invalid("region", _("Region %(code)s is outside your area.") % {"code": code})
        if level_of_code(code) not in (ScopeLevel.PROVINCE, ScopeLevel.KABKOTA):
            raise _invalid("region", _("Choose a province or a regency/city: alerts are raised per regency/city."))
        if not Region.objects.filter(code=code).exists():
            raise _invalid("region", _("No region with code %(code)s.") % {"code": code})
    elif scope_of(user).role is None:
        raise _invalid("region", _("Your account has no area to subscribe to."))
    if data.min_level not in (AlertLevel.WASPADA, AlertLevel.SIAGA, AlertLevel.AWAS):
        raise _invalid("min_level", _("Choose Waspada, Siaga or Awas."))
    for kind in data.kinds:
        if kind not in KINDS:
            raise _invalid("kinds", _("Unknown event kind “%(value)s”.") % {"value": kind})
    for channel in data.channels:
        if channel not in CHANNELS:
            raise _invalid("channels", _("Unknown channel “%(value)s”.") % {"value": channel})
    if "inbox" not in data.channels:
        raise _invalid("channels", _("The inbox is always a channel (it keeps the record); add e-mail for a copy."))
    if not data.kinds and not data.digest:
        raise _invalid("kinds", _("Choose at least one event or the daily digest."))
    if data.language not in LANGUAGES:
        raise _invalid("language", _("Choose id or en."))


def _fields(data: SubscriptionInput) -> dict[str, Any]:
    return {"region_code": data.region_code, "min_level": int(data.min_level),
            "kinds": [k for k in KINDS if k in set(data.kinds)], "email": "email" in data.channels,
            "digest": bool(data.digest), "language": data.language}  # fmt: skip


def _audit(sub: AlertSubscription) -> dict[str, Any]:
    return {"region": sub.region_code, "min_level": sub.min_level, "kinds": sub.kinds, "email": sub.email,
            "digest": sub.digest}  # fmt: skip


def own(user: Any) -> Any:
    """The user's own subscriptions (nobody reads or changes another's)."""
    return AlertSubscription.objects.filter(user_id=user.pk)


def create(user: Any, data: SubscriptionInput) -> AlertSubscription:
    check(user, data)
    with transaction.atomic():
        if own(user).count() >= MAX_PER_USER:
            raise _invalid("region", _("At most %(n)d subscriptions per account.") % {"n": MAX_PER_USER})
        sub = AlertSubscription.objects.create(user=user, **_fields(data))
        record(user, "alerts.subscription_created", sub, after=_audit(sub))
    return sub


def update(user: Any, sub: AlertSubscription, data: SubscriptionInput) -> AlertSubscription:
    if sub.user_id != user.pk:
        raise DomainError({"id": _("This subscription is not yours.")})
    check(user, data)
    with transaction.atomic():
        before = _audit(sub)
        for name, value in _fields(data).items():
            setattr(sub, name, value)
        sub.updated_at = timezone.now()
        sub.save()
        record(user, "alerts.subscription_changed", sub, before=before, after=_audit(sub))
    return sub


def delete(user: Any, sub: AlertSubscription) -> None:
    if sub.user_id != user.pk:
        raise DomainError({"id": _("This subscription is not yours.")})
    with transaction.atomic():
        record(user, "alerts.subscription_deleted", sub, before=_audit(sub))
        sub.delete()


def covers(sub: AlertSubscription, region_code: str) -> bool:
    """Does the subscription (and its owner's current scope) reach a kab/kota code?"""
    if not region_in_scope(sub.user, region_code):  # a moved or disabled account hears nothing outside its area
        return False
    return not sub.region_code or region_code == sub.region_code or region_code.startswith(sub.region_code + ".")


def matching(kind: str, region_code: str, level: int | None = None,
             exclude: Iterable[Any] = ()) -> dict[Any, Match]:  # fmt: skip
    """Subscribers to tell of an event: user id -> Match, each user once however many of their subscriptions
    match (e-mail when any of them asks for it); users in `exclude` (ids) are left out (they hear of it another
    way, e.g. as the handling office)."""
    skip = set(exclude)
    found: dict[Any, Match] = {}
    province = region_code.split(".")[0]
    rows = (AlertSubscription.objects.filter(user__is_active=True, region_code__in=["", province, region_code])
            .select_related("user"))  # fmt: skip
    for sub in rows:
        if sub.user_id in skip or kind not in sub.kinds:
            continue
        if level is not None and level < sub.min_level:
            continue
        if not covers(sub, region_code):
            continue
        before = found.get(sub.user_id)
        found[sub.user_id] = Match(sub.user, sub.email or bool(before and before.email),
                                   before.language if before else sub.language)  # fmt: skip
    return found


def on_incident_status(sender: Any, incident: Any, from_status: str, to_status: str, actor: Any, told: set[Any],
                       **kwargs: Any) -> None:  # fmt: skip
    """Receiver of incidents' `status_changed` (connected in apps.py): subscribers to `incident.status_changed`
    in the incident's kab/kota who may read it in full, except those already told (reporter, actor); and the
    webhook receivers of that kind covering the region, for a public or inter-agency incident (a restricted one
    never leaves Waspada), with the numbers only: id, region, statuses, date, type, severity."""
    from django.urls import reverse

    from waspada.alerts import webhooks
    from waspada.core.notifications.services import notify
    from waspada.core.scope import Sensitivity
    from waspada.incidents import access
    from waspada.incidents.actions.status_notice import KIND, message

    if not incident.kabkota_code:
        return
    if incident.sensitivity != Sensitivity.RESTRICTED:
        data = {"incident": incident.pk, "region": incident.kabkota_code, "status": to_status,
                "from_status": from_status, "handling_level": incident.handling_level,
                "occurred_on": incident.occurred_on.isoformat(), "event_type": incident.event_type_id,
                "severity": incident.severity}  # fmt: skip
        webhooks.publish(KIND, data, region_code=incident.kabkota_code)
    found = [m for m in matching(KIND, incident.kabkota_code, None, exclude=told).values()
             if access.can_read(m.user, incident)]  # fmt: skip
    by_language: dict[str, list[Match]] = {}
    for match in found:
        by_language.setdefault(match.language, []).append(match)
    for language, matches in sorted(by_language.items()):
        title, body = message(incident, from_status, "", language)  # the officer's comment is for the reporter
        notify([m.user for m in matches], KIND, title, body, link=reverse("incidents:detail", args=[incident.pk]),
               email=[m.user.pk for m in matches if m.email])  # fmt: skip
