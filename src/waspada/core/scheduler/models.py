"""One row per registered periodic job: its schedule, when it runs next and how its last run went.

Rows are created and updated from the registry (`waspada.core.scheduler.sync`); a worker claims a due run by
one conditional UPDATE of its row (see `claim`), so several workers never run the same run.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    class Status(models.TextChoices):
        NEVER = "", _("never run")
        RUNNING = "running", _("running")
        OK = "ok", _("succeeded")
        FAILED = "failed", _("failed")

    name = models.CharField(_("name"), max_length=100, unique=True)
    path = models.CharField(_("function"), max_length=200)
    every_seconds = models.PositiveIntegerField(_("interval (seconds)"), null=True, blank=True)
    daily_at = models.TimeField(_("daily at"), null=True, blank=True)  # local time (TIME_ZONE) when no interval
    lease_seconds = models.PositiveIntegerField(_("lease (seconds)"))
    next_run_at = models.DateTimeField(_("next run"), db_index=True)
    running_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_status = models.CharField(_("last outcome"), max_length=10, choices=Status.choices, default="", blank=True)
    last_result = models.CharField(_("last result"), max_length=200, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        app_label = "core"
        ordering = ["name"]
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name
