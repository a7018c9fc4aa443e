"""The event taxonomy as data (data/domain/taxonomy.yaml): event types and sub-types with their SNPK,
ACLED and Bawaslu mappings, actor types and the severity rubric. Loaded by `waspada incidents import-taxonomy`.
Stage tags belong to the elections app (elections.StageTag)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from waspada.core.i18n import prefers_indonesian

MAPPING_KEYS = ("snpk_category", "acled_event_type", "acled_sub_event_type", "bawaslu_legal_category")


class Labelled(models.Model):
    label_id = models.CharField(_("label (Indonesian)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        return self.label_id if prefers_indonesian() or not self.label_en else self.label_en


class EventType(Labelled):
    code = models.CharField(_("code"), max_length=40, primary_key=True)
    definition = models.TextField(_("definition"), blank=True)
    default_severity = models.PositiveSmallIntegerField(_("default severity"), default=1)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    snpk_category = models.CharField(_("SNPK category"), max_length=60, blank=True)
    snpk_alternative = models.CharField(_("SNPK alternative"), max_length=60, blank=True)
    acled_event_type = models.CharField(_("ACLED event type"), max_length=60, blank=True)
    acled_sub_event_type = models.CharField(_("ACLED sub-event type"), max_length=80, blank=True)
    bawaslu_legal_category = models.CharField(_("Bawaslu legal category"), max_length=40, blank=True)
    mapping_notes = models.TextField(_("mapping notes"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("event type")
        verbose_name_plural = _("event types")

    def __str__(self) -> str:
        return self.code


class EventSubType(Labelled):
    event_type = models.ForeignKey(EventType, on_delete=models.CASCADE, related_name="subtypes")
    code = models.CharField(_("code"), max_length=60)
    # The mapping keys this sub-type changes (taxonomy.yaml `subtype_overrides`),
    # e.g. {"bawaslu_legal_category": "pidana"}.
    overrides = models.JSONField(_("mapping overrides"), default=dict, blank=True)

    class Meta:
        ordering = ["event_type", "position", "code"]
        verbose_name = _("event sub-type")
        verbose_name_plural = _("event sub-types")
        constraints = [models.UniqueConstraint(fields=["event_type", "code"], name="incidents_subtype_unique")]

    def __str__(self) -> str:
        return f"{self.event_type_id}/{self.code}"


def mappings_for(event_type: EventType, subtype: EventSubType | None = None) -> dict[str, Any]:
    """SNPK / ACLED / Bawaslu codes of an event, the sub-type's overrides applied."""
    values: dict[str, Any] = {key: getattr(event_type, key) or None for key in MAPPING_KEYS}
    if subtype is not None:
        values.update({key: value or None for key, value in subtype.overrides.items() if key in MAPPING_KEYS})
    return values


class ActorType(Labelled):
    code = models.CharField(_("code"), max_length=40, primary_key=True)
    acled_inter = models.PositiveSmallIntegerField(_("ACLED inter code"), null=True, blank=True)
    acled_note = models.TextField(_("ACLED note"), blank=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("actor type")
        verbose_name_plural = _("actor types")

    def __str__(self) -> str:
        return self.code


class SeverityLevel(Labelled):
    """One rubric level. Criteria and examples are kept in Indonesian and English like the labels; `criteria`
    and `examples` give the active language's (Indonesian when a list has no English)."""

    level = models.PositiveSmallIntegerField(_("level"), primary_key=True)
    criteria_id = models.JSONField(_("criteria (Indonesian)"), default=list)
    criteria_en = models.JSONField(_("criteria (English)"), default=list, blank=True)
    examples_id = models.JSONField(_("examples (Indonesian)"), default=list, blank=True)
    examples_en = models.JSONField(_("examples (English)"), default=list, blank=True)

    class Meta:
        ordering = ["level"]
        verbose_name = _("severity level")
        verbose_name_plural = _("severity levels")

    def __str__(self) -> str:
        return f"{self.level} {self.label_id}"

    @property
    def criteria(self) -> list[str]:
        return _in_language(self.criteria_id, self.criteria_en)

    @property
    def examples(self) -> list[str]:
        return _in_language(self.examples_id, self.examples_en)


def _in_language(indonesian: list[str], english: list[str]) -> list[str]:
    """The active language's list; a missing Indonesian list falls back to English and the other way round."""
    if prefers_indonesian():
        return list(indonesian or english or [])
    return list(english or indonesian or [])


class TaxonomyImport(models.Model):
    """One run of `waspada incidents import-taxonomy`: the file's version, checksum and counts."""

    imported_at = models.DateTimeField()
    path = models.CharField(max_length=500)
    version = models.CharField(max_length=40, blank=True)
    checksum = models.CharField(max_length=64)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("taxonomy import")
        verbose_name_plural = _("taxonomy imports")

    def __str__(self) -> str:
        return f"{self.version} @ {self.imported_at:%Y-%m-%d %H:%M}"
