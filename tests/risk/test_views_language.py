"""The index pages with scores on them, in Indonesian and English: no untranslated text, no raw codes
(tests/test_page_language.py walks every page, but before any computation exists, so only the empty state)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from tests.personas import PERSONAS, client_for
from tests.risk import factories_views as f
from tests.test_page_language import _catalogue, findings, visible_text
from waspada.monitoring.instruments import load_default

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_after() -> Iterator[None]:
    """A page asked for in English leaves English active in this thread (core's LanguageMiddleware activates,
    never resets): put the default back, so tests that run next write their texts in Indonesian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


PAGES = ["/index/", "/index/?level=province&layer=kontestasi", "/index/ranking/", "/index/ranking/?sort=-change",
         "/index/compare/", "/index/regions/32.73/", "/index/regions/32.04/", "/index/?run=abc"]  # fmt: skip


@pytest.mark.parametrize("language", ["id", "en"])
def test_index_pages_with_scores_speak_the_users_language(personas: dict[str, Any], language: str) -> None:
    load_default(settings.DOMAIN_DIR)
    first, _second = f.two_runs()
    msgids, indonesian = _catalogue()
    names = {p.name for p in PERSONAS}
    found = []
    for persona in ("national_admin", "kabkota_officer"):
        client = client_for(personas[persona])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for page in [*PAGES, f"/index/regions/32.73/?run={first.pk}"]:
            response = client.get(page)
            if response.status_code not in {200, 400}:
                continue
            found += [(persona, page, text) for text in findings(
                visible_text(response.content.decode()), language, msgids, names, frozenset(indonesian))]  # fmt: skip
    assert not found, "\n".join(f"{persona} {page}: {text!r}" for persona, page, text in found)
