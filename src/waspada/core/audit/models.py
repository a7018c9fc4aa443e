"""Append-only, hash-chained audit events (docs/architecture.md, Writes and the audit trail; NetBox's ObjectChange is
the model)."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Audit events are never changed or removed; correct a mistake with a new event."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError("Audit events are append-only: no update or delete.")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    update = _refuse  # type: ignore[assignment]
    delete = _refuse  # type: ignore[assignment]
    bulk_update = _refuse  # type: ignore[assignment]
    update_or_create = _refuse  # type: ignore[assignment]


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    created_at = models.DateTimeField(_("time"), db_index=True, editable=False)
    # PROTECT: an account that acted can be disabled, never deleted, so the chain keeps its actor.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )  # fmt: skip
    actor_name = models.CharField(_("actor name"), max_length=150, editable=False)
    action = models.CharField(_("action"), max_length=64, db_index=True, editable=False)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True, blank=True, editable=False)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, editable=False)
    object_repr = models.CharField(_("object"), max_length=200, blank=True, editable=False)
    region_code = models.CharField(_("region code"), max_length=16, blank=True, db_index=True, editable=False)
    before = models.JSONField(_("before"), null=True, blank=True, editable=False)
    after = models.JSONField(_("after"), null=True, blank=True, editable=False)
    batch = models.JSONField(_("batch"), null=True, blank=True, editable=False)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, editable=False)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        _refuse()


class AuditChainHead(models.Model):
    """One row: the last event's sequence and hash. Locking it serialises writers and keeps the chain linear;
    comparing it with the last event detects events cut from the end of the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
