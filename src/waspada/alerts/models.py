"""Outbound webhooks (issue 18, Notifications): a subscription names a receiver and what it wants to hear about;
each message to it is one delivery row, kept with every attempt, so nothing is lost while a receiver is down and
there is a record of who was told what."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.alerts.register_choices import MitigationKind, RiskStatus
from waspada.core.scope import ScopedQuerySet, ScopeSpec


class WebhookSubscription(models.Model):
    """A receiver (a WhatsApp or Telegram gateway, another agency's system) and its filters.

    scope_code: the region the subscription covers (its owner's scope or inside it; empty = national).
    levels / kinds: only these alert levels and event kinds; an empty list means all of them.
    """

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("address"), max_length=500)
    secret_enc = models.TextField(editable=False)  # Fernet-encrypted; the signing needs it in clear
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("owner"))  # fmt: skip
    scope_code = models.CharField(_("region"), max_length=16, blank=True, db_index=True)
    province_code = models.CharField(_("province code"), max_length=2, blank=True, db_index=True)
    kabkota_code = models.CharField(_("regency/city code"), max_length=5, blank=True, db_index=True)
    levels = models.JSONField(_("alert levels"), default=list, blank=True)
    kinds = models.JSONField(_("event kinds"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_spec = ScopeSpec(region="scope_code", province="province_code", kabkota="kabkota_code")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    GAVE_UP = "gave_up", _("Given up after repeated failures")


class WebhookDelivery(models.Model):
    """One message to one subscription, with the outcome of its last attempt."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # sent as X-Waspada-Delivery
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("event kind"), max_length=64)
    region_code = models.CharField(_("region"), max_length=16, blank=True)
    level = models.CharField(_("level"), max_length=16, blank=True)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)  # fmt: skip
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # A worker holds a batch until this time (conditional UPDATE), so two workers never send the same row.
    claim = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # The alert it tells of (alert events only): the alert's page lists its deliveries beside the inbox log.
    alert = models.ForeignKey("Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="alerts_delivery_due")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.subscription_id} ({self.status})"


class AlertLevel(models.IntegerChoices):
    """Normal is the absence of an alert; the three warning levels follow BNPB's and Kemendagri's usage."""

    NORMAL = 0, _("Normal")
    WASPADA = 1, _("Waspada (alert)")
    SIAGA = 2, _("Siaga (standby)")
    AWAS = 3, _("Awas (warning)")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLOSED = "closed", _("Closed")
    LAPSED = "lapsed", _("Lapsed (quiet again)")


class HandlingLevel(models.TextChoices):
    KABKOTA = "kabkota", _("Regency/city")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


class Alert(models.Model):
    """One warning for one kab/kota, kept while its condition persists: a later run updates it (level, evidence,
    last_seen_on) instead of opening another. Routed to the office that owns the region; escalated to the
    province, then the national desk, when nobody acknowledges it in time (alerts/escalation.py)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    kabkota_code = models.CharField(_("regency/city code"), max_length=5, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=AlertLevel.choices)
    peak_level = models.PositiveSmallIntegerField(_("highest level"), choices=AlertLevel.choices)
    status = models.CharField(_("status"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    handling_level = models.CharField(_("handled at"), max_length=8, choices=HandlingLevel.choices,
                                      default=HandlingLevel.KABKOTA)  # fmt: skip
    opened_on = models.DateField(_("opened on"))
    last_seen_on = models.DateField(_("condition last seen"))
    evidence = models.JSONField(_("evidence"), default=dict)  # the latest run's numbers, rules and incidents
    history = models.JSONField(_("history"), default=list, blank=True)  # [{date, level, rules}] per run
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+", verbose_name=_("acknowledged by"))  # fmt: skip
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("assigned to"))  # fmt: skip
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    # When the current handling office was asked: the escalation clock runs from here.
    routed_at = models.DateTimeField(_("routed at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_spec = ScopeSpec(region="kabkota_code", province="province_code", kabkota="kabkota_code")

    class Meta:
        ordering = ["-level", "-last_seen_on", "-id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        indexes = [models.Index(fields=["status", "kabkota_code"], name="alerts_alert_live")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.kabkota_code} ({self.opened_on})"

    @property
    def is_live(self) -> bool:
        return self.status in (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class AlertAction(models.Model):
    """A follow-up to an alert with an owner and a due date: the record of the response."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("owner"))  # fmt: skip
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.description[:60]


class EarlyWarningRun(models.Model):
    """One daily run (`waspada ew run`); a rerun of the same date replaces its figures, never its alerts."""

    date = models.DateField(_("date"), unique=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    regions = models.PositiveIntegerField(_("regions"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("early-warning run")
        verbose_name_plural = _("early-warning runs")

    def __str__(self) -> str:
        return str(self.date)


class ForecastHorizon(models.IntegerChoices):
    DAYS_14 = 14, _("14 days")
    DAYS_30 = 30, _("30 days")


class ForecastModel(models.Model):
    """One trained, versioned forecast model (issue 19): the probability that a kab/kota has at least one serious
    incident in the next `horizon_days`. The fitted estimator is kept as bytes so any stored forecast can be traced
    to the exact model and its evaluation; one model per (kind, horizon) is active at a time."""

    kind = models.CharField(_("model kind"), max_length=16)  # "logit" | "gbm" (analytics.forecast)
    horizon_days = models.PositiveSmallIntegerField(_("horizon"), choices=ForecastHorizon.choices)
    version = models.CharField(_("version"), max_length=64, unique=True)
    trained_at = models.DateTimeField(_("trained at"), default=timezone.now)
    trained_through = models.DateField(_("history up to"))
    source = models.CharField(_("history used"), max_length=16, blank=True)  # "" = every record but demo/synthetic
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    features = models.JSONField(_("features"), default=list, blank=True)  # ordered feature names
    evaluation = models.JSONField(_("evaluation"), default=dict, blank=True)  # the backtest JSON of this model
    artefact = models.BinaryField(editable=False)  # the fitted, calibrated estimator (joblib bytes)
    is_active = models.BooleanField(_("active"), default=False, db_index=True)

    class Meta:
        ordering = ["-trained_at", "-id"]
        verbose_name = _("forecast model")
        verbose_name_plural = _("forecast models")

    def __str__(self) -> str:
        return self.version


class Forecast(models.Model):
    """One kab/kota's forecast on one date from one model, with the drivers behind it."""

    model = models.ForeignKey(ForecastModel, on_delete=models.CASCADE, related_name="forecasts")
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.CASCADE,
                               related_name="+")  # fmt: skip
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    kabkota_code = models.CharField(_("regency/city code"), max_length=5, db_index=True)
    as_of = models.DateField(_("as of"), db_index=True)
    horizon_days = models.PositiveSmallIntegerField(_("horizon"), choices=ForecastHorizon.choices)
    probability = models.FloatField(_("probability"))
    # [{"feature": name, "value": x, "effect": signed contribution}] largest first, at most 8
    drivers = models.JSONField(_("drivers"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_spec = ScopeSpec(region="kabkota_code", province="province_code", kabkota="kabkota_code")

    class Meta:
        ordering = ["-as_of", "-probability"]
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        constraints = [models.UniqueConstraint(fields=["model", "region", "as_of"], name="alerts_forecast_once")]
        indexes = [models.Index(fields=["as_of", "horizon_days"], name="alerts_forecast_date")]

    def __str__(self) -> str:
        return f"{self.kabkota_code} {self.as_of} +{self.horizon_days}d {self.probability:.2f}"


class RiskEntry(models.Model):
    """One risk in a region's risk and action register (issue 18): what could go wrong, how likely and how bad,
    who owns it, how it is being answered and how it ended. Written only through alerts/register.py, which checks
    scope and fields, keeps the change history below and audits every write."""

    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    kabkota_code = models.CharField(_("regency/city code"), max_length=5, blank=True, db_index=True)
    risk = models.TextField(_("risk"))
    category = models.ForeignKey("incidents.EventType", verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")  # fmt: skip
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    rating = models.PositiveSmallIntegerField(_("rating"), db_index=True)  # likelihood x impact
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("owner"))  # fmt: skip
    mitigation_kind = models.CharField(_("mitigation"), max_length=24, choices=MitigationKind.choices)
    mitigation = models.TextField(_("mitigation plan"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=RiskStatus.choices, default=RiskStatus.IDENTIFIED,
                              db_index=True)  # fmt: skip
    due_on = models.DateField(_("due"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    alert = models.ForeignKey(Alert, verbose_name=_("alert"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="risks")  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_spec = ScopeSpec(region="region__code", region_attr="region_id", province="province_code",
                           kabkota="kabkota_code")

    class Meta:
        ordering = ["-rating", "due_on", "-id"]
        verbose_name = _("risk register entry")
        verbose_name_plural = _("risk register entries")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.risk[:60]}"


class RiskEntryChange(models.Model):
    """One write to a register entry: who, when, and each changed field as [before, after] (the page's history;
    the audit trail keeps the same event in its hash chain)."""

    entry = models.ForeignKey(RiskEntry, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(_("time"), default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("register change")
        verbose_name_plural = _("register changes")

    def __str__(self) -> str:
        return f"{self.entry_id} {self.changed_at:%Y-%m-%d %H:%M}"
class AlertSubscription(models.Model):
    """A user's own subscription to alerts (issue 18, Notifications): a region within the user's scope (blank =
    the whole scope), a minimum level, the event kinds, whether an e-mail copy goes with the inbox message, and
    a daily digest. Routing (alerts/routing.py) tells each matching subscriber once per event, besides the office
    that handles the alert; the digest (alerts/digest.py) summarises the live alerts it covers each morning."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_subscriptions",
                             verbose_name=_("user"))  # fmt: skip
    region_code = models.CharField(_("region"), max_length=16, blank=True, db_index=True)  # "" = the user's scope
    min_level = models.PositiveSmallIntegerField(_("minimum level"), choices=AlertLevel.choices[1:],
                                                 default=AlertLevel.WASPADA)  # fmt: skip
    kinds = models.JSONField(_("events"), default=list, blank=True)  # subscriptions.KINDS; empty = none but digest
    email = models.BooleanField(_("e-mail copy"), default=False)  # the inbox always; e-mail besides when True
    digest = models.BooleanField(_("daily digest"), default=False)
    language = models.CharField(_("language"), max_length=5, default="id")  # of the digest and messages
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["user_id", "region_code", "id"]
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")

    def __str__(self) -> str:
        return f"{self.user_id} {self.region_code or '*'} ≥{self.min_level}"


class NoticeRoute(models.TextChoices):
    OFFICE = "office", _("Handling office")
    SUBSCRIPTION = "subscription", _("Subscription")
    ESCALATION = "escalation", _("Escalation")
    DIGEST = "digest", _("Daily digest")


class AlertNotice(models.Model):
    """Which inbox notification (core.Notification: recipient, time, e-mail outcome) was about which alert and
    why it was sent: the log "who was told what" on the alert's page. A digest links one notification to every
    alert it summarised."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="notices")
    notification = models.ForeignKey("core.Notification", on_delete=models.CASCADE, related_name="+")
    route = models.CharField(_("why"), max_length=12, choices=NoticeRoute.choices)

    class Meta:
        ordering = ["-notification_id"]
        verbose_name = _("alert notice")
        verbose_name_plural = _("alert notices")
        constraints = [models.UniqueConstraint(fields=["alert", "notification"], name="alerts_notice_once")]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.notification_id} ({self.route})"


class AlertDigest(models.Model):
    """One user's daily digest for one date: written once (unique), so a rerun of the day sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    notification = models.ForeignKey("core.Notification", null=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.JSONField(_("summary"), default=dict, blank=True)  # counts per section and the alert ids
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date", "user_id"]
        verbose_name = _("alert digest")
        verbose_name_plural = _("alert digests")
        constraints = [models.UniqueConstraint(fields=["user", "date"], name="alerts_digest_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.date}"
