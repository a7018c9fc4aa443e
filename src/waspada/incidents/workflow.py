"""The incident workflow as one explicit table: from which statuses, to which status, by which roles, under
which scope rule (docs/architecture.md, Scope).

draft → submitted → verified | unverifiable | rejected | duplicate (merged into another)
verified → escalated (kab/kota → province → national) → handled → closed
Escalation moves the handling level up one office, so the next office's review queue picks it up.
Every transition writes a Transition row (who, when, from, to, comment) and one audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.core.audit import record
from waspada.core.scope import Role, Sensitivity, UserScope, scope_of
from waspada.incidents import access
from waspada.incidents.errors import Denied, Invalid
from waspada.incidents.models import HandlingLevel as Level
from waspada.incidents.models import Incident, IncidentSource, Status, Transition
from waspada.incidents.services import refresh_corroboration, snapshot

NA, AN, PO, KO, FM = (Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST, Role.PROVINCE_OFFICER, Role.KABKOTA_OFFICER,
                      Role.FIELD_MONITOR)  # fmt: skip
OFFICES = frozenset({NA, AN, PO, KO})
_NEXT_LEVEL = {Level.KABKOTA: Level.PROVINCE, Level.PROVINCE: Level.NATIONAL}
_STRICTNESS = {Sensitivity.PUBLIC: 0, Sensitivity.INTER_AGENCY: 1, Sensitivity.RESTRICTED: 2}


def _in_kabkota(scope: UserScope, incident: Incident) -> bool:
    return bool(incident.kabkota_code) and incident.kabkota_code == scope.region_code


def _in_province(scope: UserScope, incident: Incident) -> bool:
    return bool(incident.province_code) and incident.province_code == scope.region_code


def reporter(scope: UserScope, incident: Incident) -> bool:
    """The reporter submits its draft; so may the office over it."""
    return incident.created_by_id == scope.user_id or verifier(scope, incident) and scope.role != AN


def verifier(scope: UserScope, incident: Incident) -> bool:
    """First-level verification by the kab/kota office, or the province over it; the national desk for
    national-level (unplaced or escalated) items; the national admin anywhere."""
    if scope.role == NA:
        return True
    if scope.role == AN:
        return incident.handling_level == Level.NATIONAL
    if scope.role == PO:
        return _in_province(scope, incident)
    return scope.role == KO and _in_kabkota(scope, incident)


def escalator(scope: UserScope, incident: Incident) -> bool:
    """The office holding the item passes it one level up: kab/kota → province, province → national."""
    if scope.role == KO:
        return incident.handling_level == Level.KABKOTA and _in_kabkota(scope, incident)
    if scope.role == PO:
        return incident.handling_level in (Level.KABKOTA, Level.PROVINCE) and _in_province(scope, incident)
    return False


def handler(scope: UserScope, incident: Incident) -> bool:
    """The office at the handling level (a province may also act for its kab/kota); national admin anywhere."""
    level = incident.handling_level
    if scope.role == NA:
        return True
    if scope.role == AN:
        return level == Level.NATIONAL
    if scope.role == PO:
        return level in (Level.KABKOTA, Level.PROVINCE) and _in_province(scope, incident)
    return scope.role == KO and level == Level.KABKOTA and _in_kabkota(scope, incident)


@dataclass(frozen=True)
class Rule:
    name: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    scope_rule: Callable[[UserScope, Incident], bool]
    comment_required: bool
    label: Promise


TRANSITIONS: tuple[Rule, ...] = (
    Rule("submit", frozenset({Status.DRAFT}), Status.SUBMITTED, frozenset({NA, PO, KO, FM}), reporter, False,
         gettext_lazy("Submit")),
    Rule("verify", frozenset({Status.SUBMITTED}), Status.VERIFIED, OFFICES, verifier, False, gettext_lazy("Verify")),
    Rule("unverifiable", frozenset({Status.SUBMITTED}), Status.UNVERIFIABLE, OFFICES, verifier, True,
         gettext_lazy("Mark unverifiable")),
    Rule("reject", frozenset({Status.SUBMITTED}), Status.REJECTED, OFFICES, verifier, True, gettext_lazy("Reject")),
    Rule("duplicate", frozenset({Status.SUBMITTED, Status.VERIFIED}), Status.DUPLICATE, OFFICES, verifier, False,
         gettext_lazy("Merge as duplicate")),
    Rule("escalate", frozenset({Status.VERIFIED, Status.ESCALATED}), Status.ESCALATED, frozenset({KO, PO}), escalator,
         True, gettext_lazy("Escalate")),
    Rule("handle", frozenset({Status.VERIFIED, Status.ESCALATED}), Status.HANDLED, OFFICES, handler, True,
         gettext_lazy("Mark handled")),
    Rule("close", frozenset({Status.HANDLED}), Status.CLOSED, OFFICES, handler, False, gettext_lazy("Close")),
    Rule("reopen", frozenset({Status.UNVERIFIABLE, Status.REJECTED}), Status.SUBMITTED, OFFICES, verifier, True,
         gettext_lazy("Reopen")),
)  # fmt: skip


def rule_for(from_status: str, to_status: str) -> Rule | None:
    return next((r for r in TRANSITIONS if from_status in r.sources and r.target == to_status), None)


def allowed(user: Any, incident: Incident, rule: Rule) -> bool:
    scope = scope_of(user)
    return (
        incident.status in rule.sources
        and scope.role in rule.roles
        and access.can_read(user, incident)
        and rule.scope_rule(scope, incident)
    )


def available(user: Any, incident: Incident) -> list[Rule]:
    """The transitions this user may make now (the buttons on the detail page)."""
    return [rule for rule in TRANSITIONS if allowed(user, incident, rule)]


def transition(user: Any, incident: Incident, to_status: str, comment: str = "", *,
               duplicate_of: int | None = None, request: HttpRequest | None = None) -> Incident:  # fmt: skip
    """Move the incident; Denied (403) when the role or scope may not, Invalid (422) for a bad request."""
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        if not access.can_read(user, locked):  # a redacted item: 403 that does not tell its status
            raise Denied({"to": _("You may not act on incident %(id)s.") % {"id": locked.pk}})
        if to_status not in Status.values:
            raise Invalid({"to": _("Unknown status %(status)s.") % {"status": to_status}})
        rule = rule_for(locked.status, to_status)
        if rule is None:
            raise Invalid({"to": _("An incident that is %(from)s cannot become %(to)s.") % {
                "from": Status(locked.status).label, "to": Status(to_status).label}})  # fmt: skip
        if not allowed(user, locked, rule):
            raise Denied({"to": _("Your role and scope do not allow “%(action)s” on incident %(id)s.") % {
                "action": rule.label, "id": locked.pk}})  # fmt: skip
        if rule.comment_required and not comment:
            raise Invalid({"comment": _("Say why (a comment is required for “%(action)s”).") % {"action": rule.label}})
        if rule.name == "verify" and not locked.kabkota_code:
            raise Invalid({"region": _("Place the incident in a kab/kota before verifying it.")})
        before = snapshot(locked)
        master = _merge_target(user, locked, duplicate_of) if rule.name == "duplicate" else None
        from_level = locked.handling_level
        if rule.name == "escalate":
            locked.handling_level = Level.NATIONAL if scope_of(user).role == PO else _NEXT_LEVEL[Level(from_level)]
        locked.status = rule.target
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "handling_level", "duplicate_of", "updated_at"])
        if master is not None:
            _merge(locked, master)
        Transition.objects.create(incident=locked, from_status=before["status"], to_status=locked.status,
                                  from_level=from_level, to_level=locked.handling_level, actor=user,
                                  comment=comment)  # fmt: skip
        record(user, f"incident.{rule.name}", locked, before=before, after=snapshot(locked) | {"comment": comment},
               request=request)  # fmt: skip
    return locked


def _merge_target(user: Any, incident: Incident, duplicate_of: int | None) -> Incident:
    if not duplicate_of:
        raise Invalid({"duplicate_of": _("Name the incident this one duplicates.")})
    master = Incident.objects.filter(pk=duplicate_of).first()
    if master is None or not access.can_read(user, master):
        raise Invalid({"duplicate_of": _("No incident %(id)s that you can read.") % {"id": duplicate_of}})
    if master.pk == incident.pk or master.status == Status.DUPLICATE:
        raise Invalid({"duplicate_of": _("Merge into the original incident, not into itself or another duplicate.")})
    # Its sources (informants included) move to the master: keep them in the same office, no less protected.
    strictness = _STRICTNESS.get(Sensitivity(master.sensitivity), -1)
    if master.owner_code != incident.owner_code or strictness < _STRICTNESS[Sensitivity(incident.sensitivity)]:
        raise Invalid({"duplicate_of": _("Merge only into an incident of the same office with the same or a stricter "
                                         "sensitivity.")})  # fmt: skip
    incident.duplicate_of = master
    return master


def _merge(duplicate: Incident, master: Incident) -> None:
    """The original keeps every source of its duplicate, so its corroboration counts them."""
    IncidentSource.objects.filter(incident=duplicate).update(incident=master, merged_from=duplicate)
    refresh_corroboration(master)
    refresh_corroboration(duplicate)
