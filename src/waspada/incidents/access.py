"""Who reads, changes and sees the informants of which incident: core.scope plus two incident rules.

Everything starts from `core.scope.restrict()` / `can()` (docs/architecture.md, Scope). The incident record adds:
1. The office now handling an escalated incident reads it in full: a province office that received a
   restricted item from its kab/kota (handling level province or national) must read it to act.
2. A field monitor reads restricted items only when it reported them itself (the scope rule: "its own reports and
   public/inter-agency items of its kab/kota"); the generic predicate would let it read its office's.
3. A draft (written, not yet submitted) is the writing office's alone: no other office reads it, lists it or
   learns it exists (issue 15). The office is the national desk for national roles, else the scope region of
   the province officer, kab/kota officer or field monitor who wrote it; viewers see no drafts.
Informant identities: national roles and the owning office (a kab/kota or province officer whose scope
region is the incident's `owner_code`), never anyone else.
The queryset and object forms below must agree; tests/incidents/test_access.py checks them together.
Every `user` may also be given as its UserScope (core.scope.scope_of passes one through), as the write actions
do with the scope they worked out once per request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from waspada.core.scope import NATIONAL_ROLES, Action, Role, Sensitivity, can, restrict, scope_of
from waspada.incidents.models import HandlingLevel, Incident, Status

_ESCALATED_LEVELS = (HandlingLevel.PROVINCE, HandlingLevel.NATIONAL)
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.SUBMITTED, Status.VERIFIED, Status.ESCALATED, Status.HANDLED})
MONITOR_EDITABLE = frozenset({Status.DRAFT, Status.SUBMITTED})


# The roles whose users form an office with a scope region (national roles form the national desk).
_REGIONAL_OFFICE_ROLES = (Role.PROVINCE_OFFICER, Role.KABKOTA_OFFICER, Role.FIELD_MONITOR)


def _office(role: str | None, region_code: str | None) -> str | None:
    """The office a user writes for: "national", a region code, or None (viewers and the misconfigured)."""
    if role in NATIONAL_ROLES:
        return "national"
    if role in _REGIONAL_OFFICE_ROLES and region_code:
        return region_code
    return None


def _drafts_q(user: Any) -> Q:
    """Rows that are not drafts, or drafts of the user's own office (rule 3)."""
    scope = scope_of(user)
    office = _office(scope.role, scope.region_code)
    not_draft = ~Q(status=Status.DRAFT)
    if office is None:
        return not_draft
    users = get_user_model().objects
    if office == "national":
        colleagues = users.filter(role__in=list(NATIONAL_ROLES))
        return not_draft | Q(created_by__isnull=True) | Q(created_by_id__in=colleagues.values("pk"))
    colleagues = users.filter(role__in=list(_REGIONAL_OFFICE_ROLES), scope_region_id=office)
    return not_draft | Q(created_by_id=scope.user_id) | Q(created_by_id__in=colleagues.values("pk"))


def draft_visible(user: Any, incident: Incident) -> bool:
    """Object form of `_drafts_q`."""
    if incident.status != Status.DRAFT:
        return True
    scope = scope_of(user)
    office = _office(scope.role, scope.region_code)
    if office is None:
        return False
    if incident.created_by_id is None:
        return office == "national"
    if incident.created_by_id == scope.user_id:
        return True
    creator = incident.created_by
    return creator is not None and _office(creator.role, creator.scope_region_id) == office


def listed(queryset: QuerySet[Incident], user: Any) -> QuerySet[Incident]:
    """Rows the user may know exist (restricted ones of other offices appear redacted)."""
    return restrict(queryset, user, Action.LIST).filter(_drafts_q(user))


def _refine(queryset: QuerySet[Incident], base: QuerySet[Incident], user: Any) -> QuerySet[Incident]:
    scope = scope_of(user)
    if scope.role == Role.FIELD_MONITOR:
        return base.exclude(Q(sensitivity=Sensitivity.RESTRICTED) & ~Q(created_by_id=scope.user_id))
    if scope.role == Role.PROVINCE_OFFICER:
        handling = restrict(queryset, user, Action.LIST).filter(handling_level__in=_ESCALATED_LEVELS)
        return base | handling
    return base


def readable(queryset: QuerySet[Incident], user: Any) -> QuerySet[Incident]:
    """Rows the user reads in full: text, sources, attachments, precise point."""
    return _refine(queryset, restrict(queryset, user, Action.VIEW), user).filter(_drafts_q(user))


def changeable(queryset: QuerySet[Incident], user: Any) -> QuerySet[Incident]:
    monitor = scope_of(user).role == Role.FIELD_MONITOR
    statuses = MONITOR_EDITABLE if monitor else EDITABLE_STATUSES
    rows = _refine(queryset, restrict(queryset, user, Action.CHANGE), user).filter(status__in=list(statuses))
    return rows.filter(_drafts_q(user))


def readable_q(user: Any) -> Q:
    """The readable rows as a condition (for search and filters on hidden fields inside a listed set)."""
    return Q(pk__in=readable(Incident.objects.all(), user).values("pk"))


def can_read(user: Any, incident: Incident) -> bool:
    if not draft_visible(user, incident):
        return False
    scope = scope_of(user)
    if scope.role == Role.FIELD_MONITOR and incident.sensitivity == Sensitivity.RESTRICTED:
        return incident.created_by_id == scope.user_id and can(user, Action.VIEW, incident)
    if can(user, Action.VIEW, incident):
        return True
    return (
        scope.role == Role.PROVINCE_OFFICER
        and incident.handling_level in _ESCALATED_LEVELS
        and can(user, Action.LIST, incident)
    )


def can_list(user: Any, incident: Incident) -> bool:
    return can(user, Action.LIST, incident) and draft_visible(user, incident)


def is_redacted(user: Any, incident: Incident) -> bool:
    return can_list(user, incident) and not can_read(user, incident)


def can_change(user: Any, incident: Incident) -> bool:
    if incident.status not in EDITABLE_STATUSES or not can_read(user, incident):
        return False
    if scope_of(user).role == Role.FIELD_MONITOR and incident.status not in MONITOR_EDITABLE:
        return False
    # Province officers act on escalated restricted items they read under rule 1 above.
    return can(user, Action.CHANGE, incident) or (
        scope_of(user).role == Role.PROVINCE_OFFICER and can(user, Action.LIST, incident)
    )


def can_create_in(user: Any) -> bool:
    return Action.CREATE in scope_of(user).actions()


def can_see_informants(user: Any, incident: Incident) -> bool:
    scope = scope_of(user)
    if scope.role is None:
        return False
    if scope.is_national:
        return True
    return (
        scope.role in (Role.KABKOTA_OFFICER, Role.PROVINCE_OFFICER)
        and bool(incident.owner_code)
        and incident.owner_code == scope.region_code
        and can_read(user, incident)
    )


def can_manage_followups(user: Any, incident: Incident) -> bool:
    scope = scope_of(user)
    if scope.role not in (Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST, Role.PROVINCE_OFFICER, Role.KABKOTA_OFFICER):
        return False
    return can_read(user, incident)
