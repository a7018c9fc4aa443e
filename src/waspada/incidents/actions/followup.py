"""Follow-up actions (tindak lanjut): who does what by when, and the outcome. Writes audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.audit import record
from waspada.incidents import access
from waspada.incidents.actions.writer import Writer
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.models import ActionStatus, FollowUpAction, Incident


def _snapshot(action: FollowUpAction) -> dict[str, Any]:
    return {"incident": action.incident_id, "description": action.description, "owner": action.owner_id,
            "owner_office": action.owner_office, "due_on": action.due_on, "status": action.status,
            "outcome": action.outcome}  # fmt: skip


def _validate(action: FollowUpAction, data: dict[str, Any], writer: Writer, errors: dict[str, str]) -> None:
    if "description" in data:
        action.description = str(data["description"] or "").strip()[:300]
        if not action.description:
            errors["description"] = _("Say what is to be done.")
    if "due_on" in data:
        due = data["due_on"]
        if isinstance(due, str) and due:
            try:
                due = dt.date.fromisoformat(due)
            except ValueError:
                errors["due_on"] = _("Give the date as YYYY-MM-DD.")
                due = None
        action.due_on = due or None
    if "status" in data and data["status"]:
        if data["status"] not in ActionStatus.values:
            errors["status"] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(ActionStatus.values)}
        else:
            action.status = data["status"]
    if "outcome" in data:
        action.outcome = str(data["outcome"] or "").strip()
    if action.status == ActionStatus.DONE and not action.outcome:
        errors["outcome"] = _("Record the outcome before marking the action done.")
    if "owner" in data:
        owner = data["owner"]
        if owner in (None, ""):
            action.owner = None
        else:
            target = get_user_model().objects.filter(pk=getattr(owner, "pk", owner), is_active=True).first()
            # The owner must read the incident in full (a restricted item, or a viewer outside government, may
            # be out of reach even inside the region); otherwise the action would sit where nobody can see it.
            if target is None or not access.can_read(target, action.incident):
                errors["owner"] = _("The owner must be an active account that can reach this incident.")
            else:
                action.owner = target
    if not action.owner_office:
        action.owner_office = writer.scope.region_code or ""


def add_followup(writer: Writer, incident: Incident, data: dict[str, Any]) -> FollowUpAction:
    if not access.can_manage_followups(writer.scope, incident):
        raise Denied({"request": _("Your role cannot manage follow-up actions of this incident.")})
    action = FollowUpAction(incident=incident, created_by=writer.user)
    errors: dict[str, str] = {}
    _validate(action, {"description": "", **data}, writer, errors)
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        action.save()
        record(writer.user, "incident.followup_add", incident, after=_snapshot(action), request=writer.request)
    return action


def update_followup(writer: Writer, action: FollowUpAction, data: dict[str, Any]) -> FollowUpAction:
    if not access.can_manage_followups(writer.scope, action.incident):
        raise Denied({"request": _("Your role cannot manage follow-up actions of this incident.")})
    before = _snapshot(action)
    errors: dict[str, str] = {}
    _validate(action, data, writer, errors)
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        action.updated_at = timezone.now()
        action.save()
        record(writer.user, "incident.followup_update", action.incident, before=before, after=_snapshot(action),
               request=writer.request)  # fmt: skip
    return action
