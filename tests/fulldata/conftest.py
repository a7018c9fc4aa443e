"""The complete official reference data, imported once per module into the test database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from tests.audit_cleanup import audit_events_removed_afterwards
from waspada.regions.models import BoundaryLayer, Region, RegionBoundary, RegionImport
from waspada.regions.services import ImportResult, import_regions


def delete_all_regions() -> None:
    """Children before parents: the self-reference is PROTECT."""
    BoundaryLayer.objects.all().delete()
    RegionBoundary.objects.all().delete()
    RegionImport.objects.all().delete()
    for depth in (4, 3, 2, 1):
        Region.objects.filter(code__regex=r"^" + r"[0-9]+\." * (depth - 1) + r"[0-9]+$").delete()
    Region.objects.all().delete()


@pytest.fixture(scope="module")
def full_regions(django_db_setup: Any, django_db_blocker: Any) -> Iterator[ImportResult]:
    with django_db_blocker.unblock(), audit_events_removed_afterwards():
        delete_all_regions()
        result = import_regions(settings.DATA_DIR, settings.DOMAIN_DIR)
        yield result
        delete_all_regions()
