"""Regional grants (hibah) for elections: one agreement (NPHD) per pemda, election and recipient, its tranches with
the due dates the rule sets give (rules.py), the documents attached and the problems noted.

Amounts are whole rupiah. Due dates, the rule version they came from and the refund deadline are stored when the
services compute them (services.py), so a board reads them without evaluating the rules again; the compliance
states that depend on the day of reading are worked out in compliance.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.core.scope import ScopedQuerySet, ScopeSpec
from waspada.elections.models import Election
from waspada.regions.models import Region


class Recipient(models.TextChoices):
    KPU = "kpu", _("KPU")
    BAWASLU = "bawaslu", _("Bawaslu")
    POLRI = "polri", _("Polri")
    TNI = "tni", _("TNI")


SECURITY_RECIPIENTS = frozenset({Recipient.POLRI, Recipient.TNI})


class AgreementStatus(models.TextChoices):
    """The NPHD's own stage (grants_rules.yaml statuses.nphd)."""

    NOT_APPLIED = "belum_diajukan", _("Not applied for")
    APPLIED = "diajukan", _("Applied for")
    AGREED_UNSIGNED = "nilai_disepakati_belum_ttd", _("Amount agreed, not signed")
    SIGNED = "ditandatangani", _("Signed")


class Mechanism(models.TextChoices):
    SINGLE = "single", _("Single payment")
    TWO_TRANCHES = "two_tranches", _("Two tranches")


class Agreement(models.Model):
    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="+")
    # The pemda granting: a province (governor's contest) or a kab/kota.
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    kabkota_code = models.CharField(_("regency/city code"), max_length=5, blank=True, db_index=True)
    recipient = models.CharField(_("recipient"), max_length=10, choices=Recipient.choices)
    status = models.CharField(_("status"), max_length=30, choices=AgreementStatus.choices,
                              default=AgreementStatus.NOT_APPLIED)  # fmt: skip
    number = models.CharField(_("agreement number"), max_length=120, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    amount_proposed = models.PositiveBigIntegerField(_("amount proposed (Rp)"), null=True, blank=True)
    amount_agreed = models.PositiveBigIntegerField(_("amount agreed (Rp)"), null=True, blank=True)
    amount_paid = models.PositiveBigIntegerField(_("amount paid (Rp)"), default=0)  # sum of the tranches, kept
    # Budgeting over two fiscal years: shares of the agreed amount in the year before voting and the voting year.
    budget_prior_pct = models.PositiveSmallIntegerField(_("budgeted in the year before (%)"), null=True, blank=True)
    budget_election_pct = models.PositiveSmallIntegerField(_("budgeted in the election year (%)"), null=True,
                                                           blank=True)  # fmt: skip
    budget_revised_apbd = models.BooleanField(_("budgeted in the revised APBD"), default=False)
    mechanism = models.CharField(_("disbursement"), max_length=16, choices=Mechanism.choices,
                                 default=Mechanism.TWO_TRANCHES)  # fmt: skip
    first_tranche_pct = models.PositiveSmallIntegerField(_("first tranche (%)"), default=40)
    rule_version = models.PositiveSmallIntegerField(_("rule version"), null=True, blank=True)
    signing_target = models.DateField(_("signing target"), null=True, blank=True)
    # Unused money goes back to the regional treasury within a time of the proposal to appoint the elected pair.
    appointment_proposed_on = models.DateField(_("appointment proposed on"), null=True, blank=True)
    refund_due = models.DateField(_("refund due"), null=True, blank=True)
    refund_amount = models.PositiveBigIntegerField(_("refunded (Rp)"), null=True, blank=True)
    refunded_on = models.DateField(_("refunded on"), null=True, blank=True)
    problems = models.JSONField(_("problems noted"), default=list, blank=True)  # problem codes of the rules
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_spec = ScopeSpec(region="region_id", province="province_code", kabkota="kabkota_code")

    class Meta:
        ordering = ["election", "region_id", "recipient"]
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")
        constraints = [
            models.UniqueConstraint(fields=["election", "region", "recipient"], name="grants_agreement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.election_id}/{self.region_id}/{self.recipient}"


class Tranche(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="tranches")
    seq = models.PositiveSmallIntegerField(_("tranche"))
    share_pct = models.PositiveSmallIntegerField(_("share (%)"))
    amount_due = models.PositiveBigIntegerField(_("amount due (Rp)"))
    due_on = models.DateField(_("due on"))
    due_rule = models.CharField(_("due-date rule"), max_length=80)
    rule_version = models.PositiveSmallIntegerField(_("rule version"))
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    amount_paid = models.PositiveBigIntegerField(_("amount paid (Rp)"), default=0)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["agreement", "seq"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        constraints = [models.UniqueConstraint(fields=["agreement", "seq"], name="grants_tranche_unique")]
        indexes = [models.Index(fields=["due_on"], name="grants_tranche_due")]

    def __str__(self) -> str:
        return f"{self.agreement_id}/{self.seq}"


class DocumentKind(models.TextChoices):
    NPHD = "nphd", _("Signed agreement")
    TRANSFER = "transfer", _("Transfer receipt")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class AgreementDocument(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.NPHD)
    file = models.FileField(_("file"), upload_to="grants/documents/")
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["agreement", "uploaded_at", "id"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")

    def __str__(self) -> str:
        return self.name
