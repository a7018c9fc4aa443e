"""What hangs off an incident: actors, sources (informants encrypted), attachments, the transition history,
follow-up actions (tindak lanjut) and the idempotency keys of creates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.incidents.models.incident import HandlingLevel, Incident, Status
from waspada.incidents.models.taxonomy import ActorType


class ActorSide(models.TextChoices):
    INITIATOR = "initiator", _("Initiator (side A)")
    TARGET = "target", _("Target (side B)")
    INTERVENER = "intervener", _("Intervened")
    OTHER = "other", _("Other")


class IncidentActor(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="actors")
    actor_type = models.ForeignKey(ActorType, verbose_name=_("actor type"), on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=12, choices=ActorSide.choices, default=ActorSide.INITIATOR)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["incident", "id"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self) -> str:
        return f"{self.actor_type_id} {self.side} {self.name}".strip()


class SourceKind(models.TextChoices):
    FIELD_OFFICER = "field_officer", _("Field officer")
    FKDM = "fkdm", _("FKDM")
    MEDIA = "media", _("Media")
    POLICE_REPORT = "police_report", _("Police report")
    PUBLIC_REPORT = "public_report", _("Public report")
    OTHER_SYSTEM = "other_system", _("Other system")


# Sources that are people: they may carry an informant identity (encrypted) or be anonymous.
PERSON_KINDS = frozenset({SourceKind.FIELD_OFFICER, SourceKind.FKDM, SourceKind.PUBLIC_REPORT})


class Reliability(models.TextChoices):
    """Source reliability, the Admiralty (NATO) grades; taxonomy.yaml has no scale of its own yet."""

    A = "A", _("A: completely reliable")
    B = "B", _("B: usually reliable")
    C = "C", _("C: fairly reliable")
    D = "D", _("D: not usually reliable")
    E = "E", _("E: unreliable")
    F = "F", _("F: reliability cannot be judged")


class IncidentSource(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind.choices)
    reliability = models.CharField(_("reliability"), max_length=1, choices=Reliability.choices, default=Reliability.F)
    name = models.CharField(_("outlet or reference"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # Fernet tokens (waspada.incidents.crypto); never shown, exported or sent to roles outside the owning office.
    informant_name_enc = models.TextField(blank=True, editable=False)
    informant_contact_enc = models.TextField(blank=True, editable=False)
    # Sources with the same key are one source (same article, same informant): corroboration counts keys.
    independence_key = models.CharField(max_length=64, editable=False)
    merged_from = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["incident", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.kind} {self.reliability} {self.name or self.url}".strip()

    @property
    def has_informant(self) -> bool:
        return bool(self.informant_name_enc or self.informant_contact_enc)


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never carries the user's file name (kept in original_name).
    return f"incidents/{timezone.now():%Y/%m}/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class Attachment(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["incident", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Transition(models.Model):
    """One step of the workflow: who moved the incident from which status to which, when and why."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    from_level = models.CharField(_("handling level before"), max_length=10, blank=True)
    to_level = models.CharField(_("handling level after"), max_length=10, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["incident", "at", "id"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.from_status or '-'} → {self.to_status}"

    # The levels are stored as HandlingLevel codes; pages show their names.
    @property
    def from_level_label(self) -> str:
        return str(dict(HandlingLevel.choices).get(self.from_level, self.from_level))

    @property
    def to_level_label(self) -> str:
        return str(dict(HandlingLevel.choices).get(self.to_level, self.to_level))


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUpAction(models.Model):
    """Tindak lanjut: who does what by when, and what came of it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="followups")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    owner_office = models.CharField(_("owning office"), max_length=16, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class IdempotencyKey(models.Model):
    """A create a phone may resend (docs/architecture.md, API conventions): kept 24 h per user, with the body's
    hash and the result."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    incident = models.ForeignKey(Incident, null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="incidents_idempotency_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
