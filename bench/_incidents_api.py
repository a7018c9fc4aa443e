"""Benchmark figures for `bench/run --json incidents` (numbers, never pass/fail; docs/benchmarks.md).

    from bench._incidents_api import run; print(run())   # from the checkout, with src/ on the path

- incident_create_per_s: POST /api/v1/incidents through the whole stack (middleware, Bearer auth, ninja,
  services, audit chain) by `writers` concurrent phones (threads), served by one worker process per CPU
  (forked, like gunicorn's workers, and warmed up as `waspada serve` warms its workers before they accept
  requests: `waspada.core.warmup`), on a SQLite file in WAL mode; about one request in
  eight is a resend of an earlier report with the same Idempotency-Key and body (a phone that lost the answer);
  a request that fails (e.g. a lock timeout) is retried with the same key, as the phone form does.
- incident_lost / incident_duplicated: afterwards, reports with no incident / reports with more than one.
- incident_list_p95_ms: GET /api/v1/incidents over `list_rows` incidents, a mix of filters, as a national
  analyst and a province officer.
Django's test client, no sockets: the figures include Python's GIL, not the network.
Runs in a scratch directory with its own database unless Django is already configured (then it refuses
unless the database name contains "bench").
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

LIST_QUERIES = ("", "region=32", "type=money_politics", "stage=kampanye", "date_from=2024-01-01&date_to=2024-03-31",
                "q=politik+uang", "severity=3", "status=verified&page=5", "region=32.73&type=hoax_hate_speech",
                "sensitivity=public&page_size=100")  # fmt: skip


def _setup_django(scratch: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waspada.settings")
    from django.conf import settings

    if not settings.configured:
        os.environ["WASPADA_VAR_DIR"] = str(scratch)
        os.environ["WASPADA_DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    import django

    django.setup()
    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        raise RuntimeError(f"Refusing to benchmark on {name}: run in a fresh process or use a *bench* database.")


def _regions() -> list[str]:
    """38 provinces x 14 kab/kota (532, about the real 514), no boundaries: placement is not what we time."""
    from waspada.regions.models import Level, Region

    rows, kabkota = [], []
    for p in range(11, 49):
        code = str(p)
        rows.append(Region(code=code, name=f"Provinsi {code}", level=Level.PROVINCE, province_code=code,
                           decree="bench", timezone="Asia/Jakarta", search_name=f"provinsi {code}"))  # fmt: skip
        for k in range(1, 15):
            kk = f"{code}.{k:02d}" if k < 8 else f"{code}.{70 + k:02d}"
            kabkota.append(kk)
            rows.append(Region(code=kk, name=f"Kab/Kota {kk}", level=Level.KABUPATEN if k < 8 else Level.KOTA,
                               parent_id=code, province_code=code, kabkota_code=kk, decree="bench",
                               timezone="Asia/Jakarta", lat=-6.0 - p / 10, lng=106.0 + k / 10,
                               search_name=f"kab kota {kk}"))  # fmt: skip
    Region.objects.bulk_create(rows)
    return kabkota


def _prepare() -> list[str]:
    from django.conf import settings
    from django.core.management import call_command

    from waspada.elections.services import import_elections
    from waspada.incidents.taxonomy import import_taxonomy

    call_command("migrate", verbosity=0)
    kabkota = _regions()
    import_elections(Path(settings.DOMAIN_DIR))
    import_taxonomy(Path(settings.DOMAIN_DIR))
    return kabkota


def _writers(kabkota: list[str], count: int) -> list[tuple[str, str]]:
    from waspada.accounts.models import User
    from waspada.accounts.services import create_token
    from waspada.core.scope import Role

    out = []
    for index in range(count):
        code = kabkota[(index * 37) % len(kabkota)]
        user = User.objects.create_user(username=f"bench{index}", password=None, role=Role.KABKOTA_OFFICER,
                                        scope_region_id=code)  # fmt: skip
        out.append((create_token(user, "bench").secret, code))
    return out


def _payload(key: str, region: str, n: int) -> str:
    return json.dumps({
        "title": f"bench {key}", "occurred_on": f"2024-{1 + n % 12:02d}-{1 + n % 27:02d}", "region": region,
        "event_type": "money_politics", "event_subtype": "cash_for_votes", "severity": 1 + n % 5,
        "narrative": "Pembagian amplop menjelang pemungutan suara.", "sensitivity": "inter_agency",
        "actors": [{"actor_type": "candidate_pair", "side": "initiator"}],
        "sources": [{"kind": "fkdm", "reliability": "C", "informant_name": f"Informan {n}"}],
    })  # fmt: skip


def _writer_thread(index: int, secret: str, region: str, per_writer: int, start: Any,
                   out: dict[str, Any]) -> None:  # fmt: skip
    """One phone: new reports, and now and then a resend of an earlier one; failed requests retried."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    mine: list[tuple[str, str]] = []
    sent, counts = out["sent"], out["counts"]
    start.wait()
    try:
        for n in range(per_writer):
            if mine and n % 8 == 7:
                key, body = mine[(n * 7) % len(mine)]
            else:
                key = uuid.uuid4().hex
                body = _payload(key, region, n + index * per_writer)
                mine.append((key, body))
            for attempt in range(6):
                counts["requests"] += 1
                try:
                    response = client.post("/api/v1/incidents", body, content_type="application/json",
                                           HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip
                except Exception:  # noqa: BLE001 - a crashed request is retried, like a dropped link
                    response = None
                if response is not None and response.status_code == 201:
                    sent[key] = sent.get(key, 0) + 1
                    counts["replays"] += response.get("Idempotent-Replayed") == "true"
                    break
                counts["retries"] += 1
                time.sleep(0.05 * (attempt + 1))
            else:
                counts["failed"] += 1
                sent.setdefault(key, 0)
    finally:
        connection.close()


def _process(writers: list[tuple[int, str, str]], per_writer: int, start: Any, queue: Any) -> None:
    from waspada.core.warmup import warm_request_path

    warm_request_path()  # as gunicorn's post_worker_init does in `waspada serve`
    outs = []
    threads = []
    for index, secret, region in writers:
        out: dict[str, Any] = {"sent": {}, "counts": {"requests": 0, "replays": 0, "retries": 0, "failed": 0}}
        outs.append(out)
        threads.append(threading.Thread(target=_writer_thread, args=(index, secret, region, per_writer, start, out)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(outs)


def _create_phase(writers: list[tuple[str, str]], per_writer: int, processes: int) -> dict[str, Any]:
    """`writers` concurrent phones, served by `processes` worker processes (like gunicorn's workers)."""
    import multiprocessing

    from django.db import connections

    from waspada.incidents.models import Incident

    connections.close_all()  # never share a connection across fork
    context = multiprocessing.get_context("fork")
    start = context.Barrier(len(writers) + 1)
    queue = context.Queue()
    numbered = [(i, secret, region) for i, (secret, region) in enumerate(writers)]
    groups = [numbered[p::processes] for p in range(processes)]
    workers = [context.Process(target=_process, args=(group, per_writer, start, queue)) for group in groups if group]
    for worker in workers:
        worker.start()
    start.wait()
    started = time.perf_counter()
    outs = [out for _ in workers for out in queue.get()]
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join()
    sent: dict[str, int] = {}
    counts = {"requests": 0, "replays": 0, "retries": 0, "failed": 0}
    for out in outs:
        sent.update(out["sent"])
        for name in counts:
            counts[name] += out["counts"][name]
    titles: dict[str, int] = {}
    for title in Incident.objects.filter(title__startswith="bench ").values_list("title", flat=True):
        titles[title] = titles.get(title, 0) + 1
    lost = sum(1 for key in sent if titles.get(f"bench {key}", 0) == 0)
    duplicated = sum(count - 1 for count in titles.values() if count > 1)
    return {
        "incident_create_per_s": round(len(titles) / elapsed, 1),
        "incident_create_requests_per_s": round(counts["requests"] / elapsed, 1),
        "incident_lost": lost, "incident_duplicated": duplicated, "incident_created": len(titles),
        "incident_create_requests": counts["requests"], "incident_create_replays": counts["replays"],
        "incident_create_retries": counts["retries"], "incident_create_failed": counts["failed"],
        "incident_create_writers": len(writers), "incident_create_processes": len(workers),
        "incident_create_seconds": round(elapsed, 2),
    }  # fmt: skip


def _list_phase(rows: int, requests: int) -> dict[str, Any]:
    from waspada.accounts.models import User
    from waspada.core.scope import Role
    from waspada.incidents.demo import build_incidents
    from waspada.incidents.models import Incident

    missing = rows - Incident.objects.count()
    started = time.perf_counter()
    if missing > 0:
        build_incidents(missing, seed=7, history=False)
    seeded = time.perf_counter() - started
    analyst = User.objects.create_user(username="bench-analyst", password=None, role=Role.NATIONAL_ANALYST)
    province = User.objects.create_user(username="bench-province", password=None, role=Role.PROVINCE_OFFICER,
                                        scope_region_id="32")  # fmt: skip
    from django.test import Client

    timings: list[float] = []
    clients = [Client(), Client()]
    clients[0].force_login(analyst)
    clients[1].force_login(province)
    for n in range(requests + 10):
        client = clients[n % 2]
        query = LIST_QUERIES[n % len(LIST_QUERIES)]
        t0 = time.perf_counter()
        response = client.get(f"/api/v1/incidents?{query}")
        took = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"list {query!r} answered {response.status_code}")
        if n >= 10:  # warm-up excluded
            timings.append(took)
    timings.sort()
    return {
        "incident_list_rows": Incident.objects.count(),
        "incident_list_p50_ms": round(statistics.median(timings), 1),
        "incident_list_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "incident_list_max_ms": round(timings[-1], 1), "incident_list_requests": len(timings),
        "incident_list_seed_seconds": round(seeded, 1),
    }  # fmt: skip


def run(*, writers: int = 20, per_writer: int = 50, processes: int | None = None, list_rows: int = 100_000,
        list_requests: int = 200) -> dict[str, Any]:  # fmt: skip
    scratch = Path(tempfile.mkdtemp(prefix="waspada-bench-incidents-"))
    _setup_django(scratch)
    from django.db import connection

    figures: dict[str, Any] = {"database": connection.vendor}
    kabkota = _prepare()
    figures |= _create_phase(_writers(kabkota, writers), per_writer, processes or os.cpu_count() or 1)
    figures |= _list_phase(list_rows, list_requests)
    return figures


if __name__ == "__main__":
    print(json.dumps(run()))
