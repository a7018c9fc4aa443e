"""Work every web worker does once, before its first request rather than during it.

Without it the first request a fresh worker serves imports every view and API module and loads the translation
catalogues (0.5-1 s on this hardware), and a burst of phones reporting at once all wait behind that worker.
`waspada serve` runs it in gunicorn's post_worker_init; the incident benchmark's worker processes run it too.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import get_resolver
from django.utils import translation


def warm_request_path() -> None:
    get_resolver().url_patterns  # noqa: B018 - imports the URLconf: every view and every API router
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Reported.")  # loads the catalogue of each language
