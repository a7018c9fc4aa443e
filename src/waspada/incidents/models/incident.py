"""The incident (docs/incidents.md, The record): when, where, what, who, how bad, how sensitive, and where it stands."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.core.scope import ScopedQuerySet, ScopeSpec, Sensitivity
from waspada.elections.models import Election, StageTag
from waspada.incidents.models.taxonomy import EventSubType, EventType
from waspada.regions.models import Region


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    UNVERIFIABLE = "unverifiable", _("Unverifiable")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Duplicate")
    ESCALATED = "escalated", _("Escalated")
    HANDLED = "handled", _("Handled")
    CLOSED = "closed", _("Closed")


class HandlingLevel(models.TextChoices):
    """Which office must act: escalation moves it up, so the next office's review queue picks it up."""

    KABKOTA = "kabkota", _("Regency/city")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


class TimePrecision(models.TextChoices):
    DAY = "day", _("Exact day")
    WEEK = "week", _("Within a week")
    MONTH = "month", _("Within a month")


class GeoPrecision(models.TextChoices):
    """ACLED-style: how close the point is to where it happened."""

    EXACT = "exact", _("Exact location")
    NEAR_PLACE = "near_place", _("Near a named place")
    KECAMATAN = "kecamatan", _("Kecamatan (district)")
    KABKOTA = "kabkota", _("Regency/city")


class ExternalSource(models.TextChoices):
    """Outside datasets whose exports `waspada history import` reads (docs/history.md)."""

    ACLED = "acled", "ACLED"
    UCDP = "ucdp", "UCDP GED"
    SNPK = "snpk", "SNPK"
    # Generated history (issue 19, `waspada history synthesize`): tests and the demo only; the backtest and
    # the forecasts leave it out unless asked for by name (`--source synthetic`).
    SYNTHETIC = "synthetic", _("Synthetic history")


class Incident(models.Model):
    title = models.CharField(_("title"), max_length=200)
    narrative = models.TextField(_("narrative"), blank=True)
    occurred_on = models.DateField(_("date"), help_text=_("Local calendar date in the region's time zone."))
    occurred_time = models.TimeField(_("local time"), null=True, blank=True)
    time_precision = models.CharField(
        _("time precision"), max_length=8, choices=TimePrecision.choices, default=TimePrecision.DAY
    )
    # Kab/kota; empty for an untriaged intake report, which is then national-only until placed.
    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kecamatan = models.ForeignKey(
        Region, verbose_name=_("kecamatan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    desa = models.ForeignKey(
        Region, verbose_name=_("desa/kelurahan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Denormalised by the service from the region: the scope filter and partitioning by province use them.
    province_code = models.CharField(_("province code"), max_length=2, blank=True, db_index=True)
    kabkota_code = models.CharField(_("regency/city code"), max_length=5, blank=True, db_index=True)
    place_code = models.CharField(_("most precise region code"), max_length=16, blank=True, db_index=True)
    # The office that owns the record (restricted items, informants): the kab/kota office, or the province
    # office for what a province officer reports itself; empty = national.
    owner_code = models.CharField(_("owning office"), max_length=16, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    geo_precision = models.CharField(_("location precision"), max_length=12, choices=GeoPrecision.choices, blank=True)
    placed_from_point = models.BooleanField(_("region taken from the point"), default=False)
    location_review = models.BooleanField(_("location needs review"), default=False)
    location_note = models.CharField(_("location note"), max_length=300, blank=True)
    # Something in how the report arrived needs a person's eye (a gateway naming a region that does not exist):
    # the national desk's queue shows it with the reason until the report is no longer waiting (issue 15).
    needs_review = models.BooleanField(_("needs review"), default=False)
    review_reason = models.CharField(_("review reason"), max_length=300, blank=True)
    event_type = models.ForeignKey(EventType, verbose_name=_("event type"), on_delete=models.PROTECT, related_name="+")
    event_subtype = models.ForeignKey(
        EventSubType, verbose_name=_("sub-type"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    secondary_types = models.JSONField(_("secondary event types"), default=list, blank=True)
    election = models.ForeignKey(
        Election, verbose_name=_("election"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage_tags = models.ManyToManyField(  # type: ignore[var-annotated]
        StageTag, verbose_name=_("stage tags"), through="IncidentStage", related_name="+", blank=True
    )
    dead = models.PositiveIntegerField(_("dead"), null=True, blank=True, help_text=_("Empty means unknown."))
    injured = models.PositiveIntegerField(_("injured"), null=True, blank=True, help_text=_("Empty means unknown."))
    people_involved = models.PositiveIntegerField(_("people involved"), null=True, blank=True)
    damage = models.TextField(_("damage"), blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"))
    sensitivity = models.CharField(
        _("sensitivity"), max_length=16, choices=Sensitivity.choices, default=Sensitivity.INTER_AGENCY
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    handling_level = models.CharField(
        _("handling level"), max_length=10, choices=HandlingLevel.choices, default=HandlingLevel.KABKOTA
    )
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    corroboration = models.PositiveIntegerField(_("independent sources"), default=0)
    is_demo = models.BooleanField(_("synthetic demo record"), default=False, db_index=True)
    # Imported history (docs/history.md): a record of another dataset that is not election-related (an armed
    # clash, a labour protest) is context: it feeds baselines and the vulnerability index, never election counts.
    is_context = models.BooleanField(_("context event (not election-related)"), default=False, db_index=True)
    # The dataset's own event id (ACLED EVENT_ID_CNTY, UCDP id), unique per dataset: a newer export updates.
    external_source = models.CharField(_("dataset"), max_length=12, choices=ExternalSource.choices, blank=True)
    external_id = models.CharField(_("dataset event id"), max_length=64, blank=True)
    # The dataset's own classification and place names as it gave them (event and sub-event type, actors,
    # admin names, precision codes), so a record can be re-read without the file.
    external_record = models.JSONField(_("dataset record"), default=dict, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_spec = ScopeSpec(
        region="place_code", province="province_code", kabkota="kabkota_code", sensitivity="sensitivity",
        owner="owner_code", creator="created_by_id",
    )  # fmt: skip

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [
            models.Index(fields=["-occurred_on", "-id"], name="incidents_recent"),
            models.Index(fields=["province_code", "occurred_on"], name="incidents_prov_date"),
            models.Index(fields=["kabkota_code", "occurred_on"], name="incidents_kabkota_date"),
            models.Index(fields=["status", "handling_level"], name="incidents_queue"),
            models.Index(fields=["event_type", "occurred_on"], name="incidents_type_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(severity__gte=1, severity__lte=5), name="incidents_severity_1_5"),
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~Q(external_id=""),
                name="incidents_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"


class IncidentStage(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="stage_links")
    tag = models.ForeignKey(StageTag, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "tag"], name="incidents_stage_unique")]
        indexes = [models.Index(fields=["tag", "incident"], name="incidents_stage_tag")]

    def __str__(self) -> str:
        return f"{self.incident_id}:{self.tag_id}"
