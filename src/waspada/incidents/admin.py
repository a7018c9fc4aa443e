"""Taxonomy in the admin (reference data, normally from `waspada incidents import-taxonomy`). Incidents are
changed through the app's pages and API only (services audit every write), so they are read-only here; so are
imports, exports and gateway deliveries. Gateway channels are made and rotated with `waspada intake` (the secret
is shown there once and never here); the admin can only disable or re-enable them, through the audited service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from waspada.core.admin_mixins import ReadOnlyAdmin
from waspada.incidents.models import (
    ActorType,
    EventSubType,
    EventType,
    ExportJob,
    ImportRun,
    Incident,
    IntakeChannel,
    ReviewRule,
    SeverityLevel,
    TaxonomyImport,
    WebhookDelivery,
)


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


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "kind", "file_name", "status", "rows_total", "rows_created", "error_count",
                    "office_code", "created_by")  # fmt: skip
    list_filter = ("status", "kind")
    search_fields = ("file_name", "office_code")


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "format", "status", "row_count", "size", "finished_at")
    list_filter = ("status", "format")


@admin.register(IntakeChannel)
class IntakeChannelAdmin(ReadOnlyAdmin):
    list_display = ("slug", "name", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("slug", "name")
    exclude = ("secret_enc",)
    actions = ["disable_channels", "enable_channels"]

    def _set_active(self, request: HttpRequest, queryset: QuerySet[IntakeChannel], active: bool) -> None:
        from waspada.incidents.intake.gateway_channels import set_active

        for channel in queryset:
            set_active(channel.slug, active, actor=request.user)
        self.message_user(request, _("%(count)d channels changed.") % {"count": queryset.count()}, messages.SUCCESS)

    @admin.action(description=_("Disable the selected channels (their deliveries get 404)"))
    def disable_channels(self, request: HttpRequest, queryset: QuerySet[IntakeChannel]) -> None:
        self._set_active(request, queryset, False)

    @admin.action(description=_("Enable the selected channels"))
    def enable_channels(self, request: HttpRequest, queryset: QuerySet[IntakeChannel]) -> None:
        self._set_active(request, queryset, True)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("id", "channel", "delivery_id", "received_at", "status", "attempts", "incident")
    list_filter = ("status", "channel")
    search_fields = ("delivery_id",)
    exclude = ("payload_enc",)  # it carries the sender's number: informants are revealed only through the app
    list_select_related = ("channel",)
    actions = ["retry"]

    @admin.action(description=_("Retry processing the selected deliveries"))
    def retry(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        from waspada.incidents.intake.webhook import process_pending

        counts = process_pending(list(queryset.values_list("pk", flat=True)), actor=request.user)
        self.message_user(request, _("%(processed)d processed, %(failed)d failed.") % counts, messages.INFO)


class ReviewRuleForm(forms.ModelForm):
    class Meta:
        model = ReviewRule
        fields = ("region_code", "four_eyes")

    def clean_region_code(self) -> str:
        from waspada.incidents import review_rules

        code = str(self.cleaned_data.get("region_code") or "").strip()
        problem = review_rules.office_error(code)
        if problem:
            raise forms.ValidationError(problem)
        return code


@admin.register(ReviewRule)
class ReviewRuleAdmin(admin.ModelAdmin):
    """The four-eyes rule per office; saved (and audited) through incidents.review_rules."""

    form = ReviewRuleForm
    list_display = ("__str__", "four_eyes", "updated_at", "updated_by")
    fields = ("region_code", "four_eyes")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("region_code",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        from waspada.incidents import review_rules
        from waspada.incidents.errors import IncidentError

        try:
            saved = review_rules.set_four_eyes(request.user, obj.region_code, obj.four_eyes, request=request)
        except IncidentError as error:
            self.message_user(request, " ".join(error.errors.values()), messages.ERROR)
            return
        obj.pk, obj.updated_at = saved.pk, saved.updated_at

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # switch the rule on or off instead: the change stays in the audit trail
