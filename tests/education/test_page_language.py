"""The education pages with data in them (an index, activities, photos) pass the site-wide language check in
Indonesian and English (tests/test_page_language.py walks them only empty)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.education.conftest import activity, index_run, png
from tests.personas import PERSONAS, client_for
from tests.test_page_language import _catalogue, findings, visible_text
from waspada.education import services

pytestmark = pytest.mark.django_db
TITLE = {"id": "Pendidikan politik", "en": "Political education"}  # in the navigation of every page


@pytest.mark.parametrize("language", ["id", "en"])
def test_filled_pages_speak_the_readers_language(populated: dict[str, Any], language: str) -> None:
    today = timezone.localdate()
    admin = populated["national_admin"]
    done = services.create_activity(admin, activity(start_date=today, materials="Hak pemilih"), [png()])
    services.create_activity(admin, activity(region="32", start_date=today))
    index_run({"32.04": "tinggi", "32.73": "tinggi", "35.78": "rendah"}, as_of=today)
    msgids, indonesian = _catalogue()
    names = {p.name for p in PERSONAS}
    pages = [reverse("education:list"), reverse("education:detail", args=[done.pk]), reverse("education:coverage"),
             reverse("education:coverage") + "?sasaran=women&minggu=4", reverse("education:create"),
             reverse("education:import")]  # fmt: skip
    for persona in ("national_admin", "province_officer"):
        client = client_for(populated[persona])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert TITLE[language] in response.content.decode()  # the page really is in that language
            found = findings(visible_text(response.content.decode()), language, msgids, names, frozenset(indonesian))
            assert not found, f"{persona} {url}: {found}"
