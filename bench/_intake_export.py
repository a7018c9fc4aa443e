"""Benchmark: one million incidents to CSV (`export_1m_s`, target < 120) and the peak memory of the process
that exports them (`export_peak_mb`, target < 300). Numbers, never pass/fail.

    from bench._intake_export import export_1m; print(export_1m())

Needs a configured database with the reference data imported (regions, taxonomy, calendar), like the bench
instance; it ADDS synthetic incidents to it (raw multi-row inserts, no audit events, `is_demo` true, titles
starting "[BENCH]") until it holds `rows`, so never point it at a database you keep.

The export runs in a fresh Python process (`python -m bench._intake_export JOB_ID`): the
fill's memory does not count, and the figure is the peak resident size (ru_maxrss) of a process that has
loaded Django and done the whole export, the way `waspada worker` does it (same function, `run_export`).
`export_1m_s` is the time of `run_export` in that process: query, stream, write, store, audit.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BATCH = 20_000


def _child_env() -> dict[str, str]:
    """The parent's settings for the child: the same database and var folder."""
    from django.conf import settings

    import waspada

    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "waspada.settings")
    env.setdefault("WASPADA_VAR_DIR", str(settings.VAR_DIR))
    database = settings.DATABASES["default"]
    if "WASPADA_DATABASE_URL" not in env:
        if database["ENGINE"].endswith("sqlite3"):
            env["WASPADA_DATABASE_URL"] = f"sqlite:///{database['NAME']}"
        else:
            auth = f"{database.get('USER') or ''}:{database.get('PASSWORD') or ''}@".replace(":@", "@")
            env["WASPADA_DATABASE_URL"] = (f"postgresql://{auth}{database.get('HOST') or ''}:"
                                           f"{database.get('PORT') or 5432}/{database['NAME']}")  # fmt: skip
    # The child imports waspada (src/) and this module (bench/, in the checkout).
    src, checkout = str(Path(waspada.__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([src, checkout, *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])])
    return env


def fill(rows: int, *, seed: int = 11) -> int:
    """Add synthetic incidents until the database holds `rows`; a share with stage tags and sources."""
    from django.db import connection, transaction
    from django.db.models import Max

    from waspada.elections.models import StageTag
    from waspada.incidents.models import EventSubType, EventType, Incident, IncidentSource, IncidentStage
    from waspada.regions.models import KABKOTA_LEVELS, Region

    missing = rows - Incident.objects.count()
    if missing <= 0:
        return 0
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    kabkota = list(Region.objects.filter(level__in=KABKOTA_LEVELS, is_active=True).values_list("code", "province_code"))
    types = list(EventType.objects.values_list("code", flat=True))
    subtypes: dict[str, list[int]] = {}
    for pk, type_code in EventSubType.objects.values_list("pk", "event_type_id"):
        subtypes.setdefault(type_code, []).append(pk)
    tags = list(StageTag.objects.values_list("code", flat=True))
    if not kabkota or not types:
        raise RuntimeError("The export benchmark needs regions and the taxonomy imported first.")
    ops = connection.ops
    fields = [f for f in Incident._meta.concrete_fields]
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields if f.attname != "id"}
    first_id = (Incident.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    days = [dt.date(2022, 1, 1) + dt.timedelta(days=n) for n in range(4 * 365)]
    day_values = {day: ops.adapt_datefield_value(day) for day in days}
    stamp_values = {day: ops.adapt_datetimefield_value(dt.datetime.combine(day, dt.time(3), dt.UTC)) for day in days}
    columns = [f.attname for f in fields]
    table = connection.ops.quote_name(Incident._meta.db_table)
    insert = (f"INSERT INTO {table} ({', '.join(connection.ops.quote_name(f.column) for f in fields)}) "  # noqa: S608
              f"VALUES ({', '.join(['%s'] * len(fields))})")  # fmt: skip
    sensitivities, statuses = ["public", "inter_agency", "inter_agency", "restricted"], ["submitted", "verified"]
    narrative = "[BENCH] Data sintetis untuk uji kinerja ekspor: dua kelompok pendukung saling dorong di depan TPS."
    for start in range(0, missing, BATCH):
        batch, stages, sources = [], [], []
        for n in range(start, min(missing, start + BATCH)):
            pk = first_id + n
            code, province = kabkota[rng.randrange(len(kabkota))]
            type_code = types[rng.randrange(len(types))]
            choices = subtypes.get(type_code)
            day = days[rng.randrange(len(days))]
            point = rng.random() < 0.6
            values = dict(defaults)
            values.update({
                "id": pk, "title": f"[BENCH] Insiden {pk} di {code}", "narrative": narrative,
                "occurred_on": day_values[day], "time_precision": "day", "region_id": code, "province_code": province,
                "kabkota_code": code, "place_code": code, "owner_code": code,
                "lat": round(-6.9 + rng.random(), 5) if point else None,
                "lng": round(107.6 + rng.random(), 5) if point else None, "geo_precision": "exact" if point else "",
                "event_type_id": type_code, "event_subtype_id": rng.choice(choices) if choices else None,
                "dead": 0, "injured": rng.choice([0, 1, None]), "people_involved": 20, "severity": 1 + n % 5,
                "sensitivity": sensitivities[n % 4], "status": statuses[n % 2], "handling_level": "kabkota",
                "corroboration": 1, "is_demo": True, "search_text": " bench ", "created_at": stamp_values[day],
                "updated_at": stamp_values[day],
            })  # fmt: skip
            batch.append([values[name] for name in columns])
            if tags and n % 5 < 3:
                stages += [
                    IncidentStage(incident_id=pk, tag_id=tag) for tag in rng.sample(tags, k=min(len(tags), 1 + n % 2))
                ]
            if n % 4 == 0:
                sources.append(IncidentSource(incident_id=pk, kind="media", reliability="C", name="[BENCH]",
                                              independence_key=f"bench-{pk}"))  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, batch)
            IncidentStage.objects.bulk_create(stages, batch_size=5000)
            IncidentSource.objects.bulk_create(sources, batch_size=5000)
    if connection.vendor == "postgresql":  # explicit ids: move the id sequence past them
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Incident]):
                cursor.execute(statement)
    return missing


