"""Page weight of the incident map and summary in headless Chromium: bytes and requests of a first visit (empty
cache) and of a second one, and the time until the map is drawn on a slow link (numbers, never pass/fail).

    .venv/bin/python -m bench._map_weight http://127.0.0.1:8766 analis waspada-analis-demo   # from the checkout

Point it at a running server (`waspada serve`, as in production). The first visit starts with an empty cache
(cleared after signing in, which opens the home page); the second comes back after another page.
Slow link: Chromium's "Slow 3G" profile (400 ms round trip, 400 kbit/s down, 400 kbit/s up).
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from typing import Any

PAGES = {
    "map_national": ("/incidents/map/", '#incident-map[data-ready="true"]'),
    "map_province_32": ("/incidents/map/?region=32", '#incident-map[data-ready="true"]'),
    "summary_national": ("/incidents/summary/", "main"),
    "summary_province_32": ("/incidents/summary/?region=32", "main"),
}
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8, "uploadThroughput": 400 * 1000 / 8}
_ENTRIES = """
() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .map((e) => ({url: e.name.replace(location.origin, ''), transfer: e.transferSize, body: e.encodedBodySize,
                decoded: e.decodedBodySize}))
"""


def _weight(page: Any) -> dict[str, Any]:
    entries = page.evaluate(_ENTRIES)
    return {"requests": len(entries), "transfer_bytes": sum(e["transfer"] for e in entries),
            "decoded_bytes": sum(e["decoded"] for e in entries),
            "resources": {e["url"][:90]: e["transfer"] for e in entries}}  # fmt: skip


def _visit(page: Any, url: str, ready: str) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(ready, state="attached", timeout=300_000)
    took = time.perf_counter() - started
    page.wait_for_load_state("networkidle", timeout=300_000)
    return _weight(page), round(took, 2)


def measure(base: str, username: str, password: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])  # fmt: skip
        for name, (url, ready) in PAGES.items():
            for link in ("fast", "slow_3g"):
                context = browser.new_context(base_url=base, locale="id-ID", viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto("/login/")
                page.fill("#id_username", username)
                page.fill("#id_password", password)
                with page.expect_navigation():
                    page.click("form:has(#id_password) button[type=submit]")
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.clearBrowserCache")  # signing in opened the home map: forget what it loaded
                if link == "slow_3g":
                    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
                first, first_s = _visit(page, url, ready)
                page.goto("/accounts/me/")  # away and back: a second visit with the browser's cache
                second, second_s = _visit(page, url, ready)
                if link == "fast":
                    figures[name] = {"first": first, "second": second}
                else:
                    figures[name]["slow_3g_ready_s"] = {"first": first_s, "second": second_s}
                context.close()
        browser.close()
    return figures


if __name__ == "__main__":
    print(json.dumps(measure(*sys.argv[1:4]), indent=1))
