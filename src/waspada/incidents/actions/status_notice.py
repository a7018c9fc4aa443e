"""Telling people that an incident's status changed (issue 18, Notifications), called by the one transition
service (actions/transition.py), so every path (the page, the API, any bulk caller) does it. The telling runs
once the transition's transaction has committed: a failing notice (a webhook, the inbox, a receiver's bug) never
blocks or undoes the status change, and nobody hears of a change that was rolled back. Each failure is logged
with its traceback, and one failing receiver does not keep the others from running.

- The reporter (`created_by`) gets an inbox message with an e-mail copy and a link to the incident, unless the
  reporter made the change, the record is a demo record or imported history (a dataset's event, or a row of an
  events import), the account is gone or disabled, or the reporter may no longer read the incident (moved to
  another region, lost the role): the message carries its title, date and the officer's comment.
- Everyone else who asked (alert subscriptions with the `incident.status_changed` event, in the alerts app)
  hears of it through the `status_changed` signal, which this module sends.

The message never carries informant details (they are never read here); for a restricted incident it carries
neither the title nor the officer's comment, only the number, the new status and the link, since an e-mail copy
leaves Waspada's access rules behind.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from waspada.core.notifications.services import notify
from waspada.core.scope import Sensitivity
from waspada.incidents import access
from waspada.incidents.models import HandlingLevel, ImportKind, Incident, Status
from waspada.incidents.models.imports import ImportedRow

log = logging.getLogger(__name__)

KIND = "incident.status_changed"
# Sent (robustly) after the transition's transaction commits: sender=Incident, incident=, from_status=, to_status=,
# actor=, told= (the ids of the users already told, so receivers tell nobody twice).
status_changed = Signal()


def quiet(incident: Incident) -> bool:
    """Records nobody is told about: demo records and imported history."""
    if incident.is_demo or incident.external_source:
        return True
    return ImportedRow.objects.filter(incident_id=incident.pk, run__kind=ImportKind.EVENTS).exists()


def message(incident: Incident, from_status: str, comment: str = "", language: str = "id") -> tuple[str, str]:
    """Title and body of a status-change message (Indonesian by default)."""
    with override(language):
        status = Status(incident.status).label
        title = _("Report #%(id)s: %(status)s") % {"id": incident.pk, "status": status}
        if incident.sensitivity == Sensitivity.RESTRICTED:
            body = _("A restricted report is now “%(status)s” (it was “%(before)s”). Open Waspada to read it.") % {
                "status": status, "before": Status(from_status).label}  # fmt: skip
            return title[:200], body
        lines = [_("“%(title)s” (%(date)s) is now “%(status)s”; it was “%(before)s”. Handled at: %(level)s.") % {
            "title": incident.title, "date": incident.occurred_on.isoformat(), "status": status,
            "before": Status(from_status).label,
            "level": HandlingLevel(incident.handling_level).label.lower()}]  # fmt: skip
        if comment:
            lines.append(_("Comment: %(comment)s") % {"comment": comment[:1000]})
        return title[:200], "\n".join(lines)


def tell(incident: Incident, from_status: str, actor: Any, comment: str = "") -> None:
    """Once the current transaction commits (at once outside one): notify the reporter and send `status_changed`
    for subscribers. Nothing raised here or by a receiver reaches the caller; every failure is logged."""
    if quiet(incident):  # (an escalation from province to national keeps the status: still told, level named)
        return
    transaction.on_commit(lambda: tell_now(incident, from_status, actor, comment))


def tell_now(incident: Incident, from_status: str, actor: Any, comment: str = "") -> list[Any]:
    """The telling itself (after the commit); returns the reporter's inbox rows."""
    actor_id = getattr(actor, "pk", None)
    rows: list[Any] = []
    reporter = incident.created_by if incident.created_by_id else None
    if (reporter is not None and reporter.pk != actor_id and reporter.is_active
            and access.can_read(reporter, incident)):  # fmt: skip
        try:
            title, body = message(incident, from_status, comment)
            rows = notify([reporter], KIND, title, body, link=reverse("incidents:detail", args=[incident.pk]),
                          email=True)  # fmt: skip
        except Exception:  # noqa: BLE001 - the change stands; the subscribers are still told
            log.exception("incident %s: telling the reporter (user %s) it is now %s failed", incident.pk, reporter.pk,
                          incident.status)  # fmt: skip
    told = {pk for pk in (actor_id, incident.created_by_id) if pk}
    results = status_changed.send_robust(sender=Incident, incident=incident, from_status=from_status,
                                         to_status=incident.status, actor=actor, told=told)  # fmt: skip
    for receiver, result in results:  # (send_robust logged the traceback; this says which incident lost what)
        if isinstance(result, Exception):
            log.error("incident %s: status_changed receiver %s failed, its notice was not sent: %s", incident.pk,
                      getattr(receiver, "__qualname__", receiver), result)  # fmt: skip
    return rows
