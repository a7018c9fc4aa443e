"""Scoped reads of rounds and assignments for pages, API and exports (the scope filter on every read).

An office reaches a round through its assignments: a kab/kota officer or field monitor sees the rounds that ask
its kab/kota, a province officer those that ask any of its kab/kota (national ones included) and those it opened,
the national roles all."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from waspada.core.permissions import has_permission
from waspada.core.scope import Action, restrict
from waspada.monitoring.models import Assignment, AssignmentStatus, Round


def assignments_for(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Assignment]:
    """Viewers hold no monitoring permission: they see none."""
    if not has_permission(user, "monitoring.view"):
        return Assignment.objects.none()
    return restrict(Assignment.objects.select_related("round", "region"), user, action)


def rounds_for(user: Any) -> QuerySet[Round]:
    """The rounds the user may see, each with `covered` and `submitted` counts of its assignments in scope."""
    if not has_permission(user, "monitoring.view"):
        return Round.objects.none()
    in_scope = assignments_for(user).values("round_id")
    rounds = Round.objects.filter(Q(pk__in=in_scope) | Q(pk__in=restrict(Round.objects.all(), user).values("pk")))
    visible = Q(assignments__in=assignments_for(user))
    done = visible & Q(assignments__status__in=[AssignmentStatus.SUBMITTED, AssignmentStatus.APPROVED])
    return rounds.annotate(covered=Count("assignments", filter=visible, distinct=True),
                           submitted=Count("assignments", filter=done, distinct=True))  # fmt: skip


def get_assignment(user: Any, pk: int) -> Assignment | None:
    """One assignment when the user's scope reaches it, else None (a page answers 404)."""
    return assignments_for(user).filter(pk=pk).first()
