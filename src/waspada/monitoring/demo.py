"""Demo monitoring rounds for `waspada demo` (a step after the demo incidents): the default instrument, two closed
rounds (opened about 90 and 45 days ago) and one open round whose deadline is a few days away, dated relative to
today, for every kab/kota. Most offices answered (plausible answers: each kab/kota has its own leaning, seeded by
SEED and today's date, so identical on every run of the same day); about one in ten is late or never started and
about one in twenty was returned. Titles start with "[DEMO]"; a rerun replaces the demo rounds. Written in bulk
with ONE batch audit event. Each answer gets the one AnswerHistory row a real save would have written (same value,
note and time), marked source "demo" with no user, so its history page says where it came from."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import uuid
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from waspada.core.audit import record_batch
from waspada.monitoring.instruments import load_default, version_spec
from waspada.monitoring.models import (
    Answer,
    AnswerHistory,
    AnswerSource,
    Assignment,
    AssignmentStatus,
    InstrumentVersion,
    ReviewComment,
    Round,
    RoundStatus,
)
from waspada.monitoring.scoring import all_indicators, relevant_codes
from waspada.monitoring.validation import check_value
from waspada.regions.models import KABKOTA_LEVELS, Region

SEED = 2016
PREFIX = "[DEMO] "
# (days ago opened, period length, days from opening to the deadline, closed, status weights)
ROUNDS = [
    (90, 30, 21, True, {"approved": 80, "submitted": 5, "returned": 5, "draft": 4, "not_started": 6}),
    (45, 30, 21, True, {"approved": 74, "submitted": 10, "returned": 6, "draft": 4, "not_started": 6}),
    (10, 30, 14, False, {"approved": 30, "submitted": 28, "returned": 5, "draft": 22, "not_started": 15}),
]
NOTE = "Notulen rapat koordinasi Forkopimda dan daftar hadir tersimpan di kantor."
TEXTS = ["Situasi kondusif; koordinasi rutin dengan Bawaslu dan kepolisian.",
         "Ada ketegangan antarpendukung di dua kecamatan; sudah dimediasi.",
         "Penyebaran hoaks di media sosial meningkat menjelang kampanye.",
         "Tidak ada kejadian menonjol pada periode ini."]  # fmt: skip


def _value(ind: dict[str, Any], lean: float, rng: random.Random, period: tuple[dt.date, dt.date]) -> Any:
    """A plausible answer: a more vulnerable kab/kota (lean near 1) answers towards the risky end."""
    kind, rule = ind["answer_type"], ind.get("scoring") or {}
    tilt = min(1.0, max(0.0, rng.gauss(lean, 0.2)))
    if kind == "scale":
        low, high = int(rule.get("min", 1)), int(rule.get("max", 5))
        return low + round(tilt * (high - low))
    if kind == "yes_no":
        return rng.random() < 0.15 + 0.6 * tilt
    if kind == "number":
        low, high = rule.get("min", 0), rule.get("max", 100)
        bands = [b["upto"] for b in rule.get("bands", [])] or [10]
        top = max(1, int(bands[-1] * 1.5))
        return int(min(high, max(low, round(tilt * top))))
    if kind in {"single_choice", "multiple_choice"}:
        codes = [c["code"] for c in ind.get("choices") or []]
        if not codes:
            return None
        if kind == "single_choice":
            return codes[min(len(codes) - 1, int(tilt * len(codes)))]
        return rng.sample(codes, k=min(len(codes), 1 + int(tilt * 2)))
    if kind == "text":
        return rng.choice(TEXTS)
    if kind == "date":
        return (period[0] + dt.timedelta(days=rng.randrange(max(1, (period[1] - period[0]).days)))).isoformat()
    return None


def _answers(indicators: list[dict[str, Any]], lean: float, rng: random.Random, period: tuple[dt.date, dt.date],
             share: float) -> dict[str, Any]:  # fmt: skip
    values = {}
    for ind in indicators:
        if rng.random() > share:
            continue
        value = _value(ind, lean, rng, period)
        if value is not None and check_value(ind, value) is None:
            values[ind["code"]] = value
    relevant = relevant_codes(indicators, values)
    return {code: value for code, value in values.items() if code in relevant}


def _insert_answers(round_id: int, rows: list[tuple[Any, ...]]) -> None:
    """One executemany for the round's answers, then their history rows with one INSERT ... SELECT: 60,000 model
    instances through bulk_create take seconds of Python; the rows are plain (no files, no signals)."""
    assert Answer._meta.db_table == "monitoring_answer"
    assert AnswerHistory._meta.db_table == "monitoring_answerhistory"
    answers = ("INSERT INTO monitoring_answer (assignment_id, indicator_id, value, note, evidence, updated_at) "
               "VALUES (%s, %s, %s, %s, %s, %s)")  # fmt: skip
    history = ("INSERT INTO monitoring_answerhistory (answer_id, value, note, evidence, changed_at, source, on_behalf) "
               "SELECT a.id, a.value, a.note, a.evidence, a.updated_at, %s, %s FROM monitoring_answer a "
               "JOIN monitoring_assignment s ON s.id = a.assignment_id WHERE s.round_id = %s")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.executemany(answers, rows)
        cursor.execute(history, [AnswerSource.DEMO, False, round_id])


def create_demo_rounds(*, today: dt.date | None = None, seed: int = SEED) -> dict[str, Any]:
    today = today or timezone.localdate()
    version, _created = load_default(settings.DOMAIN_DIR)
    version = InstrumentVersion.objects.get(pk=version.pk)
    indicators = [dict(ind) for ind in all_indicators(version_spec(version))]
    kabkota = list(Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).order_by("code")
                   .values_list("code", "province_code"))  # fmt: skip
    rng = random.Random(f"{seed}-{today.isoformat()}")  # noqa: S311 - demo data, not secrets
    lean = {code: rng.betavariate(2, 4) for code, _p in kabkota}
    zone = timezone.get_current_timezone()
    digest = hashlib.sha256()
    with transaction.atomic():
        old = Round.objects.filter(title__startswith=PREFIX)
        replaced = old.count()
        if replaced:
            # Straight DELETEs, children first: Django's cascade would fetch the 60,000 answers into Python.
            ids = list(old.values_list("pk", flat=True))
            for query in (
                AnswerHistory.objects.filter(answer__assignment__round_id__in=ids),
                ReviewComment.objects.filter(assignment__round_id__in=ids),
                Answer.objects.filter(assignment__round_id__in=ids),
                Assignment.objects.filter(round_id__in=ids),
                Round.objects.filter(pk__in=ids),
            ):
                query._raw_delete(query.db)  # noqa: SLF001 - no signals or files on these rows
        counts = {"rounds": 0, "assignments": 0, "answers": 0, "history": 0, "replaced": replaced}
        for days_ago, length, to_deadline, closed, weights in ROUNDS:
            opened = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(9, 0), tzinfo=zone)
            start = today - dt.timedelta(days=days_ago + length)
            period = (start, start + dt.timedelta(days=length - 1))
            deadline = dt.datetime.combine(opened.date() + dt.timedelta(days=to_deadline), dt.time(23, 59), tzinfo=zone)
            month = f"{period[0]:%m/%Y}"
            round_ = Round.objects.create(
                version=version, title=f"{PREFIX}Pemantauan kerawanan {month}", period_start=period[0],
                period_end=period[1], deadline=deadline, opened_at=opened,
                status=RoundStatus.CLOSED if closed else RoundStatus.OPEN,
                closed_at=deadline + dt.timedelta(days=7) if closed else None,
            )  # fmt: skip
            states, chances = list(weights), list(weights.values())
            assignments = []
            for code, province in kabkota:
                status = rng.choices(states, chances)[0]
                handed = status in {"approved", "submitted", "returned"}
                submitted = (opened + dt.timedelta(days=rng.uniform(3, to_deadline - 0.5))) if handed else None
                reviewed = submitted + dt.timedelta(days=rng.uniform(1, 5)) if status in {"approved", "returned"} \
                    and submitted else None  # fmt: skip
                assignments.append(Assignment(
                    round=round_, region_id=code, province_code=province, kabkota_code=code, status=status,
                    submitted_at=submitted, reviewed_at=reviewed, updated_at=reviewed or submitted or opened,
                    review_note="Mohon lengkapi bukti dukung." if status == "returned" else "",
                ))  # fmt: skip
            Assignment.objects.bulk_create(assignments, batch_size=500)
            rows: list[tuple[Any, ...]] = []
            by_code = {ind["code"]: ind for ind in indicators}
            for assignment in assignments:
                if assignment.status == AssignmentStatus.NOT_STARTED:
                    continue
                share = 0.5 if assignment.status == AssignmentStatus.DRAFT else 1.0
                values = _answers(indicators, lean[assignment.kabkota_code], rng, period, share)
                when = connection.ops.adapt_datetimefield_value(assignment.submitted_at or opened)
                for code, value in values.items():
                    note = NOTE if by_code[code]["evidence_required"] else ""
                    rows.append((assignment.pk, by_code[code]["id"], json.dumps(value), note, "", when))
                digest.update(f"{assignment.kabkota_code}:{assignment.status}:{sorted(values.items())}".encode())
            _insert_answers(round_.pk, rows)
            counts["rounds"] += 1
            counts["assignments"] += len(assignments)
            counts["answers"] += len(rows)
            counts["history"] += len(rows)
        record_batch(None, "monitoring.demo", object_type="monitoring.round", job_id=uuid.uuid4().hex,
                     counts=counts, checksum=digest.hexdigest())  # fmt: skip
    return {**counts, "kabkota": len(kabkota)}


def demo_step(stdout: Any, stderr: Any) -> bool:
    """The `waspada demo` step after the demo incidents: replaces the demo rounds (needs the regions)."""
    if not Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).exists():
        stderr.write("Demo monitoring rounds not created: run `waspada regions import` first.")
        return False
    summary = create_demo_rounds()
    stdout.write(f"{summary['rounds']} demo monitoring rounds ([DEMO]) for {summary['kabkota']} kab/kota, "
                 f"{summary['answers']} answers.")  # fmt: skip
    return True
