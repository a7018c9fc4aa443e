"""Reminders to kab/kota offices whose questionnaire of an open round is late or due within REMIND_BEFORE: an
in-app notification with an e-mail copy (core.notifications.notify) to the office's active kab/kota officers and
field monitors, at most once per assignment per local day (Assignment.last_reminded_at), recorded as ONE batch
audit event per run. Registered with the scheduler (daily, 08:00 WIB) in MonitoringConfig.ready(); `waspada
rounds remind` runs it at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from waspada.core.audit import record_batch
from waspada.core.notifications.services import notify
from waspada.core.scope import Role
from waspada.monitoring.models import Assignment, AssignmentStatus, RoundStatus

REMIND_BEFORE = dt.timedelta(days=2)
KIND = "monitoring.reminder"
OFFICE_ROLES = (Role.KABKOTA_OFFICER, Role.FIELD_MONITOR)
DUE_STATUSES = (AssignmentStatus.NOT_STARTED, AssignmentStatus.DRAFT, AssignmentStatus.RETURNED)


def due_assignments(now: dt.datetime) -> list[Assignment]:
    """Not handed in, of an open round whose deadline has passed or comes within REMIND_BEFORE, not yet
    reminded today (local date)."""
    start_of_day = dt.datetime.combine(timezone.localdate(now), dt.time.min, tzinfo=timezone.get_current_timezone())
    return list(
        Assignment.objects.filter(round__status=RoundStatus.OPEN, round__deadline__lte=now + REMIND_BEFORE,
                                  status__in=DUE_STATUSES)
        .exclude(last_reminded_at__gte=start_of_day)
        .select_related("round", "region").order_by("round_id", "kabkota_code")
    )  # fmt: skip


def _message(assignment: Assignment, now: dt.datetime) -> tuple[str, str]:
    deadline = formats.date_format(timezone.localtime(assignment.round.deadline), "j F Y H:i")
    names = {"round": assignment.round.title, "region": assignment.region.name, "deadline": deadline}
    if assignment.round.deadline < now:
        title = _("Late: monitoring questionnaire of %(region)s") % names
        body = _("The questionnaire of %(region)s in the round “%(round)s” was due on %(deadline)s and has not "
                 "been submitted yet.") % names  # fmt: skip
    else:
        title = _("Reminder: monitoring questionnaire of %(region)s") % names
        body = _("The questionnaire of %(region)s in the round “%(round)s” is due on %(deadline)s.") % names
    if assignment.status == AssignmentStatus.RETURNED:
        body += " " + _("It was returned for corrections.")
    return title[:200], body


def send_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Remind every due office once today; returns {"assignments": n, "notifications": m}."""
    now = now or timezone.now()
    due = due_assignments(now)
    if not due:
        return {"assignments": 0, "notifications": 0}
    users = get_user_model().objects.filter(is_active=True, role__in=OFFICE_ROLES,
                                            scope_region_id__in={a.kabkota_code for a in due})  # fmt: skip
    by_office: dict[str, list[Any]] = {}
    for user in users:
        by_office.setdefault(user.scope_region_id, []).append(user)
    sent = 0
    reminded: list[int] = []
    with translation.override("id"), transaction.atomic():
        for assignment in due:
            recipients = by_office.get(assignment.kabkota_code, [])
            if not recipients:
                continue  # nobody to tell yet; tried again at the next run
            title, body = _message(assignment, now)
            link = reverse("monitoring:assignment", args=[assignment.pk])
            sent += len(notify(recipients, KIND, title, body, link, email=True))
            reminded.append(assignment.pk)
        Assignment.objects.filter(pk__in=reminded).update(last_reminded_at=now)
        counts = {"assignments": len(reminded), "notifications": sent}
        if reminded:
            checksum = hashlib.sha256(",".join(map(str, reminded)).encode()).hexdigest()
            record_batch(None, "monitoring.remind", object_type="monitoring.assignment", job_id=uuid.uuid4().hex,
                         counts=counts, checksum=checksum)  # fmt: skip
    return counts
