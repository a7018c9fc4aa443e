"""Accounts in the Django admin (national admins only). Day-to-day management is the Users page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from waspada.accounts.models import ApiToken, User
from waspada.accounts.services import snapshot
from waspada.core.audit import record


@admin.register(User)
class WaspadaUserAdmin(UserAdmin):
    list_display = ("username", "email", "role", "scope_region", "is_active", "is_staff", "last_login")
    list_filter = ("role", "is_active", "is_staff", "is_external")
    list_select_related = ("scope_region",)
    raw_id_fields = ("scope_region",)
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Role and scope"), {"fields": ("role", "scope_region", "is_external")}),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # Admin edits are writes too: same audit event as the services record.
        with transaction.atomic():
            before = snapshot(User.objects.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            after = snapshot(obj)
            if after != before or "password" in form.changed_data:
                record(request.user, "accounts.user.update" if change else "accounts.user.create", obj, before,
                       after, request)  # fmt: skip

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # disable accounts instead; the audit trail refers to them


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    list_select_related = ("user",)
    readonly_fields = ("user", "name", "prefix", "digest", "created_at", "expires_at", "revoked_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are created by their owner, shown once

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # revoke instead: the audit trail keeps the token's history


# django-otp's own admin shows any user's TOTP secret as a QR code (and fails on a missing id): replace it
# with a list from which a national admin can remove a lost device, nothing more.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_select_related = ("user",)
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: TOTPDevice) -> None:
        with transaction.atomic():
            record(request.user, "accounts.2fa.remove", obj.user, {"device": obj.persistent_id}, None, request)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for device in queryset:
            self.delete_model(request, device)
