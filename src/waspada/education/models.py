"""A political-education activity (Permendagri 36/2010) as a Kesbangpol records it, its target groups and photos.

The activity type, facilitation form and target groups are codes of data/domain/education.yaml (vocabulary.py);
the services check them, so a new code in the file needs no migration. An activity sits in one province or
kab/kota; the denormalised province and kab/kota codes carry the scope filter (a province-level activity has no
kab/kota code, so a kab/kota officer does not see it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.core.scope import ScopedQuerySet, ScopeSpec
from waspada.regions.models import Region


class Activity(models.Model):
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    kabkota_code = models.CharField(_("regency/city code"), max_length=5, blank=True, db_index=True)
    organiser = models.CharField(_("organiser"), max_length=200)
    activity_type = models.CharField(_("activity type"), max_length=40)
    facilitation_form = models.CharField(_("facilitation form"), max_length=40)
    # Participants by sex where the attendance list says so; the total may be larger (sex not recorded).
    participants_male = models.PositiveIntegerField(_("male participants"), null=True, blank=True)
    participants_female = models.PositiveIntegerField(_("female participants"), null=True, blank=True)
    participants_total = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    partners = models.TextField(_("partners"), blank=True)
    budget_idr = models.PositiveBigIntegerField(_("budget (IDR)"), null=True, blank=True)
    materials = models.TextField(_("materials"), blank=True)
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_spec = ScopeSpec(region="region_id", province="province_code", kabkota="kabkota_code",
                           creator="created_by_id")  # fmt: skip

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("political-education activity")
        verbose_name_plural = _("political-education activities")
        indexes = [models.Index(fields=["start_date"]), models.Index(fields=["kabkota_code", "start_date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="education_activity_end_after_start"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def group_codes(self) -> list[str]:
        return [group.code for group in self.target_groups.all()]


class TargetGroup(models.Model):
    """One target group of an activity (a row per group, so coverage can count and filter by group in SQL)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="target_groups")
    code = models.CharField(_("target group"), max_length=40)

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [models.UniqueConstraint(fields=["activity", "code"], name="education_group_unique")]
        indexes = [models.Index(fields=["code"])]

    def __str__(self) -> str:
        return self.code


def photo_path(instance: Photo, filename: str) -> str:
    return f"education/{filename[:2]}/{filename}"  # named by content hash; the file is saved before its row


class Photo(models.Model):
    """A photo of an activity: an image (type sniffed from the bytes), size-limited, named by its content hash."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to=photo_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.original_name
