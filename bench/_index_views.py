"""Index map figures (issue 17 item 4), run inside a bench instance with the full reference data
(bench/index_views.py):

- index_map_p95_ms: GET /index/ (the national kab/kota map: the page with its 514-region score table) by a
  national analyst through Django's test client, gzip accepted as a browser would; server time.
  index_map_cpu_p95_ms is the CPU time of the request's thread, less sensitive to other work on the machine.
- index_map_payload_bytes: what a browser downloads for that page on a first visit, gzip-compressed, base-map
  tiles excluded: the page itself (as served, gzip), every stylesheet and script it links (gzip level 9, as
  WhiteNoise pre-compresses them for `waspada serve`) and the boundary layer its map fetches (as served).
  `index_map_payload` itemises it.
Scores are synthetic (one computation of the 38 provinces and 514 kab/kota with 4 dimensions, 12 sub-dimensions,
5 contributions and 3 reasons each, the shapes of risk.models.RegionScore), written directly: the page reads
rows, not the method. Numbers, never pass/fail (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import random
import re
import time
from typing import Any

REQUESTS = 60
WARM_UP = 5


def _p(timings: list[float], q: float) -> float:
    ordered = sorted(timings)
    return round(ordered[max(0, int(len(ordered) * q + 0.5) - 1)], 1)


def _scores() -> Any:
    from django.conf import settings

    from waspada.monitoring.instruments import load_default, version_spec
    from waspada.regions.models import KABKOTA_LEVELS, Region
    from waspada.risk.models import IndexMethod, IndexRun, RegionScore, RunStatus

    version, _ = load_default(settings.DOMAIN_DIR)
    spec = version_spec(version)
    dims = [d["code"] for d in spec["dimensions"]]
    subs = [s["code"] for d in spec["dimensions"] for s in d["subdimensions"]]
    method = IndexMethod.objects.create(version=900, name="bench", params={}, is_active=False)
    run = IndexRun.objects.create(method=method, as_of=dt.date(2026, 12, 1), status=RunStatus.DONE)
    rng = random.Random(17)  # noqa: S311 - benchmark data
    regions = Region.objects.filter(level__in=("province", *KABKOTA_LEVELS), is_active=True)
    rows = []
    for region in regions.values("code", "level", "province_code"):
        composite = round(rng.uniform(5, 90), 2)
        level = "province" if region["level"] == "province" else "kabkota"
        rows.append(RegionScore(
            run=run, region_id=region["code"], level=level, province_code=region["province_code"],
            kabkota_code="" if level == "province" else region["code"], composite=composite,
            category="tinggi" if composite >= 49.33 else "sedang" if composite >= 13.47 else "rendah",
            coverage=round(rng.uniform(0.4, 1), 3), change=round(rng.uniform(-8, 8), 2),
            dimensions={d: round(rng.uniform(0, 100), 2) for d in dims},
            subdimensions={s: round(rng.uniform(0, 100), 2) for s in subs},
            contributions=[{"code": f"ind_{n}", "label_id": f"Indikator {n}", "label_en": f"Indicator {n}",
                            "kind": "answer", "value": n, "score": 50.0, "weight": 0.02, "points": 1.0}
                           for n in range(5)],
            reasons=[{"kind": "answer", "code": f"ind_{n}", "before": 0, "after": 1, "effect": 0.5,
                      "text_id": "Jawaban berubah", "text_en": "An answer changed"} for n in range(3)],
        ))  # fmt: skip
    RegionScore.objects.bulk_create(rows, batch_size=500)
    for level in ("province", "kabkota"):
        ordered = sorted((r for r in rows if r.level == level), key=lambda r: -(r.composite or 0))
        for n, row in enumerate(ordered, start=1):
            row.rank = n
    RegionScore.objects.bulk_update(rows, ["rank"], batch_size=500)
    run.regions_scored = len(rows)
    run.save(update_fields=["regions_scored"])
    return run


def _payload(client: Any, page: bytes, text: str) -> dict[str, int]:
    """Gzip bytes of the page, each linked stylesheet and script, and the map's boundary layer."""
    from django.contrib.staticfiles import finders

    parts = {"page": len(page)}
    for url in sorted(set(re.findall(r'(?:src|href)="(/static/[^"?]+)', text))):
        found = finders.find(url.removeprefix("/static/"))
        if found is None:
            raise RuntimeError(f"the page links {url}, which no static finder has")
        with open(found, "rb") as handle:  # noqa: PTH123 - finders return str paths
            parts[url] = len(gzip.compress(handle.read(), compresslevel=9))
    layers = json.loads(html.unescape(re.search(r'data-layers="([^"]+)"', text).group(1)))  # type: ignore[union-attr]
    for layer in layers:
        response = client.get(layer["url"])
        if response.status_code != 200 or response.get("Content-Encoding") != "gzip":
            raise RuntimeError(f"layer {layer['url']} answered {response.status_code} without gzip")
        parts[layer["url"].split("?")[0]] = len(b"".join(response.streaming_content) if response.streaming
                                                else response.content)  # fmt: skip
    return parts


def measure() -> dict[str, Any]:
    from django.test import Client

    from waspada.accounts.models import User
    from waspada.core.scope import Role

    run = _scores()
    analyst, _ = User.objects.get_or_create(username="bench-index-analyst", defaults={"role": Role.NATIONAL_ANALYST})
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    client.force_login(analyst)
    timings: list[float] = []
    cpu: list[float] = []
    page = b""
    for n in range(REQUESTS + WARM_UP):
        t0, c0 = time.perf_counter(), time.thread_time()
        response = client.get("/index/")
        took, busy = (time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000
        if response.status_code != 200 or response.get("Content-Encoding") != "gzip":
            raise RuntimeError(f"/index/ answered {response.status_code}: {response.content[:200]!r}")
        if n >= WARM_UP:
            timings.append(took)
            cpu.append(busy)
        page = response.content
    text = gzip.decompress(page).decode()
    rows = len(re.findall(r'"\d\d\.\d\d":\[', text))
    parts = _payload(client, page, text)
    return {
        "index_map_p95_ms": _p(timings, 0.95), "index_map_p50_ms": _p(timings, 0.5),
        # CPU time of the request's thread (SQLite runs in it): closer to what an idle machine would show.
        "index_map_cpu_p95_ms": _p(cpu, 0.95),
        "index_map_payload_bytes": sum(parts.values()), "index_map_payload": parts,
        "index_map_page_bytes_raw": len(text), "index_map_regions": rows, "index_map_run_scores": run.regions_scored,
    }  # fmt: skip
