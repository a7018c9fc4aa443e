"""Elections, stages and contests are editable in the admin (new elections can be added as data);
`waspada elections import` rewrites the elections its files define and the derived contests, except a cycle
changed by hand: saving an election here marks it `entered`, as the cycle pages (elections/cycles.py) do."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils import timezone

from waspada.core.admin_mixins import ReadOnlyAdmin
from waspada.elections.models import Contest, Election, ElectionImport, ElectionOrigin, Stage, StageTag


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("position", "code", "tag", "also_tags", "name_id", "name_en", "start", "end", "optional", "held", "note")


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_id", "kind", "applies_to", "voting_day", "origin", "provisional", "source_file")
    list_filter = ("kind", "applies_to", "origin", "provisional")
    search_fields = ("code", "name_id", "name_en")
    readonly_fields = ("origin", "confirmed_at", "confirmed_by")
    inlines = [StageInline]

    def save_model(self, request: Any, obj: Election, form: Any, change: bool) -> None:
        # The admin's version now wins over the data files; running processes reload the calendar.
        obj.origin, obj.changed_at = ElectionOrigin.ENTERED, timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("election", "code", "tag", "start", "end", "optional", "held", "unverified", "sources_disagree")
    list_filter = ("election", "tag", "optional", "unverified", "sources_disagree")
    search_fields = ("code", "name_id", "name_en")
    readonly_fields = ("unverified", "sources_disagree")


@admin.register(StageTag)
class StageTagAdmin(admin.ModelAdmin):
    list_display = ("code", "label_id", "label_en", "position")


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ("election", "region", "kind", "origin")
    list_filter = ("election", "kind", "origin")
    search_fields = ("region__code", "region__name")
    raw_id_fields = ("region",)
    list_select_related = ("region",)


@admin.register(ElectionImport)
class ElectionImportAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "finished_at", "domain_dir")
