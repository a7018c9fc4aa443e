"""Exports of the incident list (issue 6): background jobs that stream the filtered, scoped rows to a file
the requesting user downloads when done."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    GEOJSON = "geojson", "GeoJSON"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    # A random id: the download link names it (the view still checks that the job is the user's).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    # The list's filters under its query parameter names ({"region": "32.73", "type": ...}, strings), re-parsed by
    # the worker with IncidentFilter.parse, so the file holds what the list showed.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(max_length=8, default="id")
    status = models.CharField(_("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    file = models.FileField(_("file"), max_length=300, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["user", "-created_at"], name="incidents_export_user")]

    def __str__(self) -> str:
        return f"{self.format} {self.status} {self.id}"
