"""The vulnerability index (docs/index.md): a versioned method, each computation run under it, one score per
region per run with its breakdown and explanation, and the published editions (Bawaslu's IKP, Polri's) kept
read-only beside it for comparison.

Scores run 0-100, higher meaning more vulnerable, as in Bawaslu's IKP.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.core.scope import ScopedQuerySet, ScopeSpec
from waspada.regions.models import Region


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    KABKOTA = "kabkota", _("Regency/city")


class Category(models.TextChoices):
    RENDAH = "rendah", _("Low")
    SEDANG = "sedang", _("Medium")
    TINGGI = "tinggi", _("High")


class IndexMethod(models.Model):
    """One version of the method: weights, thresholds, incident blend, aggregation (the keys are in docs/index.md).

    Never edited once a run used it: a change of parameters is a new version, so every score can be recomputed
    by hand from the version it names.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    params = models.JSONField(_("parameters"))
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("in use"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("index method")
        verbose_name_plural = _("index methods")

    def __str__(self) -> str:
        return f"v{self.version} {self.name}"


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunTrigger(models.TextChoices):
    MANUAL = "manual", _("Command or page")
    SCHEDULE = "schedule", _("Nightly schedule")
    APPROVAL = "approval", _("Approved submissions")
    DEMO = "demo", _("Demo data")


class IndexRun(models.Model):
    """One computation: every active region scored under one method as of one date (and optionally one round)."""

    method = models.ForeignKey(IndexMethod, verbose_name=_("method"), on_delete=models.PROTECT, related_name="runs")
    as_of = models.DateField(_("as of"))
    # Answers from this round only; empty = each region's latest approved answers up to `as_of`.
    round = models.ForeignKey(
        "monitoring.Round",
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous = models.ForeignKey(
        "self", verbose_name=_("compared with"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trigger = models.CharField(_("trigger"), max_length=12, choices=RunTrigger.choices, default=RunTrigger.MANUAL)
    status = models.CharField(_("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    regions_scored = models.PositiveIntegerField(_("regions scored"), default=0)
    duration_s = models.FloatField(_("duration (s)"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("index computation")
        verbose_name_plural = _("index computations")
        indexes = [models.Index(fields=["status", "as_of"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.as_of} (v{self.method.version})"


class RegionScore(models.Model):
    """One region's index in one run, with everything needed to explain it.

    dimensions / subdimensions: {code: 0-100 or null}. contributions: the top indicators, each
    {"code", "label_id", "label_en", "kind": "answer"|"incident", "value", "score", "weight", "points"}
    where points is the share of the composite it carries. reasons: why it moved since `run.previous`,
    each {"kind": "answer"|"incident"|"coverage", "code", "before", "after", "effect", "text_id", "text_en"}.
    """

    run = models.ForeignKey(IndexRun, on_delete=models.CASCADE, related_name="scores")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    kabkota_code = models.CharField(_("regency/city code"), max_length=5, blank=True, db_index=True)
    composite = models.FloatField(_("index"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=8, choices=Category.choices, blank=True)
    monitoring_score = models.FloatField(_("monitoring score"), null=True, blank=True)
    incident_score = models.FloatField(_("incident score"), null=True, blank=True)
    coverage = models.FloatField(_("coverage"), default=0.0)  # share of indicator weight answered, 0-1
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)  # 1 = most vulnerable at its level
    dimensions = models.JSONField(_("dimensions"), default=dict, blank=True)
    subdimensions = models.JSONField(_("sub-dimensions"), default=dict, blank=True)
    contributions = models.JSONField(_("top contributions"), default=list, blank=True)
    change = models.FloatField(_("change"), null=True, blank=True)  # composite minus the previous run's
    reasons = models.JSONField(_("reasons for the change"), default=list, blank=True)
    # Every answered indicator and incident type behind the score (contributions are its top few), so the next
    # run can name what moved: {"answers": {code: item}, "incidents": {type: item}, "population", ...} (i17-core).
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_spec = ScopeSpec(region="region_id", province="province_code", kabkota="kabkota_code")

    class Meta:
        ordering = ["run", "rank", "region"]
        verbose_name = _("region score")
        verbose_name_plural = _("region scores")
        constraints = [models.UniqueConstraint(fields=["run", "region"], name="risk_score_unique")]
        indexes = [models.Index(fields=["run", "level"])]

    def __str__(self) -> str:
        return f"{self.region_id} {self.composite} (run {self.run_id})"


class ReferenceEdition(models.Model):
    """A published index (data/domain/ikp_2024.yaml): read-only, with its sources."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    publisher = models.CharField(_("publisher"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=60, blank=True)
    release_date = models.DateField(_("released"), null=True, blank=True)
    higher_is_more_vulnerable = models.BooleanField(default=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)  # method notes, scope, thresholds
    file_sha256 = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(_("loaded"), default=timezone.now)

    class Meta:
        ordering = ["-release_date", "code"]
        verbose_name = _("reference edition")
        verbose_name_plural = _("reference editions")

    def __str__(self) -> str:
        return self.name


class ReferenceScore(models.Model):
    """One published figure: a region's score (and category, rank) in an edition, under one approach."""

    edition = models.ForeignKey(ReferenceEdition, on_delete=models.CASCADE, related_name="scores")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    # provincial_input (IKP approach 1), kabkota_aggregate (approach 2), kabkota_direct, or empty.
    approach = models.CharField(_("approach"), max_length=24, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=8, choices=Category.choices, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    alt_score = models.FloatField(null=True, blank=True)
    alt_source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["edition", "level", "approach", "rank"]
        verbose_name = _("reference score")
        verbose_name_plural = _("reference scores")
        constraints = [models.UniqueConstraint(fields=["edition", "region", "approach"], name="risk_reference_unique")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.score} ({self.edition_id})"
