"""gunicorn settings module for `waspada serve` (`--config python:waspada.core.gunicorn_conf`).

Warm-up: each worker imports every view and loads the translations before it accepts a request, then starts a
background thread for the slower warm-ups the apps registered (`waspada.core.warmup`; e.g. when an SMS/WhatsApp
gateway channel is active, the place index and the event model, so the first gateway message does not wait
2-6 s for them: a gateway that times out resends, which is safe, but slow).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger("waspada.serve")


def _warm_in_background() -> None:
    from waspada.core.warmup import warm_in_background

    warm_in_background()


def post_worker_init(worker: Any) -> None:
    try:
        from waspada.core.warmup import warm_request_path

        warm_request_path()
    except Exception:  # the first request would fail the same way, with the error in its own response
        log.exception("warming the request path failed")
    threading.Thread(target=_warm_in_background, name="waspada-warm-up", daemon=True).start()
