"""gunicorn settings module for `waspada serve` (`--config python:waspada.core.gunicorn_conf`).

Warm-up: each worker imports every view and loads the translations before it accepts a request
(`waspada.core.warmup`). When an SMS/WhatsApp gateway channel is active, each worker also builds the place
index and loads the event model in a background thread right after it starts, so the first gateway message
does not wait 2-6 s for them (a gateway that times out resends, which is safe, but slow). Installs without a
gateway keep the memory.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger("waspada.serve")


def _warm_news_analysis() -> None:
    from django.db import connection

    try:
        from waspada.incidents.models import IntakeChannel

        if not IntakeChannel.objects.filter(is_active=True).exists():
            return
        from waspada.news.gazetteer import get_classifier, get_gazetteer

        get_gazetteer()
        get_classifier()
    except Exception:  # a failed warm-up only means the first message builds them itself
        log.exception("warming the news analysis failed")
    finally:
        connection.close()


def post_worker_init(worker: Any) -> None:
    try:
        from waspada.core.warmup import warm_request_path

        warm_request_path()
    except Exception:  # the first request would fail the same way, with the error in its own response
        log.exception("warming the request path failed")
    threading.Thread(target=_warm_news_analysis, name="waspada-warm-up", daemon=True).start()
