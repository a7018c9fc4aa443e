"""Bulk imports of incidents from CSV/XLSX (issue 6): one row per attempt, kept whether it committed or not,
so an office's import history shows what was loaded, by whom, and why a file was refused. Each incident an
import created keeps a link to its run and its row in the file (ImportedRow), so loaded data can be traced."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    INCIDENTS = "incidents", _("Incident reports")
    EVENTS = "events", _("Historical events (other datasets)")


class ImportStatus(models.TextChoices):
    COMMITTED = "committed", _("Imported")
    REJECTED = "rejected", _("Refused: errors in the file")
    FAILED = "failed", _("Failed")


class ImportRun(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=ImportKind.choices, default=ImportKind.INCIDENTS)
    file_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=4)  # csv | xlsx
    file_sha256 = models.CharField(max_length=64)
    file_size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("incidents created"), default=0)
    # [{"row": 7, "column": "tanggal", "message": "..."}], capped (the count below is the full number).
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("error count"), default=0)
    # Headers the importer did not recognise (ignored, shown so a misspelt optional column is noticed).
    ignored_columns = models.JSONField(_("ignored columns"), default=list, blank=True)
    # The audit event's job id: the batch event of a committed run carries the same value.
    job_id = models.CharField(_("job id"), max_length=32, blank=True)
    # The importing user's scope region (empty = national): whose history the run belongs to.
    office_code = models.CharField(_("office"), max_length=16, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # A history import (docs/history.md): the dataset whose export was read (acled, ucdp; empty for a
    # Waspada-shaped file) and its outcome {"placed", "province_only", "refused", "created", "updated", ...}.
    dataset = models.CharField(_("dataset"), max_length=8, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"


class ImportedRow(models.Model):
    """Which run and which row of its file created an incident (row numbers as the spreadsheet shows them)."""

    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="imported_rows")
    row = models.PositiveIntegerField(_("row"))
    incident = models.OneToOneField("incidents.Incident", on_delete=models.CASCADE, related_name="import_row")

    class Meta:
        ordering = ["run", "row"]
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")

    def __str__(self) -> str:
        return f"{self.run_id}:{self.row}"
