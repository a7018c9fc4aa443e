"""Users with one role and one scope region (docs/architecture.md, Scope), and personal API tokens (API conventions)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waspada.core.scope import NATIONAL_ROLES, Role, ScopedQuerySet, ScopeSpec
from waspada.regions.models import KABKOTA_LEVELS, Level, Region


def scope_region_error(role: str, region: Region | None) -> str | None:
    """Why this role cannot have this scope region, or None. National roles have none (all)."""
    if role in NATIONAL_ROLES:
        return gettext("National roles have no scope region (they see the whole country).") if region else None
    if role == Role.VIEWER:
        if region is not None and region.level == Level.ISLAND:
            return gettext("Islands are gazetteer places, not scope regions; choose an administrative region.")
        return None
    if region is None:
        return gettext("This role needs a scope region.")
    if role == Role.PROVINCE_OFFICER and region.level != Level.PROVINCE:
        return gettext("A province officer's scope must be a province; %(code)s is a %(level)s.") % {
            "code": region.code, "level": region.get_level_display()}  # fmt: skip
    if role in (Role.KABKOTA_OFFICER, Role.FIELD_MONITOR) and region.level not in KABKOTA_LEVELS:
        return gettext("This role's scope must be a regency or city (kabupaten/kota); %(code)s is a %(level)s.") % {
            "code": region.code, "level": region.get_level_display()}  # fmt: skip
    return None


class WaspadaUserManager(UserManager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    def create_superuser(self, username: str, email: str | None = None, password: str | None = None,
                         **extra: Any) -> User:  # fmt: skip
        extra.setdefault("role", Role.NATIONAL_ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.VIEWER, db_index=True)
    scope_region = models.ForeignKey(
        Region, verbose_name=_("scope region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Empty for national roles: the whole country."),
    )  # fmt: skip
    is_external = models.BooleanField(
        _("outside government"), default=False,
        help_text=_("Viewers outside government read public items only, never inter-agency ones."),
    )  # fmt: skip

    objects = WaspadaUserManager()  # type: ignore[misc]  # django-stubs types the manager as a ClassVar

    # Accounts are operational data scoped by their region: a province officer sees its province's accounts.
    scope_spec = ScopeSpec(region="scope_region__code", region_attr="scope_region_id", province=None, kabkota=None)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]  # Meta exists at runtime
        swappable = "AUTH_USER_MODEL"
        ordering = ["username"]

    def clean(self) -> None:
        super().clean()
        error = scope_region_error(self.role, self.scope_region)
        if error:
            raise ValidationError({"scope_region": error})

    @property
    def scope_label(self) -> str:
        return str(self.scope_region.name) if self.scope_region_id and self.scope_region else gettext("National")


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A personal API token: shown once, stored as its SHA-256 digest, revocable, always expiring."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, help_text=_("The first characters, to recognise it."))
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
