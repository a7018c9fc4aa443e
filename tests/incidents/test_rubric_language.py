"""The severity rubric in the reader's language: criteria and examples kept in Indonesian and English
(taxonomy.yaml criteria_id / criteria_en), the report form showing the active language's."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import Client
from django.utils import translation

from waspada.incidents.models import SeverityLevel
from waspada.incidents.taxonomy import TaxonomyError, import_taxonomy

pytestmark = pytest.mark.django_db


def test_criteria_follow_the_active_language() -> None:
    import_taxonomy(Path(settings.DOMAIN_DIR))
    level = SeverityLevel.objects.get(level=1)
    with translation.override("id"):
        assert level.criteria[0] == "Tidak ada korban luka; paling banyak beberapa alat peraga kampanye rusak."
        assert level.examples[1] == "satu spanduk dirobek"
    with translation.override("en"):
        assert level.criteria[0] == "No injuries; at most a few campaign props damaged."
    for row in SeverityLevel.objects.all():
        assert len(row.criteria_id) == len(row.criteria_en) > 0


def test_a_rubric_level_without_indonesian_criteria_is_refused(tmp_path: Path) -> None:
    document = yaml.safe_load((Path(settings.DOMAIN_DIR) / "taxonomy.yaml").read_text(encoding="utf-8"))
    del document["severity_rubric"][2]["criteria_id"]
    document["severity_rubric"][3]["criteria_en"].pop()
    (tmp_path / "taxonomy.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        import_taxonomy(tmp_path)
    assert "severity_rubric[level 3]: no criteria_id" in str(caught.value)
    assert "severity_rubric[level 4]: criteria_id and criteria_en differ in length" in str(caught.value)
    assert not SeverityLevel.objects.exists()


def test_the_report_form_shows_the_rubric_in_the_readers_language(personas: dict[str, object]) -> None:
    import_taxonomy(Path(settings.DOMAIN_DIR))
    client = Client()
    client.force_login(personas["kabkota_officer"])  # type: ignore[arg-type]
    indonesian = client.get("/incidents/new/").content.decode()
    assert "Kekerasan yang melukai 1 sampai 9 orang tanpa korban jiwa, atau penculikan." in indonesian
    assert "Violence injuring 1 to 9 people" not in indonesian
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Violence injuring 1 to 9 people with no deaths" in client.get("/incidents/new/").content.decode()


def test_a_rubric_without_indonesian_criteria_is_filled_in_again() -> None:
    """As after migration 0006 on a database loaded before: the English criteria only."""
    from waspada.incidents.taxonomy import ensure_taxonomy

    import_taxonomy(Path(settings.DOMAIN_DIR))
    SeverityLevel.objects.filter(level=2).update(criteria_id=[])
    with translation.override("id"):
        assert SeverityLevel.objects.get(level=2).criteria[0].startswith("Threats or coercion")  # falls back
        ensure_taxonomy(Path(settings.DOMAIN_DIR))
        assert SeverityLevel.objects.get(level=2).criteria[0].startswith("Ancaman atau paksaan")
