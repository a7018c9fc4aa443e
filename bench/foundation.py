"""Group `foundation`: region import time, GET /api/v1/regions/{code} under load, sizes of the map layers.

Everything runs against a throw-away instance (temporary WASPADA_VAR_DIR, empty SQLite database, DEBUG off) served
by gunicorn with 2 workers x 1 thread, the way `waspada serve` runs in production.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

from bench._harness import Instance, Server, get, load, log

CLIENTS = 10
SECONDS = 10.0
WARMUP = 3.0

# A fixed sample of codes across every level: all provinces and a seeded random draw from the others.
_SAMPLE_CODES = """
import random
from waspada.regions.models import Region
rng = random.Random(20240214)
def draw(levels, n):
    regions = Region.objects.filter(level__in=levels, is_active=True).order_by('code')
    codes = list(regions.values_list('code', flat=True))
    return rng.sample(codes, min(n, len(codes)))
result = {
    'province': draw(['province'], 38),
    'kabkota': draw(['kabupaten', 'kota'], 200),
    'kecamatan': draw(['kecamatan'], 400),
    'desa': draw(['desa', 'kelurahan', 'desa_adat'], 800),
}
"""

_LAYER_KEYS = """
from waspada.regions.models import BoundaryLayer
result = list(BoundaryLayer.objects.order_by('key').values_list('key', flat=True))
"""


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {}
    with Instance() as instance:
        log(f"fresh instance in {instance.var_dir}")
        figures["migrate_s"] = round(instance.timed("migrate", "--no-input")[0], 2)
        log("importing the full reference data (regions, boundaries, layers)")
        seconds, out = instance.timed("regions", "import", "--no-progress", "--json")
        figures["regions_import_s"] = round(seconds, 2)
        report = json.loads(out)
        figures["regions_import_reported_s"] = report.get("seconds")
        figures["regions_imported"] = {key: value for key, value in report["counts"].items() if key != "boundaries"}

        codes = instance.django(_SAMPLE_CODES)
        layer_keys = instance.django(_LAYER_KEYS)
        cookie = instance.session_cookie()
        paths = _interleave([f"/api/v1/regions/{code}" for code in level] for level in codes.values())

        with instance.serve(workers=2, threads=1) as server:
            status, body, _ = get(server, paths[0], cookie)
            if status != 200 or json.loads(body).get("code") is None:
                raise RuntimeError(f"GET {paths[0]} answered {status}: {body[:300]!r}")
            result = load(server, paths, cookie=cookie, clients=CLIENTS, seconds=SECONDS, warmup=WARMUP)
            figures["region_get_p50_ms"] = result["p50_ms"]
            figures["region_get_p95_ms"] = result["p95_ms"]
            figures["region_get_p99_ms"] = result["p99_ms"]
            figures["region_get_max_ms"] = result["max_ms"]
            figures["region_get_rps"] = result["rps"]
            figures["region_get_requests"] = result["requests"]
            figures["region_get_errors"] = result["errors"]
            figures["region_get_load"] = {
                "clients": CLIENTS,
                "measured_s": SECONDS,
                "warmup_s": WARMUP,
                "distinct_codes": {level: len(items) for level, items in codes.items()},
                "server": "waspada serve --workers 2 --threads 1 (gunicorn sync workers), DEBUG off, SQLite",
                "statuses": result["statuses"],
                "server_closed_connections": result["server_closed_connections"],
                "client_cpu_share": result["client_cpu_share"],
                "server_cpu_ms_per_request": result["server_cpu_ms_per_request"],
            }
            figures.update(_layer_sizes(server, cookie, layer_keys))
        # For comparison: `waspada serve`'s default of 4 threads per worker (gthread workers keep connections alive;
        # the sync workers above close every connection after one response).
        with instance.serve(workers=2, threads=4) as server:
            result = load(server, paths, cookie=cookie, clients=CLIENTS, seconds=SECONDS, warmup=WARMUP)
            figures["region_get_threads4"] = {
                key: result[key] for key in ("p50_ms", "p95_ms", "p99_ms", "rps", "errors", "server_cpu_ms_per_request")
            }
    return figures


def _interleave(groups: Any) -> list[str]:
    """Round-robin over the levels so every stretch of the request stream mixes provinces, kab/kota, ... desa."""
    lists = [list(group) for group in groups]
    out: list[str] = []
    for index in range(max(len(items) for items in lists)):
        out.extend(items[index % len(items)] for items in lists)
    return out


def _layer_sizes(server: Server, cookie: str, keys: list[str]) -> dict[str, Any]:
    """Bytes of each layer as served to a browser (Accept-Encoding: gzip), and uncompressed."""
    sizes: dict[str, tuple[int, int]] = {}
    for key in keys:
        status, body, headers = get(server, f"/regions/layers/{key}.geojson", cookie, {"Accept-Encoding": "gzip"})
        if status != 200 or headers.get("content-encoding") != "gzip":
            raise RuntimeError(f"layer {key}: status {status}, encoding {headers.get('content-encoding')}")
        sizes[key] = (len(body), len(gzip.decompress(body)))
    provinces = {key: size for key, size in sizes.items() if key.startswith("province-")}
    largest = max(provinces, key=lambda key: provinces[key][0])
    return {
        "kabkota_layer_gzip_bytes": sizes["national-kabkota"][0],
        "kabkota_layer_raw_bytes": sizes["national-kabkota"][1],
        "province_layer_gzip_bytes": sizes["national-province"][0],
        "province_layer_raw_bytes": sizes["national-province"][1],
        "largest_province_detail_layer": largest,
        "largest_province_detail_layer_gzip_bytes": provinces[largest][0],
        "largest_province_detail_layer_raw_bytes": provinces[largest][1],
        "province_detail_layers_median_gzip_bytes": sorted(size for size, _ in provinces.values())[len(provinces) // 2],
    }
