"""A kab/kota's risk timeline (issue 18, Views): on one chart the daily weighted incident counts (the signal the
rules read), the alert level of each day (from the alerts' history), the follow-up actions (due and done), the
register entries (identified, due, closed) and, when forecasts exist, the forecast probabilities. Built as plain
numbers the template writes into an <svg>, as the index history chart is (no script, CSP-safe); the page lists
the same events in a table beside it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format, number_format

from waspada.alerts import forecast_selectors, register
from waspada.alerts.explain import RULE_TEXTS
from waspada.alerts.models import ActionStatus, Alert, AlertAction, AlertStatus
from waspada.alerts.signals import WEIGHTS
from waspada.incidents.maps.charts import ticks
from waspada.incidents.models import Incident

SPANS = (90, 180, 365)
WIDTH, LEFT, RIGHT = 960, 76, 52
BARS_TOP, BARS_H = 12, 170
STRIP_H, MARKS_H, AXIS_H = 18, 34, 22
LEVEL_COLOURS = {0: "#e3efe3", 1: "#ffe08a", 2: "#f59e42", 3: "#b3261e"}
FORECAST_COLOURS = {14: "#5b3fa0", 30: "#1f6fb2"}


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def daily_counts(code: str, window: Window) -> dict[dt.date, float]:
    """Weighted incidents per day, as the early-warning signals count them (alerts/signals.py WEIGHTS)."""
    rows = (Incident.objects.filter(kabkota_code=code, occurred_on__gte=window.start, occurred_on__lte=window.end,
                                    status__in=list(WEIGHTS), is_context=False)
            .values_list("occurred_on", "status").annotate(n=Count("id")).order_by())  # fmt: skip
    daily: dict[dt.date, float] = defaultdict(float)
    for day, status, n in rows:
        daily[day] += WEIGHTS[status] * n
    return daily


def _alert_end(alert: Alert, window: Window) -> dt.date:
    if alert.status in (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED):
        return window.end
    if alert.status == AlertStatus.CLOSED and alert.closed_at:
        return alert.closed_at.date()
    return alert.last_seen_on


def daily_levels(alerts: list[Alert], window: Window) -> dict[dt.date, int]:
    """Each day's highest alert level: a history entry's level holds until the alert's next entry or its end."""
    levels: dict[dt.date, int] = {}
    for alert in alerts:
        entries = sorted(((dt.date.fromisoformat(str(e["date"])), int(e.get("level", 0)))
                          for e in alert.history or [] if e.get("date")), key=lambda e: e[0])  # fmt: skip
        if not entries:
            entries = [(alert.opened_on, alert.level)]
        end = _alert_end(alert, window)
        for i, (day, level) in enumerate(entries):
            stop = entries[i + 1][0] - dt.timedelta(days=1) if i + 1 < len(entries) else end
            current = max(day, window.start)
            while current <= min(stop, window.end):
                levels[current] = max(levels.get(current, 0), level)
                current += dt.timedelta(days=1)
    return levels


