"""Recording agreements and payments: tranches and deadlines from the rules, scope, and refusals naming the field
with nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from waspada.core.audit.models import AuditEvent
from waspada.elections.models import Election
from waspada.grants import services
from waspada.grants.errors import Conflict, Denied, Invalid
from waspada.grants.models import Agreement, AgreementDocument, Tranche

D = dt.date
TODAY = D(2024, 12, 10)


def _input(**changes: Any) -> services.AgreementInput:
    values: dict[str, Any] = {
        "election": "pilkada_2024",
        "region": "32.73",
        "recipient": "kpu",
        "number": "001/NPHD",
        "signed_on": D(2024, 1, 15),
        "amount_proposed": 70_000_000_000,
        "amount_agreed": 62_000_000_000,
        "budget_prior_pct": 40,
        "budget_election_pct": 60,
    }
    values.update(changes)
    return services.AgreementInput(**values)


def test_a_signed_agreement_gets_its_tranches_and_deadlines_from_the_rules(
    pilkada: Election, kabkota_officer: Any
) -> None:
    agreement = services.save_agreement(kabkota_officer, _input(appointment_proposed_on=D(2024, 12, 2)), today=TODAY)
    assert (agreement.status, agreement.rule_version, agreement.kabkota_code) == ("ditandatangani", 1, "32.73")
    assert agreement.signing_target == D(2023, 12, 31) and agreement.refund_due == D(2025, 3, 2)
    first, second = agreement.tranches.order_by("seq")
    assert (first.share_pct, first.amount_due, first.due_on) == (40, 24_800_000_000, D(2024, 1, 29))
    assert (second.share_pct, second.amount_due, second.due_on) == (60, 37_200_000_000, D(2024, 6, 27))
    assert second.due_rule == "voting_day - 5 months" and second.rule_version == 1
    event = AuditEvent.objects.filter(action="grants.agreement_create").get()
    assert event.region_code == "32.73"


def test_single_payment_and_working_day_unit(pilkada: Election, national_admin: Any, settings: Any,
                                             tmp_path: Any) -> None:  # fmt: skip
    agreement = services.save_agreement(national_admin, _input(region="32", recipient="tni", mechanism="single",
                                                               signed_on=D(2024, 4, 1)), today=TODAY)  # fmt: skip
    (only,) = agreement.tranches.all()
    assert (only.share_pct, only.amount_due, only.due_on) == (100, 62_000_000_000, D(2024, 4, 15))
    assert agreement.kabkota_code == "" and agreement.province_code == "32"


def test_payments_update_the_total_and_keep_through_an_edit(pilkada: Election, kabkota_officer: Any) -> None:
    agreement = services.save_agreement(kabkota_officer, _input(), today=TODAY)
    services.record_payment(kabkota_officer, agreement, services.PaymentInput(1, D(2024, 1, 25), 24_800_000_000),
                            today=TODAY)  # fmt: skip
    agreement.refresh_from_db()
    assert agreement.amount_paid == 24_800_000_000
    changed = services.save_agreement(kabkota_officer, _input(amount_agreed=65_000_000_000, note="adendum"),
                                      agreement=agreement, today=TODAY)  # fmt: skip
    first = changed.tranches.get(seq=1)
    assert first.amount_paid == 24_800_000_000 and first.amount_due == 26_000_000_000
    assert AuditEvent.objects.filter(action="grants.agreement_update").count() == 1


@pytest.mark.parametrize(("changes", "field"), [
    ({"budget_prior_pct": 140}, "budget_prior_pct"),
    ({"budget_prior_pct": 60, "budget_election_pct": 60}, "budget_election_pct"),
    ({"first_tranche_pct": 30}, "first_tranche_pct"),
    ({"region": "35.78"}, "region"),  # Kota Surabaya: outside the officer's scope
    ({"region": "99.99"}, "region"),
    ({"election": "pemilu_2099"}, "election"),
    ({"signed_on": D(2025, 1, 1)}, "signed_on"),  # in the future
    ({"signed_on": None, "status": "ditandatangani"}, "signed_on"),
    ({"amount_agreed": None}, "amount_agreed"),
    ({"problems": ["bukan_kode"]}, "problems"),
    ({"recipient": "satpol"}, "recipient"),
])  # fmt: skip
def test_bad_agreements_are_refused_by_field_and_nothing_is_written(
    pilkada: Election, kabkota_officer: Any, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(Invalid) as refused:
        services.save_agreement(kabkota_officer, _input(**changes), today=TODAY)
    assert field in refused.value.errors and refused.value.status == 422
    assert not Agreement.objects.exists() and not AuditEvent.objects.filter(action__startswith="grants.").exists()


def test_bad_payments_are_refused_by_field(pilkada: Election, kabkota_officer: Any) -> None:
    agreement = services.save_agreement(kabkota_officer, _input(), today=TODAY)
    cases = [(services.PaymentInput(1, D(2024, 1, 10), 1_000), "paid_on"),  # before signing on 15 January
             (services.PaymentInput(2, D(2024, 7, 1), 62_000_000_001), "amount_paid"),  # beyond the amount agreed
             (services.PaymentInput(3, D(2024, 7, 1), 1), "seq"),
             (services.PaymentInput(1, None, 5), "paid_on")]  # fmt: skip
    for payment, field in cases:
        with pytest.raises(Invalid) as refused:
            services.record_payment(kabkota_officer, agreement, payment, today=TODAY)
        assert field in refused.value.errors
    assert not Tranche.objects.filter(amount_paid__gt=0).exists()


def test_unsigned_agreements_take_no_payment_and_duplicates_conflict(pilkada: Election, kabkota_officer: Any) -> None:
    agreement = services.save_agreement(kabkota_officer, _input(recipient="polri", signed_on=None, amount_agreed=None,
                                                                status="diajukan"), today=TODAY)  # fmt: skip
    assert agreement.status == "diajukan" and not agreement.tranches.exists()
    with pytest.raises(Conflict):
        services.record_payment(kabkota_officer, agreement, services.PaymentInput(1, D(2024, 7, 1), 1), today=TODAY)
    with pytest.raises(Conflict):
        services.save_agreement(kabkota_officer, _input(recipient="polri"), today=TODAY)


def test_roles_without_grants_manage_and_foreign_agreements_are_refused(pilkada: Election, field_monitor: Any,
                                                                        national_admin: Any,
                                                                        kabkota_officer: Any) -> None:  # fmt: skip
    with pytest.raises(Denied):
        services.save_agreement(field_monitor, _input(), today=TODAY)
    foreign = services.save_agreement(national_admin, _input(region="35.78"), today=TODAY)
    with pytest.raises(Denied):
        services.record_payment(kabkota_officer, foreign, services.PaymentInput(1, D(2024, 2, 1), 1), today=TODAY)


def test_documents_are_checked_by_content(pilkada: Election, kabkota_officer: Any) -> None:
    agreement = services.save_agreement(kabkota_officer, _input(), today=TODAY)
    pdf = SimpleUploadedFile("nphd.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    document = services.attach_document(kabkota_officer, agreement, pdf)
    assert document.file.name.endswith(".pdf") and AgreementDocument.objects.count() == 1
    with pytest.raises(Invalid) as refused:
        services.attach_document(kabkota_officer, agreement, SimpleUploadedFile("x.pdf", b"plain text, not a pdf"))
    assert "file" in refused.value.errors
