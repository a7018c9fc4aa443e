"""The taxonomy is data: imported idempotently, all or nothing, problems naming the entry."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from waspada.core.audit.models import AuditEvent
from waspada.incidents.models import ActorType, EventSubType, EventType, SeverityLevel, mappings_for
from waspada.incidents.taxonomy import TaxonomyError, import_taxonomy

pytestmark = pytest.mark.django_db


def test_import_loads_types_subtypes_actors_and_rubric() -> None:
    result = import_taxonomy(Path(settings.DOMAIN_DIR))
    assert result.changed
    assert EventType.objects.count() == result.counts["event_types"] >= 13
    assert EventSubType.objects.filter(event_type_id="violence_clash").count() == 6
    assert ActorType.objects.filter(code="polri", acled_inter=1).exists()
    assert list(SeverityLevel.objects.values_list("level", flat=True)) == [1, 2, 3, 4, 5]
    assert SeverityLevel.objects.get(level=5).label_id == "Kritis"


def test_subtype_overrides_change_the_mapping() -> None:
    import_taxonomy(Path(settings.DOMAIN_DIR))
    clash = EventType.objects.get(code="violence_clash")
    assert mappings_for(clash)["acled_event_type"] == "Riots"
    attack = mappings_for(clash, clash.subtypes.get(code="armed_attack"))
    assert attack["acled_event_type"] == "Violence against civilians"
    assert attack["bawaslu_legal_category"] == "pidana"


def test_second_import_changes_nothing() -> None:
    import_taxonomy(Path(settings.DOMAIN_DIR))
    events = AuditEvent.objects.count()
    again = import_taxonomy(Path(settings.DOMAIN_DIR))
    assert not again.changed
    assert AuditEvent.objects.count() == events


def test_invalid_entry_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    document = yaml.safe_load((Path(settings.DOMAIN_DIR) / "taxonomy.yaml").read_text(encoding="utf-8"))
    document["event_types"][1]["default_severity"] = 9
    document["event_types"][0]["mappings"]["acled_event_type"] = "Skirmish"
    (tmp_path / "taxonomy.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        import_taxonomy(tmp_path)
    text = str(caught.value)
    assert "event_types[intimidation_threat]: default_severity must be 1-5" in text
    assert "event_types[violence_clash].mappings: acled_event_type 'Skirmish'" in text
    assert not EventType.objects.exists()
