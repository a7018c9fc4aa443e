"""Index computations: check the request, run compute.compute under the method in use, write every score and ONE
audit event in one transaction, keep the run's outcome (done with its summary, or failed with the error).

The run is compared with the previous finished run of the same kind (demo or not; per round or by date), as of
the same day or earlier: that run's scores give each region's change and its reasons."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.audit import record_batch
from waspada.core.errors import DomainError
from waspada.core.permissions import has_permission
from waspada.monitoring.models import Round
from waspada.risk.compute import Progress, RegionResult, compute
from waspada.risk.method import active_method
from waspada.risk.models import IndexRun, Level, RegionScore, RunStatus, RunTrigger


class RunInvalid(DomainError):
    status = 422


class RunDenied(DomainError):
    status = 403


def previous_run(as_of: dt.date, *, by_round: bool, demo: bool, exclude: int | None = None) -> IndexRun | None:
    runs = IndexRun.objects.filter(status=RunStatus.DONE, is_demo=demo, round__isnull=not by_round, as_of__lte=as_of)
    if exclude is not None:
        runs = runs.exclude(pk=exclude)
    return runs.order_by("-as_of", "-id").first()


def _check(user: Any, as_of: dt.date | None, round_id: int | None, trigger: str) -> tuple[dt.date, Round | None]:
    if user is not None and not has_permission(user, "risk.compute"):
        raise RunDenied({"user": _("Only a national administrator may compute the index.")})
    if trigger not in RunTrigger.values:
        raise RunInvalid({"trigger": _("Unknown trigger %(trigger)s.") % {"trigger": trigger}})
    today = timezone.localdate()
    day = as_of or today
    if day > today:
        raise RunInvalid({"date": _("The date %(date)s lies in the future.") % {"date": day.isoformat()}})
    round_ = None
    if round_id is not None:
        round_ = Round.objects.filter(pk=round_id).first()
        if round_ is None:
            raise RunInvalid({"round": _("There is no monitoring round %(id)s.") % {"id": round_id}})
    return day, round_


def _summary(results: list[RegionResult], params: dict[str, Any]) -> dict[str, Any]:
    categories = {level: dict(Counter(r.category for r in results if r.level == level and r.category))
                  for level in Level.values}  # fmt: skip
    kabkota = [r.composite for r in results if r.level == Level.KABKOTA and r.composite is not None]
    return {
        "categories": {level: {c: counts.get(c, 0) for c in ("rendah", "sedang", "tinggi")}
                       for level, counts in categories.items()},  # fmt: skip
        "provisional": sum(1 for r in results if r.level == Level.KABKOTA and r.inputs.get("provisional")),
        "unscored": sum(1 for r in results if r.composite is None),
        "kabkota_mean": round(sum(kabkota) / len(kabkota), 2) if kabkota else None,
        "province_mode": params["province_mode"],
    }


def _score_row(run: IndexRun, r: RegionResult) -> RegionScore:
    return RegionScore(run=run, region_id=r.code, level=r.level, province_code=r.province_code,
                       kabkota_code=r.kabkota_code, composite=r.composite, category=r.category,
                       monitoring_score=r.monitoring, incident_score=r.incident, coverage=r.coverage, rank=r.rank,
                       dimensions=r.dimensions, subdimensions=r.subdimensions, contributions=r.contributions,
                       change=r.change, reasons=r.reasons, inputs=r.inputs)  # fmt: skip


def compute_index(user: Any = None, *, as_of: dt.date | None = None, round_id: int | None = None,
                  trigger: str = RunTrigger.MANUAL, demo: bool = False,
                  progress: Progress | None = None) -> IndexRun:  # fmt: skip
    """Compute and store one run. `user` None: the system (schedule, approvals, demo), else a user with
    risk.compute. Raises RunInvalid / RunDenied naming the field, before anything is written."""
    day, round_ = _check(user, as_of, round_id, trigger)
    method = active_method()
    started = time.perf_counter()
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    run = IndexRun.objects.create(method=method, as_of=day, round=round_, trigger=trigger, started_by=actor,
                                  is_demo=demo, status=RunStatus.RUNNING)  # fmt: skip
    try:
        previous = previous_run(day, by_round=round_ is not None, demo=demo, exclude=run.pk)
        before = {}
        if previous is not None:
            before = {s.region_id: s for s in RegionScore.objects.filter(run=previous)
                      .only("region_id", "composite", "coverage", "inputs")}  # fmt: skip
        results = compute(method.params, day, round_id=round_id, demo=demo, previous=before, progress=progress)
        rows = [_score_row(run, r) for r in results]
        digest = hashlib.sha256()
        for r in results:
            digest.update(f"{r.code}:{r.composite}:{r.category}\n".encode())
        with transaction.atomic():
            RegionScore.objects.bulk_create(rows, batch_size=500)
            if progress is not None:
                progress("write", len(rows), len(rows))
            run.previous = previous
            run.status = RunStatus.DONE
            run.finished_at = timezone.now()
            run.regions_scored = sum(1 for r in results if r.composite is not None)
            run.duration_s = round(time.perf_counter() - started, 3)
            run.summary = _summary(results, method.params)
            run.save(update_fields=["previous", "status", "finished_at", "regions_scored", "duration_s", "summary"])
            counts = {"regions": len(results), "scored": run.regions_scored}
            for level, cats in run.summary["categories"].items():
                counts.update({f"{level}_{category}": n for category, n in cats.items()})
            record_batch(actor, "risk.compute", object_type="risk.indexrun", job_id=str(run.pk), counts=counts,
                         checksum=digest.hexdigest(),
                         details={"as_of": day.isoformat(), "round": round_id, "trigger": trigger,
                                  "method_version": method.version, "demo": demo})  # fmt: skip
    except Exception as exc:
        IndexRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc)[:2000],
                                                  finished_at=timezone.now())  # fmt: skip
        raise
    return run
