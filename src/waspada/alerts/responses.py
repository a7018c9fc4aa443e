"""The response record: acknowledging an alert, assigning it, its follow-up actions, closing it. Each write is
audited; only the office handling the alert or one above it in scope may respond."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.alerts import routing
from waspada.alerts.models import ActionStatus, Alert, AlertAction, AlertStatus
from waspada.core.audit import record
from waspada.core.errors import DomainError
from waspada.core.scope import OFFICE_ROLES, Role, region_in_scope, scope_of

RESPONDERS = frozenset({*OFFICE_ROLES, Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST})


class Refused(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


def _check(user: Any, alert: Alert) -> None:
    if scope_of(user).role not in RESPONDERS or not region_in_scope(user, alert.kabkota_code):
        raise Refused({"alert": _("You cannot respond to this alert.")})
    if not alert.is_live:
        raise Conflict({"alert": _("This alert is closed.")})


def acknowledge(user: Any, alert: Alert, *, assign_to: Any = None) -> Alert:
    _check(user, alert)
    if assign_to is not None and not region_in_scope(assign_to, alert.kabkota_code):
        raise DomainError({"assigned_to": _("That person works outside this alert's region.")})
    with transaction.atomic():
        before = {"status": alert.status}
        alert.status, alert.acknowledged_at, alert.acknowledged_by = AlertStatus.ACKNOWLEDGED, timezone.now(), user
        alert.assigned_to = assign_to or alert.assigned_to or user
        alert.updated_at = timezone.now()
        alert.save()
        record(user, "alerts.acknowledge", alert, before=before, after={"status": alert.status},
               region_code=alert.kabkota_code)  # fmt: skip
        routing.webhooks.publish("alert.acknowledged", routing.payload(alert), region_code=alert.kabkota_code,
                                 level=routing.LEVEL_NAMES.get(alert.level, ""), alert=alert)  # fmt: skip
    return alert


def add_action(user: Any, alert: Alert, *, description: str, owner_id: int | None, due_on: dt.date) -> AlertAction:
    _check(user, alert)
    if not description.strip():
        raise DomainError({"description": _("Say what will be done.")})
    owner = get_user_model().objects.filter(pk=owner_id, is_active=True).first() if owner_id else user
    if owner is None or not region_in_scope(owner, alert.kabkota_code):
        raise DomainError({"owner": _("Choose an active account that works in this alert's region.")})
    if due_on < alert.opened_on:
        raise DomainError({"due_on": _("The due date cannot be before the alert was opened.")})
    with transaction.atomic():
        action = AlertAction.objects.create(alert=alert, description=description.strip(), owner=owner,
                                            due_on=due_on, created_by=user)  # fmt: skip
        after = {"action": action.pk, "owner": owner.pk, "due_on": due_on.isoformat()}
        record(user, "alerts.action_add", alert, after=after, region_code=alert.kabkota_code)
    return action


def close(user: Any, alert: Alert, *, outcome: str) -> Alert:
    _check(user, alert)
    if not outcome.strip():
        raise DomainError({"outcome": _("Say how the situation ended.")})
    with transaction.atomic():
        alert.status, alert.closed_at, alert.updated_at = AlertStatus.CLOSED, timezone.now(), timezone.now()
        alert.evidence = {**alert.evidence, "outcome": outcome.strip()}
        alert.save()
        AlertAction.objects.filter(alert=alert, status=ActionStatus.PLANNED).update(status=ActionStatus.CANCELLED)
        record(user, "alerts.close", alert, after={"status": alert.status, "outcome": outcome.strip()},
               region_code=alert.kabkota_code)  # fmt: skip
        routing.announce("alert.closed", alert)
    return alert
