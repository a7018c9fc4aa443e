"""Monitoring instruments (versioned questionnaires) and rounds of them filled in by the kab/kota offices.

An instrument has versions; a version holds dimensions > sub-dimensions > indicators and is immutable once
published (editing one makes a new draft version, services.new_version). A round asks the kab/kota offices of
its scope to answer one published version; each office's answers live in its Assignment, with every change kept
in AnswerHistory. Every write goes through services.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.core.scope import ScopedQuerySet, ScopeSpec
from waspada.elections.models import Election, Stage
from waspada.regions.models import Region


class AnswerType(models.TextChoices):
    SCALE = "scale", _("Scale")
    YES_NO = "yes_no", _("Yes/no")
    NUMBER = "number", _("Number")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    TEXT = "text", _("Text")
    DATE = "date", _("Date")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Instrument(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.code


class InstrumentVersion(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["instrument", "number"]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="monitoring_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Grouping(models.Model):
    """What a dimension and a sub-dimension share: a coded, weighted, bilingual heading with its source."""

    code = models.CharField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"))
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    weight = models.FloatField(_("weight"), default=1.0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        abstract = True


class Dimension(Grouping):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="dimensions")

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="monitoring_dimension_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name_id}"


class SubDimension(Grouping):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="subdimensions")

    class Meta:
        ordering = ["dimension", "position"]
        verbose_name = _("sub-dimension")
        verbose_name_plural = _("sub-dimensions")
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="monitoring_subdimension_unique")]

    def __str__(self) -> str:
        return f"{self.dimension.position}.{self.position} {self.name_id}"


class Indicator(models.Model):
    """One question. `code` is unique within its version ("2.1.3" style numbering is the position path).

    choices: [{"code": "ya", "label_id": ..., "label_en": ...}] for single/multiple choice.
    scoring: the rule mapping an answer to 0-100 (scoring.py documents each kind).
    condition: relevance, e.g. {"indicator": "<earlier code>", "equals": true} or {"in": [...]}; null = always.
    """

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="indicators")
    subdimension = models.ForeignKey(SubDimension, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"))
    order = models.PositiveIntegerField(_("order in the version"), default=0)
    text_id = models.TextField(_("question (Indonesian)"))
    text_en = models.TextField(_("question (English)"))
    help_id = models.TextField(_("guidance (Indonesian)"), blank=True)
    help_en = models.TextField(_("guidance (English)"), blank=True)
    answer_type = models.CharField(_("answer type"), max_length=16, choices=AnswerType.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    scoring = models.JSONField(_("scoring rule"), default=dict, blank=True)
    weight = models.FloatField(_("weight"), default=1.0)
    required = models.BooleanField(_("answer required"), default=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    condition = models.JSONField(_("relevance condition"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="monitoring_indicator_unique")]

    def __str__(self) -> str:
        return self.code


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    version = models.ForeignKey(
        InstrumentVersion, verbose_name=_("instrument version"), on_delete=models.PROTECT, related_name="rounds"
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    election = models.ForeignKey(
        Election, verbose_name=_("election"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The office that opened it: null = the national desk, else a province code.
    scope_region = models.ForeignKey(
        Region, verbose_name=_("opened for"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    province_code = models.CharField(_("province code"), max_length=2, blank=True, db_index=True)
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(_("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    # A national round has no region: national-only through the filter; offices reach rounds via assignments.
    scope_spec = ScopeSpec(
        region="scope_region__code", region_attr="scope_region_id", province="province_code", kabkota=None
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("monitoring round")
        verbose_name_plural = _("monitoring rounds")

    def __str__(self) -> str:
        return self.title


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class Assignment(models.Model):
    """One kab/kota office's questionnaire in one round."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="assignments")
    region = models.ForeignKey(Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    kabkota_code = models.CharField(_("regency/city code"), max_length=5, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.NOT_STARTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    review_note = models.TextField(_("review note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # The last reminder sent to the office (reminders.send_due: at most one per assignment per day).
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    scope_spec = ScopeSpec(region="kabkota_code", province="province_code", kabkota="kabkota_code")

    class Meta:
        ordering = ["round", "kabkota_code"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["round", "region"], name="monitoring_assignment_unique")]
        indexes = [models.Index(fields=["round", "status"], name="monitoring_assign_status")]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.kabkota_code}"


class Answer(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(_("answer"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="monitoring/evidence/", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["assignment", "indicator__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["assignment", "indicator"], name="monitoring_answer_unique")]

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.indicator_id}"


class AnswerSource(models.TextChoices):
    """Where a change of an answer came from (shown on the answer's history page)."""

    PAGE = "page", _("Questionnaire page")
    API = "api", _("API")
    IMPORT = "import", _("KoBo/ODK import")
    DEMO = "demo", _("Demo data")


class AnswerHistory(models.Model):
    """Every change of an answer, appended by the service that made it."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="history")
    value = models.JSONField(_("answer"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence = models.CharField(_("evidence file"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    # Blank for rows written before the source was kept.
    source = models.CharField(_("source"), max_length=8, choices=AnswerSource.choices, blank=True)
    # Saved by a round manager (national desk or province) for the office, e.g. a bulk KoBo/ODK import.
    on_behalf = models.BooleanField(_("on behalf of the office"), default=False)

    class Meta:
        ordering = ["answer", "changed_at", "id"]
        verbose_name = _("answer history")
        verbose_name_plural = _("answer history")

    def __str__(self) -> str:
        return f"{self.answer_id}@{self.changed_at:%Y-%m-%d %H:%M}"


class ReviewComment(models.Model):
    """The reviewer's remark on one question when an assignment is returned."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="comments")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        ordering = ["assignment", "created_at", "id"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.indicator_id}"
