"""The incident part of the index (docs/index.md, Incident part): checked incidents and imported historical events
per region and event type, severity-weighted and decayed with age, in one GROUP BY query, then per 100,000
inhabitants and mapped to 0-100.

For a region with population P, as of day D, each event type t gives
    x_t = type_weight(t) * sum over its incidents of severity_weight(s) * 0.5 ** (age_days / half_life) * 100000 / P
for incidents on D - lookback_days < date <= D (age_days = D - date), and the region's incident score is
    I = 100 * X / (X + half_score_rate),  X = sum of x_t,
which each type carries in proportion to its x_t: s_t = 100 * x_t / (X + half_score_rate), so sum of s_t = I.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, FloatField, Func, Sum, Value, When
from django.db.models.functions import Power

from waspada.incidents.models import Incident

PER = 100_000


class AgeDays(Func):
    """Days from a date column to the day `as_of`, as a float, on SQLite and PostgreSQL."""

    output_field = FloatField()

    def __init__(self, as_of: dt.date, field: str) -> None:
        super().__init__(Value(as_of.isoformat()), F(field))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(julianday(%(expressions)s))",
                           arg_joiner=") - julianday(", **extra)  # fmt: skip

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="CAST(CAST(%(expressions)s AS double precision)",
                           arg_joiner=" AS date) - ", **extra)  # fmt: skip


@dataclass(frozen=True)
class TypeTally:
    count: int  # incidents in the window
    weighted: float  # sum of severity weight * decay


def tally(as_of: dt.date, params: Mapping[str, Any], *, by: str = "kabkota_code",
          demo: bool = False) -> dict[str, dict[str, TypeTally]]:  # fmt: skip
    """Region code (`by`: kabkota_code or province_code) -> event type -> tally, from ONE aggregate query (the
    decay computed by the database). Demo incidents count only in a demo run."""
    inc = params["incidents"]
    start = as_of - dt.timedelta(days=int(inc["lookback_days"]))
    severity = Case(*[When(severity=int(level), then=Value(float(weight)))
                      for level, weight in inc["severity_weights"].items()],
                    default=Value(0.0), output_field=FloatField())  # fmt: skip
    decay = Power(Value(0.5), AgeDays(as_of, "occurred_on") / Value(float(inc["half_life_days"])))
    rows = Incident.objects.filter(status__in=inc["statuses"], occurred_on__gt=start, occurred_on__lte=as_of)
    if not demo:
        rows = rows.filter(is_demo=False)
    rows = rows.exclude(**{by: ""}).exclude(event_type_id__in=inc.get("exclude_types") or [])
    grouped = (rows.order_by().values_list(by, "event_type_id")
               .annotate(n=Count("id"), w=Sum(severity * decay, output_field=FloatField())))  # fmt: skip
    out: dict[str, dict[str, TypeTally]] = {}
    for region, event_type, n, weighted in grouped:
        out.setdefault(region, {})[event_type] = TypeTally(int(n), float(weighted or 0.0))
    return out


@dataclass(frozen=True)
class IncidentItem:
    event_type: str
    count: int
    value: float  # x_t: weighted rate per 100,000
    score: float  # s_t: its share of the incident score


def incident_part(tallies: Mapping[str, TypeTally], population: float,
                  params: Mapping[str, Any]) -> tuple[float, list[IncidentItem]]:  # fmt: skip
    """The region's incident score I (0-100) and each event type's share of it (module docstring)."""
    inc = params["incidents"]
    weights: Mapping[str, float] = inc.get("type_weights") or {}
    default = float(inc["default_type_weight"])
    rates = {t: float(weights.get(t, default)) * tal.weighted * PER / population for t, tal in tallies.items()}
    total = sum(rates.values())
    denominator = total + float(inc["half_score_rate"])
    items = [IncidentItem(t, tallies[t].count, rates[t], 100 * rates[t] / denominator) for t in sorted(rates)]
    return 100 * total / denominator, items
