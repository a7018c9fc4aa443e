"""Reference data in the admin: browsable and searchable; changed only by `waspada regions import`."""

from __future__ import annotations

from django.contrib import admin

from waspada.core.admin_mixins import ReadOnlyAdmin
from waspada.regions.models import BoundaryLayer, Region, RegionImport


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "parent", "population", "area_km2", "timezone", "is_active")
    list_filter = ("level", "is_administrative", "timezone", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    show_full_result_count = False


@admin.register(BoundaryLayer)
class BoundaryLayerAdmin(ReadOnlyAdmin):
    list_display = ("key", "features", "raw_bytes", "gzip_bytes", "etag", "created_at")
    exclude = ("content_gzip",)


@admin.register(RegionImport)
class RegionImportAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "finished_at", "decree", "data_dir")
