"""Who may see or change which operational data: one predicate and one queryset filter (docs/architecture.md, Scope).

Every list, detail, export, map layer and API route of operational data goes through `restrict()` (reads)
and `can()` (one object). NetBox's `RestrictedQuerySet.restrict()` is the model. Region reference data is not
operational data: every signed-in user reads it without this filter.

Scope is derived from the user's role and one scope region, whose dotted Kemendagri code is its own ancestry
("32.73.01" lies in "32.73", which lies in "32"), so the predicate needs no database query.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National admin")
    NATIONAL_ANALYST = "national_analyst", _("National analyst")
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    KABKOTA_OFFICER = "kabkota_officer", _("Regency/city officer")
    FIELD_MONITOR = "field_monitor", _("Field monitor")
    VIEWER = "viewer", _("Viewer")


NATIONAL_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST})
# The offices that own restricted items (a field monitor reports for its office, it is not the office).
OFFICE_ROLES = frozenset({Role.PROVINCE_OFFICER, Role.KABKOTA_OFFICER})
ALL_ROLES = frozenset(Role)


class Sensitivity(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTER_AGENCY = "inter_agency", _("Inter-agency")
    RESTRICTED = "restricted", _("Restricted")


class Action(enum.StrEnum):
    VIEW = "view"  # the full item, text and sources included
    LIST = "list"  # that it exists: restricted items of other offices appear, redacted
    EXPORT = "export"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"
    VERIFY = "verify"


_READ = {Action.VIEW, Action.LIST, Action.EXPORT}
_WRITE = {Action.CREATE, Action.CHANGE, Action.DELETE}
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.NATIONAL_ADMIN: frozenset(Action),
    Role.NATIONAL_ANALYST: frozenset({*_READ, Action.VERIFY}),
    Role.PROVINCE_OFFICER: frozenset(Action),
    Role.KABKOTA_OFFICER: frozenset(Action),
    # Field monitors report (create) and fix their own reports; they never verify.
    Role.FIELD_MONITOR: frozenset({*_READ, *_WRITE}),
    Role.VIEWER: frozenset(_READ),
}


class ScopeLevel(enum.StrEnum):
    ALL = "all"
    PROVINCE = "province"
    KABKOTA = "kabkota"
    DEEPER = "deeper"  # a viewer scoped to a kecamatan or village


def level_of_code(code: str) -> ScopeLevel:
    dots = code.count(".")
    return ScopeLevel.PROVINCE if dots == 0 else ScopeLevel.KABKOTA if dots == 1 else ScopeLevel.DEEPER


def code_within(code: str | None, scope_code: str) -> bool:
    """True when region `code` is `scope_code` or lies inside it."""
    return bool(code) and (code == scope_code or str(code).startswith(scope_code + "."))


@dataclass(frozen=True)
class UserScope:
    """What the scope filter needs to know about a user, computed once per request."""

    user_id: int | None
    role: str | None
    region_code: str | None  # None: the whole country
    external: bool = False

    @property
    def level(self) -> ScopeLevel:
        return ScopeLevel.ALL if self.region_code is None else level_of_code(self.region_code)

    @property
    def is_national(self) -> bool:
        return self.role in NATIONAL_ROLES

    def actions(self) -> frozenset[Action]:
        return ROLE_ACTIONS.get(self.role or "", frozenset())


NO_SCOPE = UserScope(user_id=None, role=None, region_code=None)


def scope_of(user: Any) -> UserScope:
    """Anonymous, inactive and misconfigured users get NO_SCOPE: nothing passes the filter (fail closed).

    A UserScope comes back as it is: code that worked a request's scope out once passes it, instead of the user,
    to anything here or in the apps' access rules that asks for a user."""
    if isinstance(user, UserScope):
        return user
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return NO_SCOPE
    role = getattr(user, "role", None)
    if role not in ROLE_ACTIONS:
        return NO_SCOPE
    region_code = None if role in NATIONAL_ROLES else getattr(user, "scope_region_id", None)
    if region_code is None and role not in NATIONAL_ROLES and role != Role.VIEWER:
        return NO_SCOPE  # an officer without a region sees nothing rather than everything
    return UserScope(user.pk, role, region_code, bool(getattr(user, "is_external", False)))


