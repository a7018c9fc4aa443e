"""Work every web worker does once, before its first request rather than during it.

Without it the first request a fresh worker serves imports every view and API module and loads the translation
catalogues (0.5-1 s on this hardware), and a burst of phones reporting at once all wait behind that worker.
`waspada serve` runs it in gunicorn's post_worker_init; the incident benchmark's worker processes run it too.

Apps add slower work that only some installs need (the gateway's place index and event model, 2-6 s) from their
AppConfig.ready() with `register_background(name, dotted path)`: each worker runs those in a background thread
right after it starts (`warm_in_background`), so they never hold up the worker's first request.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import get_resolver
from django.utils import translation
from django.utils.module_loading import import_string

log = logging.getLogger("waspada.serve")
_background: dict[str, str] = {}


def warm_request_path() -> None:
    get_resolver().url_patterns  # noqa: B018 - imports the URLconf: every view and every API router
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Reported.")  # loads the catalogue of each language


def register_background(name: str, path: str) -> None:
    """A function taking no argument, imported and run by each web worker in a background thread."""
    _background[name] = path


def background_jobs() -> dict[str, str]:
    """Warm-up name -> dotted path of its function, in registration order."""
    return dict(_background)


def warm_in_background() -> None:
    """Every registered warm-up, one after another; one that fails is logged (the first request that needs
    the work then does it itself) and the others still run."""
    from django.db import connection

    try:
        for name, path in _background.items():
            try:
                import_string(path)()
            except Exception:
                log.exception("warm-up %s failed", name)
    finally:
        connection.close()
