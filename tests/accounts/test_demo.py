"""`waspada demo`: one user per role in real regions; refuses clearly before the regions are imported."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.personas import create_foreign_regions
from waspada.accounts.models import User
from waspada.core.audit import verify_chain
from waspada.core.scope import Role
from waspada.regions.models import Level, Region

pytestmark = pytest.mark.django_db


def test_demo_needs_regions(settings: object) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    with pytest.raises(CommandError) as failure:
        call_command("demo")
    assert failure.value.returncode == 1 and "waspada regions import" in str(failure.value)
    assert not User.objects.exists()


def test_demo_users_per_role(small_regions: object, settings: object) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    create_foreign_regions()
    Region.objects.create(code="95", name="Papua Pegunungan", level=Level.PROVINCE, province_code="95",
                          decree="t", timezone="Asia/Jayapura", search_name="papua pegunungan")  # fmt: skip
    Region.objects.create(code="95.01", name="Kabupaten Jayawijaya", level=Level.KABUPATEN, parent_id="95",
                          province_code="95", kabkota_code="95.01", decree="t", timezone="Asia/Jayapura",
                          search_name="jayawijaya")  # fmt: skip
    out = io.StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=io.StringIO())  # idempotent
    roles = dict(User.objects.values_list("username", "role"))
    assert set(roles.values()) == set(Role.values)
    assert User.objects.get(username="jayawijaya").scope_region_id == "95.01"
    assert User.objects.get(username="bandung").scope_region_id == "32.73"
    assert "waspada-jabar-demo" in out.getvalue()
    assert verify_chain().ok