def region_in_scope(user: Any, region_code: str | None) -> bool:
    """May this user's scope reach region `region_code`? Objects without a region are national-only."""
    scope = scope_of(user)
    if scope.role is None:
        return False
    if scope.region_code is None:
        return True
    return code_within(region_code, scope.region_code)


# ---------------------------------------------------------------------------------------------------------
# How a model carries its region, sensitivity, owning office and creator.


@dataclass(frozen=True)
class ScopeSpec:
    """Field paths (ORM lookups) of a scoped model. Declare as `scope_spec = ScopeSpec(...)` on the model.

    region: the object's dotted region code (an ORM path such as "region__code"; Django joins nothing for a
    foreign key's primary key); region_attr: the same as a Python attribute ("region_id"), for `can()`,
    defaulting to `region`. province/kabkota: denormalised codes, used
    for indexed equality filters when the user's scope is a province or a kab/kota. At least one way to
    place the object is required. sensitivity: absent means every item is inter-agency. owner: region code
    of the office that owns restricted items (defaults to the kab/kota). creator: the reporting user's id.
    """

    region: str | None = None
    region_attr: str | None = None
    province: str | None = "province_code"
    kabkota: str | None = "kabkota_code"
    sensitivity: str | None = None
    owner: str | None = None
    creator: str | None = None

    def __post_init__(self) -> None:
        if not (self.region or self.province):
            raise ImproperlyConfigured("A ScopeSpec needs a region path or a province path.")
        if self.region_attr is None and self.region is not None:
            object.__setattr__(self, "region_attr", self.region)


_REGISTRY: dict[type[models.Model], ScopeSpec] = {}


def register(model: type[models.Model], spec: ScopeSpec) -> None:
    """For models we do not own (the region table); our own models declare `scope_spec` instead."""
    _REGISTRY[model] = spec


def spec_for(model: type[models.Model]) -> ScopeSpec:
    spec = getattr(model, "scope_spec", None) or _REGISTRY.get(model)
    if spec is None:
        raise ImproperlyConfigured(f"{model._meta.label} has no scope_spec; the scope filter cannot place it.")
    return spec


def _region_q(spec: ScopeSpec, scope: UserScope) -> Q | None:
    """Rows inside the user's region; None when the model cannot express it (then nothing matches)."""
    code, level = scope.region_code, scope.level
    if code is None:
        return Q()
    if level == ScopeLevel.PROVINCE and spec.province:
        return Q(**{spec.province: code})
    if level == ScopeLevel.KABKOTA and spec.kabkota:
        return Q(**{spec.kabkota: code})
    if spec.region:
        return Q(**{spec.region: code}) | Q(**{f"{spec.region}__startswith": f"{code}."})
    return None


def _full_view_q(spec: ScopeSpec, scope: UserScope) -> Q:
    """Which sensitivities this user reads in full (within the region filter)."""
    if scope.is_national:
        return Q()
    own = Q(**{spec.creator: scope.user_id}) if spec.creator else Q(pk__in=[])
    if spec.sensitivity is None:
        # Unlabelled operational data is government-internal: external viewers see none of it.
        return Q(pk__in=[]) if scope.external else Q()
    public = Q(**{spec.sensitivity: Sensitivity.PUBLIC})
    shared = Q(**{f"{spec.sensitivity}__in": [Sensitivity.PUBLIC, Sensitivity.INTER_AGENCY]})
    if scope.role == Role.VIEWER:
        return public if scope.external else shared
    owner_path = spec.owner or spec.kabkota or spec.region
    owned = Q(**{owner_path: scope.region_code}) if owner_path and scope.role in OFFICE_ROLES else Q(pk__in=[])
    return shared | own | owned


