"""Shared benchmark machinery: a throw-away Waspada instance, gunicorn, and a keep-alive HTTP load generator.

Groups use it like this::

    with Instance() as instance:                 # fresh WASPADA_VAR_DIR with an empty SQLite database
        instance.waspada("migrate", "--no-input")
        instance.waspada("regions", "import", "--no-progress")
        cookie = instance.session_cookie()
        with instance.serve(workers=2, threads=1) as server:   # server.base == "http://127.0.0.1:PORT"
            figures = load(server, paths, cookie=cookie, clients=10, seconds=10)
"""

from __future__ import annotations

import contextlib
import http.client
import json
import multiprocessing
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Instance:
    """A Waspada installation in a temporary folder, production settings (DEBUG off), SQLite."""

    def __init__(self) -> None:
        self.var_dir = Path(tempfile.mkdtemp(prefix="waspada-bench-"))
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("WASPADA_")}
        for key in ("WASPADA_DATA_DIR", "WASPADA_DOMAIN_DIR"):  # keep where the reference data is
            if key in os.environ:
                self.env[key] = os.environ[key]
        self.env.update(
            {
                "WASPADA_VAR_DIR": str(self.var_dir),
                "WASPADA_DEBUG": "0",
                "WASPADA_SECRET_KEY": secrets.token_urlsafe(50),
                "WASPADA_SECURE_COOKIES": "0",
                "WASPADA_LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "waspada.settings",
            }
        )
        # The measurements in bench/ (bench._intake_*) run inside the instance's processes: the checkout on the path.
        self.env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])

    def __enter__(self) -> Instance:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.var_dir, ignore_errors=True)

    def waspada(self, *args: str) -> str:
        """Run a `waspada` command to completion; its stdout."""
        done = subprocess.run(
            [sys.executable, "-m", "waspada.cli", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"waspada {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-4000:]}")
        return done.stdout

    def timed(self, *args: str) -> tuple[float, str]:
        started = time.perf_counter()
        out = self.waspada(*args)
        return time.perf_counter() - started, out

    def django(self, code: str) -> Any:
        """Run Python code in Django against this instance; the code sets `result`, returned as JSON."""
        script = f"import json\nresult = None\n{code}\nprint('BENCH-RESULT ' + json.dumps(result))\n"
        out = self.waspada("shell", "--no-imports", "-c", script)
        for line in out.splitlines():
            if line.startswith("BENCH-RESULT "):
                return json.loads(line.removeprefix("BENCH-RESULT "))
        raise RuntimeError(f"no result from the Django script:\n{out[-2000:]}")

    def session_cookie(self, username: str = "bench") -> str:
        """A signed-in session (stored in this instance's database) for a new user; the cookie header value."""
        return self.django(
            "from django.conf import settings\n"
            "from django.contrib.auth import get_user_model\n"
            "from django.test import Client\n"
            f"user = get_user_model().objects.create_user(username={username!r}, password='bench-' + 'x' * 20)\n"
            "client = Client()\n"
            "client.force_login(user)\n"
            "name = settings.SESSION_COOKIE_NAME\n"
            "result = name + '=' + client.cookies[name].value\n"
        )

    @contextlib.contextmanager
    def serve(self, workers: int = 2, threads: int = 1) -> Iterator[Server]:
        """`waspada serve` (gunicorn) on a free loopback port; stopped (the whole process group) on exit."""
        port = free_port()
        log(f"serving with gunicorn, {workers} workers x {threads} threads on port {port}")
        process = subprocess.Popen(
            [sys.executable, "-m", "waspada.cli", "serve", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--threads", str(threads)],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )  # fmt: skip
        try:
            _wait_until_up(port, process)
            yield Server(f"http://127.0.0.1:{port}", process.pid)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            if process.stderr:
                process.stderr.close()


class Server:
    """A running gunicorn: its base URL, and the CPU time its master and workers have used so far."""

    def __init__(self, base: str, pid: int) -> None:
        self.base = base
        self.pid = pid

    def cpu_seconds(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            pid, ppid = int(stat.parent.name), int(fields[1])
            if pid == self.pid or ppid == self.pid:
                total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / ticks


def _wait_until_up(port: int, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(f"waspada serve exited with {process.returncode}:\n{err[-4000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/login/")
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"waspada serve did not answer on port {port} within {timeout:.0f} s")


def get(server: Server, path: str, cookie: str = "", headers: dict[str, str] | None = None) -> tuple[int, bytes, dict]:
    """One GET; (status, body as transferred, headers)."""
    host, port = server.base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path, headers={**({"Cookie": cookie} if cookie else {}), **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read(), {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


# --- load generator ------------------------------------------------------------------------------------------------


def _client(args: tuple[str, int, list[str], str, float, float, int]) -> dict[str, Any]:
    """One client process: requests back to back on a keep-alive connection (reopened if the server closes it)."""
    host, port, paths, cookie, measure_from, stop_at, offset = args
    headers = {"Cookie": cookie, "Accept": "application/json"}
    connection = http.client.HTTPConnection(host, port, timeout=30)
    latencies: list[float] = []
    errors = 0
    reconnects = 0
    statuses: dict[str, int] = {}
    index = offset
    cpu_start = None
    while True:
        now = time.monotonic()
        if now >= stop_at:
            break
        if cpu_start is None and now >= measure_from:
            cpu_start = os.times()
        path = paths[index % len(paths)]
        index += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.will_close and now >= measure_from:
                reconnects += 1
        except (OSError, http.client.HTTPException):
            connection.close()
            status = 0
        elapsed = time.perf_counter() - started
        if now >= measure_from:
            latencies.append(elapsed)
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            if status != 200:
                errors += 1
    connection.close()
    cpu_end = os.times()
    cpu = (cpu_end.user + cpu_end.system - cpu_start.user - cpu_start.system) if cpu_start else 0.0
    return {"latencies": latencies, "errors": errors, "statuses": statuses, "reconnects": reconnects, "cpu_s": cpu}


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(fraction * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def load(
    server: Server, paths: list[str], *, cookie: str, clients: int = 10, seconds: float = 10.0, warmup: float = 3.0
) -> dict[str, Any]:
    """`clients` processes hammering `paths` for `warmup` + `seconds`; figures over the last `seconds` only."""
    host, port = server.base.removeprefix("http://").split(":")
    start = time.monotonic() + 0.5  # let every process start before the clock runs
    measure_from, stop_at = start + warmup, start + warmup + seconds
    spread = max(1, len(paths) // clients)
    jobs = [(host, int(port), paths, cookie, measure_from, stop_at, i * spread) for i in range(clients)]
    log(f"{clients} clients, {warmup:.0f} s warm-up then {seconds:.0f} s measured, {len(paths)} distinct URLs")
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        pending = pool.map_async(_client, jobs)
        time.sleep(max(0.0, measure_from - time.monotonic()))
        cpu_before = server.cpu_seconds()
        time.sleep(max(0.0, stop_at - time.monotonic()))
        cpu_used = server.cpu_seconds() - cpu_before
        results = pending.get()
    latencies = sorted(value for result in results for value in result["latencies"])
    statuses: dict[str, int] = {}
    for result in results:
        for status, count in result["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    requests = len(latencies)
    return {
        "requests": requests,
        "errors": sum(result["errors"] for result in results),
        "statuses": statuses,
        "rps": round(requests / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2) if latencies else float("nan"),
        # Server CPU per response: independent of how busy the machine is with other work.
        "server_cpu_ms_per_request": round(cpu_used * 1000 / requests, 2) if requests else float("nan"),
        "server_closed_connections": sum(result["reconnects"] for result in results),
        "client_cpu_share": round(sum(result["cpu_s"] for result in results) / (seconds * (os.cpu_count() or 1)), 3),
    }


def measure_on_reference_data(module: str, what: str, targets: dict[str, str]) -> dict[str, Any]:
    """The common group: a fresh instance with the full reference data (514 kab/kota), then `module.measure()` run
    inside it; the figures with the targets they are compared with."""
    with Instance() as instance:
        log(f"fresh instance in {instance.var_dir}")
        instance.waspada("migrate", "--no-input")
        log("importing the reference data")
        instance.waspada("regions", "import", "--no-progress")
        log(f"measuring: {what}")
        figures: dict[str, Any] = instance.django(f"from {module} import measure\nresult = measure()\n")
    figures["targets"] = targets
    return figures
