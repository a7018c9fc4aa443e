"""The complete official reference data, imported once for all the tests of the "fulldata" group on a worker.

The full import takes 30-40 s and deleting it another 10-20 s, so the group's modules (official regions, the
2024 contests, the national map in Chromium) share one import: the first test that asks imports it and commits,
and `tests/conftest.py` deletes it when the last test of the group has run (xdist's loadgroup runs a group's
tests one after the other on one worker), so no other test ever sees it. In a run where the group is not
contiguous (no xdist, a hand-picked set of files) a later module simply imports again.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.audit_cleanup import audit_head, cut_audit_back_to

GROUP = "fulldata"
_state: dict[str, Any] = {"result": None, "mark": None, "blocker": None}


def in_group(item: pytest.Item | None) -> bool:
    if item is None:
        return False
    return any(mark.args[:1] == (GROUP,) for mark in item.iter_markers("xdist_group"))


def require_test_database() -> None:
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    test_name = (connection.settings_dict.get("TEST") or {}).get("NAME")
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return
    if name.startswith("test_") or (test_name and name == test_name):
        return
    pytest.fail(f"refusing to import reference data into {name!r}: not a test database (mark tests django_db)")


def delete_reference_data() -> None:
    """Regions protect their children, so delete the longest codes (the lowest levels) first."""
    from django.db import connection
    from django.db.models.functions import Length

    from waspada.regions.models import BoundaryLayer, Neighbour, Region, RegionBoundary, RegionImport

    Neighbour.objects.all().delete()  # the raw DELETE below would trip their foreign keys
    from waspada.alerts.models import RiskEntry

    RiskEntry.objects.all().delete()  # the register's entries point at regions too (and their changes cascade)
    BoundaryLayer.objects.all().delete()
    RegionBoundary.objects.all().delete()
    RegionImport.objects.all().delete()
    lengths = sorted(set(Region.objects.annotate(n=Length("code")).values_list("n", flat=True)), reverse=True)
    table = connection.ops.quote_name(Region._meta.db_table)
    with connection.cursor() as cursor:
        for length in lengths:
            # Raw SQL: the ORM would load 80,000 villages to check the PROTECT relation first.
            cursor.execute(f"DELETE FROM {table} WHERE LENGTH(code) = %s", [length])  # noqa: S608


def imported(django_db_blocker: Any) -> Any:
    """The ImportResult of the shared full import, importing it (committed) when it is not in the database."""
    if _state["result"] is None:
        from django.conf import settings

        from waspada.regions.services import import_regions

        if not (settings.DATA_DIR / "SHA256SUMS").exists():
            pytest.fail(f"reference data missing from {settings.DATA_DIR}: the repository's data/ should hold it")
        with django_db_blocker.unblock():
            require_test_database()
            mark = audit_head()
            delete_reference_data()
            try:
                _state["result"] = import_regions(settings.DATA_DIR, settings.DOMAIN_DIR)
            except BaseException:
                delete_reference_data()
                cut_audit_back_to(mark)
                raise
        _state.update(mark=mark, blocker=django_db_blocker)
    return _state["result"]


def drop() -> None:
    """Delete the shared import and its audit events (later tests count events from an empty chain)."""
    if _state["result"] is None:
        return
    with _state["blocker"].unblock():
        delete_reference_data()
        cut_audit_back_to(_state["mark"])
    _state.update(result=None, mark=None, blocker=None)
