"""Elections, their stages (date windows), the stage tags items carry, and the contests held per region."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from waspada.core.i18n import prefers_indonesian
from waspada.regions.models import Region

OUTSIDE_STAGES = "luar_tahapan"  # the tag of a date no stage covers (docs/elections.md, Stage of a date)
UNVERIFIED = "(unverified)"
SOURCES_DISAGREE = "(sources disagree"


def _in_language(indonesian: str, english: str) -> str:
    """The Indonesian text on Indonesian pages, else the English; one of them when only one was written."""
    if prefers_indonesian():
        return indonesian or english
    return english or indonesian


def host_name(url: str) -> str:
    """ "https://www.kpu.go.id:443/x" -> "kpu.go.id": a readable name for a link whose source has no title."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


class Bilingual(models.Model):
    """Official terms stay data: the Indonesian name is shown in Indonesian, the English one otherwise."""

    name_id = models.CharField(_("name (Indonesian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_id if prefers_indonesian() or not self.name_en else self.name_en


class StageTag(models.Model):
    """A stage tag of taxonomy.yaml; incidents and signals carry these codes."""

    code = models.CharField(_("code"), max_length=40, primary_key=True)
    label_id = models.CharField(_("label (Indonesian)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("stage tag")
        verbose_name_plural = _("stage tags")

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return self.label_id if prefers_indonesian() or not self.label_en else self.label_en


class ElectionKind(models.TextChoices):
    PEMILU = "pemilu", _("General election (Pemilu)")
    PILKADA = "pilkada", _("Regional head election (Pilkada)")
    # A re-vote ordered for some polling stations or regions (pemungutan suara ulang).
    PSU = "psu", _("Re-vote (PSU)")
    # Held later where the whole election could not take place (pemilihan susulan).
    SUSULAN = "susulan", _("Follow-up election (pemilihan susulan)")
    # Resumes the stages that were interrupted somewhere (pemilihan lanjutan).
    LANJUTAN = "lanjutan", _("Continued election (pemilihan lanjutan)")


class ElectionOrigin(models.TextChoices):
    """Who wrote the cycle: `waspada elections import` never overwrites or deletes an entered one."""

    IMPORTED = "imported", _("Imported from the data files")
    ENTERED = "entered", _("Entered by a national admin")


class AppliesTo(models.TextChoices):
    EVERYWHERE = "everywhere", _("Every region")
    CONTEST_REGIONS = "contest_regions", _("Regions holding a contest")
    # A re-vote or a follow-up election: only the regions listed on the election (and their parts).
    LISTED_REGIONS = "listed_regions", _("The regions listed")


class Election(Bilingual):
    code = models.CharField(_("code"), max_length=40, primary_key=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ElectionKind.choices)
    applies_to = models.CharField(
        _("stages apply to"), max_length=16, choices=AppliesTo.choices, default=AppliesTo.EVERYWHERE
    )
    voting_day = models.DateField(_("voting day"), null=True, blank=True)
    # Region codes where an election that applies to `listed_regions` is held (a PSU, a pemilihan susulan).
    regions = models.JSONField(_("regions"), default=list, blank=True)
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    # The same instruments in Indonesian, item for item (an item that needs no translation is repeated).
    legal_basis_id = models.JSONField(_("legal basis (Indonesian)"), default=list, blank=True)
    contest_types = models.JSONField(_("contest types"), default=list, blank=True)
    # {"governor": 37, "regent": 415, "mayor": 93}: what the data says the derivation must give.
    expected_contests = models.JSONField(_("expected contests"), default=dict, blank=True)
    # {province code: {"governor": bool, "kabkota": int | None}}, from regions.yaml at import.
    contest_rules = models.JSONField(_("contest rules"), default=dict, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)  # scale, disputes... as in the file
    sources = models.JSONField(_("sources"), default=dict, blank=True)  # source id -> URL
    # source id -> what a reader sees as the link: the cited instrument (`ref`), else the web site's host name.
    source_labels = models.JSONField(_("source labels"), default=dict, blank=True)
    source_file = models.CharField(_("source file"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    origin = models.CharField(
        _("origin"), max_length=16, choices=ElectionOrigin.choices, default=ElectionOrigin.IMPORTED
    )
    # Provisional until a national admin confirms the dates (planning figures, a draft regulation).
    provisional = models.BooleanField(_("provisional"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    # Last change by hand (cycle pages, admin): with the latest import, the version of the calendar that running
    # processes reload on (selectors.calendar_version).
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True, editable=False)
    # Where the dates come from and how firm they are, in both languages.
    source_note_id = models.TextField(_("source note (Indonesian)"), blank=True)
    source_note_en = models.TextField(_("source note (English)"), blank=True)

    class Meta:
        ordering = ["position", "voting_day", "code"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return self.code

    @property
    def source_note(self) -> str:
        return self.source_note_id if prefers_indonesian() or not self.source_note_en else self.source_note_en

    @property
    def entered(self) -> bool:
        return self.origin == ElectionOrigin.ENTERED

    @property
    def legal_basis_text(self) -> list[str]:
        """The legal basis in the reader's language (the file's wording where no Indonesian was given)."""
        if prefers_indonesian() and self.legal_basis_id:
            return list(self.legal_basis_id)
        return list(self.legal_basis)

    def source_label(self, source: str) -> str:
        url = self.sources.get(source)
        return str(self.source_labels.get(source) or (host_name(url) if url else "") or _("source"))


class Stage(Bilingual):
    """A tahapan: a date window, both ends inclusive; a null end means unknown or open."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stages")
    code = models.CharField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    tag = models.ForeignKey(StageTag, on_delete=models.PROTECT, related_name="stages", verbose_name=_("tag"))
    also_tags = models.JSONField(_("also tags"), default=list, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    optional = models.BooleanField(_("contingent"), default=False)
    # note, rule and contingent_on hold the file's English (or an admin's free text in any language); the *_id
    # fields hold the Indonesian of the same text. Pages show the *_text properties.
    contingent_on = models.TextField(_("contingent on"), blank=True)
    contingent_on_id = models.TextField(_("contingent on (Indonesian)"), blank=True)
    held = models.BooleanField(_("held"), null=True, blank=True)
    rule = models.TextField(_("rule"), blank=True)
    rule_id = models.TextField(_("rule (Indonesian)"), blank=True)
    note = models.TextField(_("note"), blank=True)
    note_id = models.TextField(_("note (Indonesian)"), blank=True)
    comments = models.JSONField(_("comments in the source file"), default=list, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)  # source ids of the election's file
    unverified = models.BooleanField(_("unverified"), default=False)
    sources_disagree = models.BooleanField(_("sources disagree"), default=False)

    class Meta:
        ordering = ["election", "position", "code"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [models.UniqueConstraint(fields=["election", "code"], name="elections_stage_unique_code")]

    def __str__(self) -> str:
        return f"{self.election_id}/{self.code}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.unverified = UNVERIFIED in self.remarks
        self.sources_disagree = SOURCES_DISAGREE in self.remarks
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def tags(self) -> list[str]:
        return [self.tag_id, *[tag for tag in self.also_tags if tag != self.tag_id]]

    @property
    def source_links(self) -> list[tuple[str, str | None]]:
        """(source id, URL) pairs; the URLs live in the election's file-level sources list."""
        return [(source, self.election.sources.get(source)) for source in self.sources]

    @property
    def labelled_sources(self) -> list[tuple[str, str | None, str]]:
        """(source id, URL, what the reader sees): the cited instrument or the site's host, never the id."""
        return [(source, url, self.election.source_label(source)) for source, url in self.source_links]

    @property
    def tag_labels(self) -> list[str]:
        """The stage tags as words in the reader's language (the codes stay in `tags`)."""
        labels = {self.tag_id: self.tag.label}
        extra = [tag for tag in self.also_tags if tag not in labels]
        if extra:
            labels.update({tag.code: tag.label for tag in StageTag.objects.filter(code__in=extra)})
        return [labels.get(code) or code for code in self.tags]

    @property
    def note_text(self) -> str:
        return _in_language(self.note_id, self.note)

    @property
    def rule_text(self) -> str:
        return _in_language(self.rule_id, self.rule)

    @property
    def contingent_text(self) -> str:
        return _in_language(self.contingent_on_id, self.contingent_on)

    @property
    def remarks(self) -> str:
        return " ".join(part for part in (self.note, self.rule, *self.comments) if part)

    def clean(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": _("The end date is before the start date.")})
        unknown = set(self.also_tags) - set(StageTag.objects.values_list("code", flat=True))
        if unknown:
            raise ValidationError({"also_tags": _("Unknown stage tags: %(tags)s.") % {"tags": ", ".join(unknown)}})


class ContestKind(models.TextChoices):
    GOVERNOR = "governor", _("Governor")
    REGENT = "regent", _("Regent (bupati)")
    MAYOR = "mayor", _("Mayor (wali kota)")


class ContestOrigin(models.TextChoices):
    DERIVED = "derived", _("Derived from the regions and regions.yaml")
    MANUAL = "manual", _("Entered by hand")


class Contest(models.Model):
    """One head-of-region race: the province for a governor, the kabupaten or kota for a regent or mayor."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="contests")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="contests", verbose_name=_("region"))
    kind = models.CharField(_("kind"), max_length=16, choices=ContestKind.choices)
    origin = models.CharField(_("origin"), max_length=16, choices=ContestOrigin.choices, default=ContestOrigin.MANUAL)

    class Meta:
        ordering = ["election", "region_id", "kind"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        constraints = [
            models.UniqueConstraint(fields=["election", "region", "kind"], name="elections_contest_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.election_id}/{self.region_id}/{self.kind}"


class ElectionImport(models.Model):
    """One run of `waspada elections import`: files read (with checksums), counts and warnings."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    domain_dir = models.CharField(max_length=500)
    checksums = models.JSONField(default=dict)
    counts = models.JSONField(default=dict)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("election import")
        verbose_name_plural = _("election imports")

    def __str__(self) -> str:
        return f"{self.domain_dir} @ {self.started_at:%Y-%m-%d %H:%M}"
