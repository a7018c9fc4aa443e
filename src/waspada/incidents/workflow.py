"""The incident workflow as one explicit table: from which statuses, to which status, by which roles, under
which scope rule (docs/architecture.md, Scope).

draft → submitted → verified | unverifiable | rejected | duplicate (merged into another)
verified → escalated (kab/kota → province → national) → handled → closed
Escalation moves the handling level up one office, so the next office's review queue picks it up.
Four-eyes: where the incident's office keeps the rule (incidents.review_rules), the person who reported an
incident does not verify it; the button is hidden and the action refuses.
Every transition writes a Transition row (who, when, from, to, comment) and one audit event
(incidents.actions.transition, which checks these rules).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from waspada.core.scope import Role, UserScope, scope_of
from waspada.incidents import access, review_rules
from waspada.incidents.models import HandlingLevel as Level
from waspada.incidents.models import Incident, Status

NA, AN, PO, KO, FM = (Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST, Role.PROVINCE_OFFICER, Role.KABKOTA_OFFICER,
                      Role.FIELD_MONITOR)  # fmt: skip
OFFICES = frozenset({NA, AN, PO, KO})
NEXT_LEVEL = {Level.KABKOTA: Level.PROVINCE, Level.PROVINCE: Level.NATIONAL}


def _in_kabkota(scope: UserScope, incident: Incident) -> bool:
    return bool(incident.kabkota_code) and incident.kabkota_code == scope.region_code


def _in_province(scope: UserScope, incident: Incident) -> bool:
    return bool(incident.province_code) and incident.province_code == scope.region_code


def reporter(scope: UserScope, incident: Incident) -> bool:
    """The reporter submits its draft; so may the office over it, when it can read the draft (a draft is its
    writing office's alone: access.py rule 3)."""
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


# The transitions that count as verifying: the second pair of eyes must be another person's.
FOUR_EYES_RULES = frozenset({"verify"})


def rule_for(from_status: str, to_status: str) -> Rule | None:
    return next((r for r in TRANSITIONS if from_status in r.sources and r.target == to_status), None)


def allowed(user: Any, incident: Incident, rule: Rule, *, four_eyes: bool = True) -> bool:
    scope = scope_of(user)
    return (
        incident.status in rule.sources
        and scope.role in rule.roles
        and access.can_read(user, incident)
        and rule.scope_rule(scope, incident)
        and not (four_eyes and own_verification(user, incident, rule))
    )


def own_verification(user: Any, incident: Incident, rule: Rule) -> bool:
    """A verification of one's own report where the four-eyes rule holds (refused)."""
    return rule.name in FOUR_EYES_RULES and review_rules.own_report_blocked(user, incident)


def available(user: Any, incident: Incident) -> list[Rule]:
    """The transitions this user may make now (the buttons on the detail page)."""
    return [rule for rule in TRANSITIONS if allowed(user, incident, rule)]