def _listed_q(spec: ScopeSpec, scope: UserScope) -> Q:
    """LIST: restricted items show their existence to every non-viewer role in scope."""
    if scope.role == Role.VIEWER:
        return _full_view_q(spec, scope)
    return Q()


def restrict(queryset: QuerySet[M], user: Any, action: Action | str = Action.VIEW) -> QuerySet[M]:
    """The rows of `queryset` that `user` may act on with `action`; empty when none (never an error)."""
    action = Action(action)
    scope = scope_of(user)
    if action not in scope.actions():
        return queryset.none()
    spec = spec_for(queryset.model)
    region = _region_q(spec, scope)
    if region is None:
        return queryset.none()
    if action == Action.LIST:
        return queryset.filter(region & _listed_q(spec, scope))
    condition = region & _full_view_q(spec, scope)
    if scope.role == Role.FIELD_MONITOR and action in {Action.CHANGE, Action.DELETE}:
        condition &= Q(**{spec.creator: scope.user_id}) if spec.creator else Q(pk__in=[])
    return queryset.filter(condition)


# ---------------------------------------------------------------------------------------------------------
# The same rules for one object in Python (object-level checks, templates, services).


def _value(obj: Any, path: str | None) -> Any:
    if path is None:
        return None
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def _object_in_region(spec: ScopeSpec, scope: UserScope, obj: Any) -> bool:
    code, level = scope.region_code, scope.level
    if code is None:
        return True
    if level == ScopeLevel.PROVINCE and spec.province:
        return _value(obj, spec.province) == code
    if level == ScopeLevel.KABKOTA and spec.kabkota:
        return _value(obj, spec.kabkota) == code
    if spec.region_attr:
        return code_within(_value(obj, spec.region_attr), code)
    return False


def _reads_in_full(spec: ScopeSpec, scope: UserScope, obj: Any) -> bool:
    if scope.is_national:
        return True
    if spec.sensitivity is None:
        return not scope.external
    sensitivity = _value(obj, spec.sensitivity)
    if scope.role == Role.VIEWER:
        allowed = {Sensitivity.PUBLIC} if scope.external else {Sensitivity.PUBLIC, Sensitivity.INTER_AGENCY}
        return sensitivity in allowed
    if sensitivity in {Sensitivity.PUBLIC, Sensitivity.INTER_AGENCY}:
        return True
    if spec.creator and _value(obj, spec.creator) == scope.user_id:
        return True
    owner_path = spec.owner or spec.kabkota or spec.region_attr
    return scope.role in OFFICE_ROLES and owner_path is not None and _value(obj, owner_path) == scope.region_code


def can(user: Any, action: Action | str, obj: Any) -> bool:
    """Object-level form of `restrict()`: the two must always agree (tests check them against each other)."""
    action = Action(action)
    scope = scope_of(user)
    if action not in scope.actions():
        return False
    spec = spec_for(obj.__class__)  # not type(): request.user is a lazy proxy
    if not _object_in_region(spec, scope, obj):
        return False
    if action == Action.LIST:
        return scope.role != Role.VIEWER or _reads_in_full(spec, scope, obj)
    if not _reads_in_full(spec, scope, obj):
        return False
    if scope.role == Role.FIELD_MONITOR and action in {Action.CHANGE, Action.DELETE}:
        return bool(spec.creator) and _value(obj, spec.creator) == scope.user_id
    return True


def redacted(user: Any, obj: Any) -> bool:
    """Listed but not readable: show that it exists, its type, date and kab/kota, never text or sources."""
    return can(user, Action.LIST, obj) and not can(user, Action.VIEW, obj)


class ScopedQuerySet(QuerySet):  # type: ignore[type-arg]
    """`Model.objects.restrict(user, action)`, NetBox-style."""

    def restrict(self, user: Any, action: Action | str = Action.VIEW) -> QuerySet[Any]:
        return restrict(self, user, action)

