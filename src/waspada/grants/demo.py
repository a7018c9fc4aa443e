"""Demo grant agreements for `waspada demo`: Pilkada 2024 agreements of most contest regions with KPU, Bawaslu,
Polri and TNI, dated relative to the election's voting day, with the late shares Kemendagri published
(data/domain/grants_rules.yaml, reference_snapshots; docs/grants.md):

- signing: the national-level figures say under half had signed by September 2023 and security agreements lagged
  most (by late June 2024 only about a third of regions had one with TNI or Polri; by mid-July 2024 KPU 541/541,
  Bawaslu 518, Polri 420, TNI 387 of 545). The shares below reproduce that order and roughly those levels.
- payment: about half of the KPU and Bawaslu agreements were paid in full by mid-July 2024 (the rest in part);
  security grants were paid later and less often.

Amounts follow the published totals per recipient (KPU about Rp 53 bn per region, Bawaslu 17 bn, Polri 7 bn,
TNI 2.4 bn), larger for provinces, spread log-normally. Seeded by SEED, so every run gives the same agreements.
Demo agreements carry NOTE; a rerun replaces them. Written in bulk with one batch audit event."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from waspada.core.audit import record_batch
from waspada.elections.models import Contest, Election
from waspada.grants import services
from waspada.grants.models import Agreement, AgreementStatus, Mechanism, Recipient, Tranche
from waspada.grants.rules import evaluate, rules
from waspada.regions.models import KABKOTA_LEVELS, Level, Region

SEED = 2024
ELECTION = "pilkada_2024"
NOTE = "[DEMO] Data contoh untuk peragaan."
COVERAGE = 0.93  # "most regions": the rest have no agreement recorded yet
# recipient: (median amount for a kab/kota in Rp bn, signed by the target, signed at all, paid in full, paid late)
PROFILES = {
    Recipient.KPU: (45.0, 0.46, 1.00, 0.93, 0.45),
    Recipient.BAWASLU: (14.0, 0.40, 0.95, 0.90, 0.45),
    Recipient.POLRI: (6.0, 0.18, 0.77, 0.70, 0.60),
    Recipient.TNI: (2.0, 0.15, 0.71, 0.62, 0.65),
}
PROVINCE_FACTOR = 4.0
PROBLEM_NOTES = {Recipient.POLRI: "belum_diajukan_penerima", Recipient.TNI: "belum_disetujui_kdh"}


def _regions(election: Election) -> list[Region]:
    codes = set(Contest.objects.filter(election=election).values_list("region_id", flat=True))
    regions = Region.objects.filter(level__in=[Level.PROVINCE, *KABKOTA_LEVELS], is_active=True)
    if codes:
        regions = regions.filter(code__in=codes)
    return list(regions.order_by("code"))


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def create_demo_agreements(*, today: dt.date | None = None, seed: int = SEED) -> dict[str, Any]:
    today = today or timezone.localdate()
    election = Election.objects.filter(code=ELECTION).first()
    if election is None or election.voting_day is None:
        raise LookupError("election pilkada_2024 is not imported (run `waspada elections import`)")
    rule_set = rules().for_election(election.code, election.kind)
    if rule_set is None:
        raise LookupError("no grant rule set governs pilkada_2024")
    voting = election.voting_day
    target = rule_set.signing_target or dt.date(voting.year - 1, 12, 31)
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    regions = _regions(election)
    digest = hashlib.sha256()
    agreements: list[Agreement] = []
    tranches: list[Tranche] = []
    for region in regions:
        if rng.random() > COVERAGE:
            continue
        province = region.level == Level.PROVINCE
        for recipient, (median, on_time, signed_share, paid_full, paid_late) in PROFILES.items():
            signed_on = None
            draw = rng.random()
            if draw < on_time:
                signed_on = _day(rng, target - dt.timedelta(days=150), target)
            elif draw < signed_share:  # late: spread from January to September of the voting year
                signed_on = _day(rng, target + dt.timedelta(days=1), voting - dt.timedelta(days=70))
            signed_on = min(signed_on, today) if signed_on else None
            agreed = int(median * (PROVINCE_FACTOR if province else 1.0) * math.exp(rng.gauss(0, 0.5)) * 1e9)
            agreed -= agreed % 1_000_000
            status = (
                AgreementStatus.SIGNED
                if signed_on
                else rng.choice([AgreementStatus.NOT_APPLIED, AgreementStatus.APPLIED, AgreementStatus.AGREED_UNSIGNED])
            )
            agreement = Agreement(
                election=election, region=region, province_code=region.province_code,
                kabkota_code="" if province else region.kabkota_code or region.code, recipient=recipient,
                status=status, number=f"DEMO/{region.code}/{recipient.upper()}/{voting.year - 1}" if signed_on else "",
                signed_on=signed_on, amount_proposed=int(agreed * rng.uniform(1.0, 1.3)) // 1_000_000 * 1_000_000,
                amount_agreed=agreed if status != AgreementStatus.NOT_APPLIED else None,
                budget_prior_pct=40 if rng.random() > 0.15 else rng.choice([20, 25, 30]),
                budget_revised_apbd=rng.random() < 0.3, mechanism=Mechanism.TWO_TRANCHES if rng.random() > 0.1
                else Mechanism.SINGLE, first_tranche_pct=40, note=NOTE,
                problems=[PROBLEM_NOTES[recipient]] if recipient in PROBLEM_NOTES and not signed_on else [],
            )  # fmt: skip
            agreement.budget_election_pct = 100 - (agreement.budget_prior_pct or 0)
            agreement.rule_version, agreement.signing_target = rule_set.version, rule_set.signing_target
            planned = services.plan_tranches(agreement, rule_set, voting)
            full = rng.random() < paid_full
            late = rng.random() < paid_late
            for index, tranche in enumerate(planned):
                if tranche.due_on > today:
                    continue
                last = index == len(planned) - 1
                if full or not last:
                    start = max(signed_on or tranche.due_on, tranche.due_on - dt.timedelta(days=30))
                    paid_on = (_day(rng, tranche.due_on + dt.timedelta(days=1), tranche.due_on + dt.timedelta(days=90))
                               if late else _day(rng, start, tranche.due_on))  # fmt: skip
                    tranche.paid_on, tranche.amount_paid = min(paid_on, today), tranche.amount_due
                elif rng.random() < 0.7:  # the last tranche paid in part
                    tranche.paid_on = min(_day(rng, tranche.due_on, tranche.due_on + dt.timedelta(days=60)), today)
                    tranche.amount_paid = tranche.amount_due * rng.randint(30, 80) // 100
            paid = sum(t.amount_paid for t in planned)
            agreement.amount_paid = paid
            if paid and voting + dt.timedelta(days=75) <= today:
                agreement.appointment_proposed_on = voting + dt.timedelta(days=rng.randint(35, 75))
                agreement.refund_due = evaluate(
                    rule_set.refund_due, {"proposal_to_appoint_elected": agreement.appointment_proposed_on}
                ).date  # type: ignore[union-attr]
                if rng.random() < 0.75:
                    agreement.refund_amount = paid * rng.randint(1, 8) // 100
                    agreement.refunded_on = min(_day(rng, agreement.appointment_proposed_on,
                                                     agreement.refund_due + dt.timedelta(days=40)), today)  # fmt: skip
            agreements.append(agreement)
            tranches.extend(planned)
            digest.update(f"{region.code}:{recipient}:{signed_on}:{agreed}:{paid}".encode())
    with transaction.atomic():
        old = Agreement.objects.filter(note=NOTE)
        replaced = old.count()
        Tranche.objects.filter(agreement__in=old)._raw_delete(Tranche.objects.db)  # noqa: SLF001 - no signals/files
        old.delete()
        Agreement.objects.bulk_create(agreements, batch_size=500)
        Tranche.objects.bulk_create(tranches, batch_size=1000)
        counts = {"agreements": len(agreements), "tranches": len(tranches), "regions": len(regions),
                  "replaced": replaced}  # fmt: skip
        record_batch(None, "grants.demo", object_type="grants.agreement", job_id=uuid.uuid4().hex, counts=counts,
                     checksum=digest.hexdigest())  # fmt: skip
    return counts


def demo_step(stdout: Any, stderr: Any) -> bool:
    """The `waspada demo` step: replaces the demo grant agreements (needs the regions and the election calendar)."""
    try:
        counts = create_demo_agreements()
    except LookupError as exc:
        stderr.write(f"Demo grant agreements not created: {exc}.")
        return False
    stdout.write(f"{counts['agreements']} demo grant agreements ({counts['tranches']} tranches) in "
                 f"{counts['regions']} regions.")  # fmt: skip
    return True