def _analyst() -> Any:
    from waspada.accounts.models import User
    from waspada.core.scope import Role

    user, _created = User.objects.get_or_create(username="bench-export-analyst",
                                                defaults={"role": Role.NATIONAL_ANALYST})  # fmt: skip
    return user


def measure(fmt: str = "csv") -> dict[str, Any]:
    """Export every incident as a national analyst in a fresh process; seconds, peak MB and rows."""
    from waspada.incidents.models import ExportJob

    job = ExportJob.objects.create(user=_analyst(), format=fmt, filters={}, language="id")
    done = subprocess.run([sys.executable, "-m", "bench._intake_export", str(job.pk)],  # noqa: S603
                          env=_child_env(), capture_output=True, text=True, check=False)  # fmt: skip
    job.refresh_from_db()
    if job.file:  # hundreds of megabytes: the figures are what the benchmark keeps
        job.file.delete(save=False)
    job.delete()
    if done.returncode != 0:
        raise RuntimeError(f"export process failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def export_1m(rows: int = 1_000_000, *, xlsx: bool = False) -> dict[str, Any]:
    started = time.perf_counter()
    added = fill(rows)
    filled = time.perf_counter() - started
    csv = measure("csv")
    figures = {"export_1m_s": csv["seconds"], "export_peak_mb": csv["peak_mb"], "export_rows": csv["rows"],
               "export_bytes": csv["size"], "export_fill_added": added, "export_fill_s": round(filled, 1)}  # fmt: skip
    if xlsx:
        book = measure("xlsx")
        figures |= {"export_1m_xlsx_s": book["seconds"], "export_xlsx_peak_mb": book["peak_mb"],
                    "export_xlsx_bytes": book["size"]}  # fmt: skip
    return figures


def _run_job(job_id: str) -> None:
    import django

    django.setup()
    from waspada.incidents.exports.services import run_export

    started = time.perf_counter()
    result = run_export(job_id)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes
    print(json.dumps({"seconds": round(seconds, 1), "peak_mb": round(peak_mb, 1), "rows": result.get("rows"),
                      "size": result.get("size")}))  # fmt: skip


if __name__ == "__main__":
    _run_job(sys.argv[1])
