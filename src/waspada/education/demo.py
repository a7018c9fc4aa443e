"""Demo political-education activities for `waspada demo` (a step after the demo incidents, rounds and index):
plausible activities over the last HISTORY_DAYS in most kab/kota and a few per province, dated relative to today
and seeded by SEED and today's date (identical on every run of the same day). Some kab/kota are deliberately left
without any activity so the coverage view has something to say: when an index has been computed, about
HIGH_RISK_LEFT_OUT of the high-risk kab/kota; otherwise LEFT_OUT of all (some of which will be high-risk once the
index is computed). Titles start with "[DEMO]" and `is_demo` is set; a rerun replaces them. Written in bulk with
ONE batch audit event."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from waspada.core.audit import record_batch
from waspada.education import services
from waspada.education.inputs import ActivityInput
from waspada.education.models import Activity
from waspada.regions.models import KABKOTA_LEVELS, Level, Region
from waspada.risk.selectors import high_risk_codes

SEED = 2110
PREFIX = "[DEMO] "
HISTORY_DAYS = 270
LEFT_OUT = 0.15
HIGH_RISK_LEFT_OUT = 0.4
TYPES = {"law_socialisation": 30, "seminar_workshop": 25, "training_guidance": 15, "competition": 12,
         "arts_culture": 8, "jamboree_camp": 10}  # fmt: skip
FORMS = {"coordination": 40, "materials": 25, "facilities": 20, "consultation": 15}
GROUPS = {"first_time_voters": 30, "students": 22, "youth": 12, "women": 10, "ormas": 8, "disability": 5,
          "community_leaders": 6, "political_parties": 4, "general_public": 8, "nonprofit": 3}  # fmt: skip
TITLES = {
    "law_socialisation": "Sosialisasi UU Pemilu bagi {group}",
    "seminar_workshop": "Diskusi publik menangkal hoaks pemilu bersama {group}",
    "training_guidance": "Bimbingan teknis pendidikan politik untuk {group}",
    "competition": "Lomba cerdas cermat demokrasi antar-{group}",
    "arts_culture": "Pentas seni budaya \"Pemilu damai\" untuk {group}",
    "jamboree_camp": "Jambore kebangsaan {group}",
}  # fmt: skip
GROUP_WORDS = {"first_time_voters": "pemilih pemula", "students": "pelajar SMA/SMK", "youth": "pemuda",
               "women": "kelompok perempuan", "ormas": "ormas", "disability": "penyandang disabilitas",
               "community_leaders": "tokoh agama dan masyarakat", "political_parties": "partai politik",
               "general_public": "masyarakat umum", "nonprofit": "lembaga nirlaba"}  # fmt: skip
PARTNERS = ["KPU", "Bawaslu", "Polres", "Kodim", "Dinas Pendidikan", "Kementerian Agama", "universitas setempat",
            "FKUB", "KNPI", "PKK"]  # fmt: skip
MATERIALS = [
    "Hak dan kewajiban pemilih; cara mengecek DPT",
    "Netralitas ASN dan larangan politik uang",
    "Mengenali hoaks dan ujaran kebencian di media sosial",
    "Tahapan pemilu dan cara melapor pelanggaran",
]
OUTCOMES = ["Peserta menyusun komitmen bersama pemilu damai.", "Peserta mampu mengecek status DPT secara daring.",
            "Usulan tindak lanjut: sosialisasi di sekolah-sekolah kecamatan.", ""]  # fmt: skip


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _activity(rng: random.Random, region: Region, today: dt.date, organiser: str) -> tuple[ActivityInput, list[str]]:
    kind = _pick(rng, TYPES)
    groups = list(dict.fromkeys(_pick(rng, GROUPS) for _ in range(rng.choice((1, 1, 2, 3)))))
    # Recent months busier (the approach to a vote): an exponential pull towards today.
    start = today - dt.timedelta(days=min(HISTORY_DAYS - 1, int(rng.expovariate(1 / 90))))
    length = rng.choice((0, 0, 0, 1, 2)) if kind in {"training_guidance", "jamboree_camp"} else 0
    size = int(rng.lognormvariate(4.3, 0.6))  # about 75 people, from a dozen to several hundred
    female = int(size * rng.uniform(0.3, 0.6))
    known = rng.random() < 0.8
    data = ActivityInput(
        title=PREFIX + TITLES[kind].format(group=GROUP_WORDS[groups[0]]), start_date=start,
        end_date=start + dt.timedelta(days=length), region=region.code, organiser=organiser, activity_type=kind,
        facilitation_form=_pick(rng, FORMS), target_groups=groups,
        participants_male=size - female if known else None, participants_female=female if known else None,
        participants_total=size, partners="; ".join(rng.sample(PARTNERS, k=rng.randint(1, 3))),
        budget_idr=rng.randint(10, 300) * 500_000 if rng.random() < 0.85 else None,
        materials=rng.choice(MATERIALS), outcome_notes=rng.choice(OUTCOMES),
    )  # fmt: skip
    return data, groups


def create_demo_activities(*, today: dt.date | None = None, seed: int = SEED) -> dict[str, Any]:
    today = today or timezone.localdate()
    rng = random.Random(f"{seed}-{today.isoformat()}")  # noqa: S311 - demo data, not secrets
    regions = list(Region.objects.filter(level__in=(Level.PROVINCE, *KABKOTA_LEVELS), is_active=True)
                   .order_by("code"))  # fmt: skip
    high = high_risk_codes()
    left_out = set()
    for region in regions:
        if region.level == Level.PROVINCE:
            continue
        share = (HIGH_RISK_LEFT_OUT if region.code in high else 0.0) if high else LEFT_OUT
        if rng.random() < share:
            left_out.add(region.code)
    activities: list[Activity] = []
    groups: dict[int, list[str]] = {}
    digest = hashlib.sha256()
    for region in regions:
        if region.code in left_out:
            continue
        count = rng.randint(1, 3) if region.level == Level.PROVINCE else rng.choice((0, 1, 1, 2, 2, 3, 4, 6))
        organiser = f"Badan Kesbangpol {region.name}"
        for _ in range(count):
            data, codes = _activity(rng, region, today, organiser)
            groups[len(activities)] = codes
            activities.append(services.build(None, data, region, is_demo=True))
            digest.update(f"{region.code}:{data.start_date}:{data.activity_type}:{codes}".encode())
    with transaction.atomic():
        old = Activity.objects.filter(is_demo=True)
        replaced = old.count()
        old.delete()
        created = services.insert(activities, groups)
        counts = {"activities": len(created), "left_out": len(left_out), "replaced": replaced}
        record_batch(None, "education.demo", object_type="education.activity", job_id=uuid.uuid4().hex,
                     counts=counts, checksum=digest.hexdigest(),
                     details={"high_risk_known": bool(high)})  # fmt: skip
    return {**counts, "regions": len({a.region_id for a in activities}), "high_risk_known": bool(high)}


def demo_step(stdout: Any, stderr: Any) -> bool:
    """The `waspada demo` step: replaces the demo activities (needs the regions)."""
    if not Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).exists():
        stderr.write("Demo political-education activities not created: run `waspada regions import` first.")
        return False
    summary = create_demo_activities()
    basis = "high-risk kab/kota of the index" if summary["high_risk_known"] else "kab/kota (no index computed yet)"
    stdout.write(f"{summary['activities']} demo political-education activities ([DEMO]) in {summary['regions']} "
                 f"regions; {summary['left_out']} {basis} left without any.")  # fmt: skip
    return True
