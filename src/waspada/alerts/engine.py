"""The daily early-warning run (`waspada ew run`, the worker's `alerts.daily` job): signals → rules → alerts.

Idempotent per day: a rerun of a date recomputes the same decisions and rewrites that date's entry of each
alert's history, so nothing is notified twice. A condition that persists updates its one live alert (level,
evidence, last seen) instead of opening another; an alert whose region stays quiet for LAPSE_DAYS lapses.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from waspada.alerts import routing
from waspada.alerts.models import Alert, AlertLevel, AlertStatus, EarlyWarningRun
from waspada.alerts.rules import NORMAL, Decision, Params, decide
from waspada.alerts.signals import WEIGHTS, gather
from waspada.core.audit import record_batch
from waspada.incidents.models import Incident
from waspada.regions.models import Region

LAPSE_DAYS = 14
EVIDENCE_INCIDENTS = 20
LIVE = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)


def run(day: dt.date, *, actor: Any = None, params: Params | None = None) -> dict[str, Any]:
    params = params or Params()
    clock = time.perf_counter()
    started = timezone.now()
    signals = gather(day, params)
    first = {s.code: decide(s, params).level for s in signals}
    decisions = {s.code: decide(s, params, first) for s in signals}
    gathered_s = time.perf_counter() - clock
    incidents = _evidence_incidents([c for c, d in decisions.items() if d.level > NORMAL], day, params)
    window_start = (day - dt.timedelta(days=params.window_days - 1)).isoformat()
    counts = {"regions": len(signals), "raised": 0, "updated": 0, "rose": 0, "lapsed": 0,
              **{f"level_{level.label.split()[0].lower()}": 0 for level in AlertLevel}}  # fmt: skip
    events: list[tuple[str, Alert]] = []
    with transaction.atomic():
        live = {a.kabkota_code: a for a in Alert.objects.select_for_update().filter(status__in=LIVE)}
        regions = Region.objects.in_bulk([c for c, d in decisions.items() if d.level > NORMAL or c in live])
        for code, decision in decisions.items():
            counts[f"level_{AlertLevel(decision.level).label.split()[0].lower()}"] += 1
            alert = live.get(code)
            if decision.level > NORMAL:
                evidence = _evidence(day, window_start, decision, incidents.get(code, []))
                if alert is None:
                    alert = _open(regions[code], day, decision, evidence)
                    counts["raised"] += 1
                    events.append(("alert.raised", alert))
                elif alert.last_seen_on <= day:
                    if _update(alert, day, decision, evidence):
                        counts["rose"] += 1
                        events.append(("alert.level_changed", alert))
                    counts["updated"] += 1
            elif alert is not None and (day - alert.last_seen_on).days >= LAPSE_DAYS:
                alert.status, alert.closed_at, alert.updated_at = AlertStatus.LAPSED, timezone.now(), timezone.now()
                alert.save(update_fields=["status", "closed_at", "updated_at"])
                counts["lapsed"] += 1
                events.append(("alert.closed", alert))
        seconds = round(time.perf_counter() - clock, 3)
        summary = {**counts, "seconds": seconds, "signals_seconds": round(gathered_s, 3)}
        figures = {"started_at": started, "finished_at": timezone.now(), "regions": len(signals), "summary": summary}
        ew_run, _ = EarlyWarningRun.objects.update_or_create(date=day, defaults=figures)
        record_batch(actor, "alerts.ew_run", object_type="alerts.earlywarningrun", job_id=str(ew_run.pk),
                     counts={k: v for k, v in counts.items() if isinstance(v, int)},
                     details={"date": day.isoformat()})  # fmt: skip
        for kind, alert in events:
            routing.announce(kind, alert)
    return {"date": day.isoformat(), "run": ew_run.pk, **summary}


def run_today() -> str:
    """The scheduler's entry point: today's run, one line for its log."""
    result = run(timezone.localdate())
    return f"{result['regions']} regions, {result['raised']} raised, {result['rose']} rose, {result['lapsed']} lapsed"


def _open(region: Region, day: dt.date, decision: Decision, evidence: dict[str, Any]) -> Alert:
    return Alert.objects.create(
        region=region, province_code=region.province_code, kabkota_code=region.code, level=decision.level,
        peak_level=decision.level, opened_on=day, last_seen_on=day, evidence=evidence,
        history=[_entry(day, decision)])  # fmt: skip


def _update(alert: Alert, day: dt.date, decision: Decision, evidence: dict[str, Any]) -> bool:
    """Refresh a live alert; True when its level rose (it then needs acknowledging again)."""
    rose = decision.level > alert.level
    alert.level = decision.level
    alert.peak_level = max(alert.peak_level, decision.level)
    alert.last_seen_on = day
    alert.evidence = evidence
    alert.history = [entry for entry in alert.history if entry["date"] != day.isoformat()] + [_entry(day, decision)]
    alert.updated_at = timezone.now()
    if rose:
        alert.status, alert.routed_at = AlertStatus.OPEN, timezone.now()
    alert.save()
    return rose


def _entry(day: dt.date, decision: Decision) -> dict[str, Any]:
    return {"date": day.isoformat(), "level": decision.level, "rules": decision.rules}


def _evidence(day: dt.date, window_start: str, decision: Decision, incident_ids: list[int]) -> dict[str, Any]:
    return {"date": day.isoformat(), "window_start": window_start, "level": decision.level, "rules": decision.rules,
            "numbers": decision.numbers, "incidents": incident_ids}  # fmt: skip


def _evidence_incidents(codes: list[str], day: dt.date, params: Params) -> dict[str, list[int]]:
    """The counted incidents of the window behind each alert, most severe first."""
    if not codes:
        return {}
    start = day - dt.timedelta(days=params.window_days - 1)
    rows = (Incident.objects.filter(kabkota_code__in=codes, occurred_on__gte=start, occurred_on__lte=day,
                                    status__in=list(WEIGHTS))
            .order_by("kabkota_code", "-severity", "-occurred_on", "-id")
            .values_list("kabkota_code", "id"))  # fmt: skip
    result: dict[str, list[int]] = defaultdict(list)
    for code, incident_id in rows:
        if len(result[code]) < EVIDENCE_INCIDENTS:
            result[code].append(incident_id)
    return result
