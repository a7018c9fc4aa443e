"""Method versions: the file loaded once, a change of parameters is a new version in use, bad parameters named."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

from waspada.core.audit.models import AuditEvent
from waspada.risk import method
from waspada.risk.models import IndexMethod


@pytest.mark.django_db
def test_loading_the_file_twice_keeps_one_version() -> None:
    first, created = method.load_method_file()
    again, created_again = method.load_method_file()
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk and first.version == 1 and first.is_active
    assert first.params["categories"]["kabkota"] == {"sedang": 13.47, "tinggi": 49.33}
    assert first.params["incidents"]["severity_weights"]["5"] == 5
    assert AuditEvent.objects.filter(action="risk.method").count() == 1


@pytest.mark.django_db
def test_changed_parameters_make_a_new_version_in_use(tmp_path: Path, risk_users: Any) -> None:
    v1, _ = method.load_method_file()
    params = copy.deepcopy(v1.params)
    params["blend"] = {"monitoring": 0.6, "incidents": 0.4}
    v2 = method.new_version(risk_users["admin"], params, name="lebih berat insiden")
    assert v2.version == 2 and v2.is_active
    assert list(IndexMethod.objects.filter(is_active=True)) == [v2]
    assert IndexMethod.objects.get(version=1).params["blend"]["monitoring"] == 0.7  # never edited
    # The file again: its parameters are version 1's, which comes back into use rather than a copy.
    back, changed = method.load_method_file()
    assert (back.version, changed) == (1, True)
    assert IndexMethod.objects.count() == 2
    # A file with other parameters: version 3.
    document = yaml.safe_load((Path(settings.DOMAIN_DIR) / method.METHOD_FILE).read_text(encoding="utf-8"))
    document["params"]["coverage_minimum"] = 0.6
    (tmp_path / method.METHOD_FILE).write_text(yaml.safe_dump(document), encoding="utf-8")
    v3, changed = method.load_method_file(domain_dir=tmp_path)
    assert (v3.version, changed, v3.params["coverage_minimum"]) == (3, True, 0.6)


@pytest.mark.django_db
def test_bad_parameters_are_refused_by_key(risk_users: Any) -> None:
    v1, _ = method.load_method_file()
    params = copy.deepcopy(v1.params)
    params["blend"] = {"monitoring": 0.7, "incidents": 0.7}
    params["categories"]["province"] = {"sedang": 70, "tinggi": 60}
    params["province_mode"] = "median"
    params["incidents"]["half_life_days"] = 0
    with pytest.raises(method.MethodError) as refused:
        method.new_version(risk_users["admin"], params)
    assert set(refused.value.errors) == {"blend", "categories.province", "province_mode", "incidents.half_life_days"}
    with pytest.raises(method.MethodDenied):
        method.new_version(risk_users["analyst"], v1.params)
    assert IndexMethod.objects.count() == 1


def test_categories_start_at_their_lower_bound() -> None:
    params = {"categories": {"kabkota": {"sedang": 13.47, "tinggi": 49.33},
                             "province": {"sedang": 21.7, "tinggi": 68.5}}}  # fmt: skip
    assert [method.category_of(v, "kabkota", params) for v in (0, 13.46, 13.47, 49.32, 49.33, 100)] == [
        "rendah", "rendah", "sedang", "sedang", "tinggi", "tinggi"]
    assert [method.category_of(v, "province", params) for v in (21.69, 21.7, 68.5)] == ["rendah", "sedang", "tinggi"]
    assert method.category_of(None, "province", params) == ""
