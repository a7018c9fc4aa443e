"""The admin site: staff national admins only; with WASPADA_REQUIRE_2FA, only after the one-time code."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from waspada.core.permissions import two_factor_missing
from waspada.core.scope import Role


class WaspadaAdminSite(admin.AdminSite):
    site_header = "Waspada"
    site_title = "Waspada admin"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and getattr(user, "role", None) == Role.NATIONAL_ADMIN
            and two_factor_missing(request) is None
        )