def build(user: Any, code: str, window: Window) -> dict[str, Any]:
    counts = daily_counts(code, window)
    alerts = list(Alert.objects.filter(kabkota_code=code, last_seen_on__gte=window.start - dt.timedelta(days=400),
                                       opened_on__lte=window.end).order_by("opened_on"))  # fmt: skip
    levels = daily_levels(alerts, window)
    actions = list(AlertAction.objects.filter(alert__in=alerts, due_on__gte=window.start, due_on__lte=window.end)
                   .select_related("owner").order_by("due_on"))  # fmt: skip
    entries = list(register.entries_for(user).filter(region_id=code))
    probabilities = forecast_selectors.series(code, window.start, window.end)

    step = (WIDTH - LEFT - RIGHT) / window.days
    top_count = max(counts.values(), default=0)
    axis = ticks(int(top_count + 0.999))
    scale_top = axis[-1] or 1

    def x(day: dt.date) -> float:
        return round(LEFT + ((day - window.start).days + 0.5) * step, 1)

    def y_count(value: float) -> float:
        return round(BARS_TOP + BARS_H * (1 - value / scale_top), 1)

    def y_prob(value: float) -> float:
        return round(BARS_TOP + BARS_H * (1 - value), 1)

    bar_w = round(max(step * 0.8, 1.0), 1)
    bars = [{"x": round(x(day) - bar_w / 2, 1), "y": y_count(n), "h": round(BARS_TOP + BARS_H - y_count(n), 1),
             "w": bar_w, "title": f"{date_format(day, 'j M Y')} · {number_format(n, decimal_pos=1)}"}
            for day, n in sorted(counts.items()) if n > 0]  # fmt: skip
    strip_y = BARS_TOP + BARS_H + 6
    strip = _runs(levels, window, step)
    marks_y = strip_y + STRIP_H + 4
    marks, events = _marks(actions, entries, window, x, marks_y)
    lines = [{"horizon": h, "colour": FORECAST_COLOURS[h],
              "points": " ".join(f"{x(day)},{y_prob(p)}" for day, p in rows),
              "dots": [{"x": x(day), "y": y_prob(p), "title": f"{date_format(day, 'j M Y')} · {round(p * 100)}%"}
                       for day, p in rows]}
             for h, rows in probabilities.items()]  # fmt: skip
    height = marks_y + MARKS_H + AXIS_H
    months = _month_ticks(window, x)
    for alert in alerts:
        previous: tuple[int, tuple[str, ...]] | None = None
        for entry in sorted(alert.history or [], key=lambda e: str(e.get("date", ""))):
            # One row per change of level or rules, not one per daily run.
            state = (int(entry.get("level", 0)), tuple(entry.get("rules", [])))
            day = dt.date.fromisoformat(str(entry["date"])) if entry.get("date") else None
            if state != previous and day in window:
                rules = "; ".join(str(RULE_TEXTS.get(code, code)) for code in state[1])
                events.append({"date": day, "kind": "alert", "level": state[0], "alert": alert.pk, "text": rules})
            previous = state
    events.sort(key=lambda e: (e["date"], e["kind"]), reverse=True)
    return {
        "width": WIDTH, "height": height, "left": LEFT, "right": WIDTH - RIGHT, "span": WIDTH - LEFT - RIGHT,
        "bars_top": BARS_TOP, "bars_bottom": BARS_TOP + BARS_H, "strip_y": strip_y, "strip_h": STRIP_H,
        "marks_y": marks_y, "axis_y": height - AXIS_H + 14, "bars": bars, "strip": strip, "marks": marks,
        "lines": lines, "months": months,
        "count_ticks": [{"y": y_count(v), "label": v} for v in axis],
        "prob_ticks": [{"y": y_prob(v / 100), "label": f"{v}%"} for v in (0, 25, 50, 75, 100)] if lines else [],
        "total": round(sum(counts.values()), 1), "peak": top_count, "alerts": alerts, "events": events[:200],
        "has_levels": any(levels.values()), "window": window,
    }  # fmt: skip


def _runs(levels: dict[dt.date, int], window: Window, step: float) -> list[dict[str, Any]]:
    """The level strip as runs of equal level (one rectangle per run, not per day)."""
    runs: list[dict[str, Any]] = []
    day, start_index, current = window.start, 0, levels.get(window.start, 0)
    for i in range(1, window.days + 1):
        day = window.start + dt.timedelta(days=i)
        level = levels.get(day, 0) if i < window.days else -1
        if level != current:
            first = window.start + dt.timedelta(days=start_index)
            last = window.start + dt.timedelta(days=i - 1)
            runs.append({"x": round(LEFT + start_index * step, 1), "w": round((i - start_index) * step, 1),
                         "colour": LEVEL_COLOURS[current], "level": current,
                         "title": f"{date_format(first, 'j M Y')} – {date_format(last, 'j M Y')}"})  # fmt: skip
            start_index, current = i, level
    return runs


def _marks(actions: list[AlertAction], entries: list[Any], window: Window, x: Any,
           y: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:  # fmt: skip
    marks: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for action in actions:
        done = action.status == ActionStatus.DONE
        shape = "done" if done else "cancelled" if action.status == ActionStatus.CANCELLED else "due"
        marks.append({"x": x(action.due_on), "y": y + 8, "shape": shape,
                      "title": f"{date_format(action.due_on, 'j M Y')} · {action.description[:80]}"})  # fmt: skip
        events.append({"date": action.due_on, "kind": "action", "status": action.get_status_display(),
                       "text": action.description, "alert": action.alert_id})  # fmt: skip
    for entry in entries:
        created = timezone.localdate(entry.created_at)
        for day, what in ((created, "identified"), (entry.due_on, "due"), (entry.closed_on, "closed")):
            if day in window:
                marks.append({"x": x(day), "y": y + 24, "shape": f"risk-{what}",
                              "title": f"{date_format(day, 'j M Y')} · {entry.risk[:80]}"})  # fmt: skip
                events.append({"date": day, "kind": f"risk-{what}", "text": entry.risk, "entry": entry.pk})
    return marks, events


def _month_ticks(window: Window, x: Any) -> list[dict[str, Any]]:
    ticks_out = []
    day = window.start.replace(day=1)
    while day <= window.end:
        if day >= window.start:
            ticks_out.append({"x": x(day), "label": date_format(day, "M Y" if day.month == 1 else "M")})
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return ticks_out
