"""Audit events in the admin: read-only, no add, change or delete (the model refuses them too)."""

from __future__ import annotations

from django.contrib import admin

from waspada.core.admin_mixins import ReadOnlyAdmin
from waspada.core.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("seq", "created_at", "actor_name", "action", "object_type", "object_repr", "region_code")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_repr", "object_id", "request_id")
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = None
