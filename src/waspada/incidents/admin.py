"""Taxonomy in the admin (reference data, normally from `waspada incidents import-taxonomy`). Incidents are
changed through the app's pages and API only (services audit every write), so they are read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from waspada.incidents.models import ActorType, EventSubType, EventType, Incident, SeverityLevel, TaxonomyImport


class SubTypeInline(admin.TabularInline):
    model = EventSubType
    extra = 0
    fields = ("position", "code", "label_id", "label_en", "overrides")


@admin.register(EventType)
class EventTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "label_id", "default_severity", "snpk_category", "acled_event_type",
                    "bawaslu_legal_category")  # fmt: skip
    search_fields = ("code", "label_id", "label_en")
    inlines = [SubTypeInline]


@admin.register(ActorType)
class ActorTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "label_id", "label_en", "acled_inter")


@admin.register(SeverityLevel)
class SeverityLevelAdmin(admin.ModelAdmin):
    list_display = ("level", "label_id", "label_en")


@admin.register(TaxonomyImport)
class TaxonomyImportAdmin(admin.ModelAdmin):
    list_display = ("imported_at", "version", "checksum")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ("id", "occurred_on", "kabkota_code", "event_type", "severity", "status", "sensitivity", "is_demo")
    list_filter = ("status", "sensitivity", "is_demo")
    exclude = ("search_text",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
