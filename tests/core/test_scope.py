"""core.scope: the predicate and the queryset filter agree, role by role, inside and outside the scope."""

from __future__ import annotations

from typing import Any

import pytest

from tests.personas import make_account
from waspada.accounts.models import User
from waspada.core.scope import (
    Action,
    Role,
    Sensitivity,
    can,
    code_within,
    redacted,
    region_in_scope,
    restrict,
    scope_of,
)
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db


def test_code_within_is_prefix_on_dotted_codes() -> None:
    assert code_within("32.73.01", "32") and code_within("32.73", "32.73")
    assert not code_within("32.7", "32.73") and not code_within("321", "32") and not code_within(None, "32")


def test_region_in_scope(personas: dict[str, User]) -> None:
    assert region_in_scope(personas["national_analyst"], "35.78")
    assert region_in_scope(personas["province_officer"], "32.73.01.1001")
    assert not region_in_scope(personas["province_officer"], "35.78")
    assert region_in_scope(personas["kabkota_officer"], "32.73.02")
    assert not region_in_scope(personas["kabkota_officer"], "32.04")
    assert not region_in_scope(None, "32") and not region_in_scope(personas["province_officer"], None)


def test_inactive_and_misconfigured_users_see_nothing(personas: dict[str, User]) -> None:
    officer = personas["kabkota_officer"]
    officer.is_active = False
    assert scope_of(officer).role is None
    broken = User(username="x", role=Role.KABKOTA_OFFICER, scope_region=None, is_active=True)
    assert restrict(Region.objects.all(), broken, Action.VIEW).count() == 0


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("national_admin", {"31", "32", "35", "32.04", "32.73", "35.78"}), ("province_officer", {"32", "32.04", "32.73"}),
     ("kabkota_officer", {"32.73"}), ("viewer", {"32", "32.04", "32.73"})],
)  # fmt: skip
def test_restrict_regions_by_scope(personas: dict[str, User], persona: str, expected: set[str]) -> None:
    codes = set(restrict(Region.objects.filter(code__in=["31", "32", "35", "32.73", "35.78", "32.04"]),
                         personas[persona], Action.VIEW).values_list("code", flat=True))  # fmt: skip
    assert codes == expected


def test_roles_limit_actions(personas: dict[str, User]) -> None:
    bandung = Region.objects.get(code="32.73")
    assert can(personas["national_analyst"], Action.VERIFY, bandung)
    assert not can(personas["national_analyst"], Action.CHANGE, bandung)
    assert not can(personas["viewer"], Action.CHANGE, bandung)
    assert not can(personas["field_monitor"], Action.VERIFY, bandung)
    assert can(personas["kabkota_officer"], Action.VERIFY, bandung)


def test_users_are_scoped_by_their_region(personas: dict[str, User]) -> None:
    make_account("surabaya", Role.KABKOTA_OFFICER, "35.78")
    visible = set(restrict(User.objects.all(), personas["province_officer"], Action.VIEW)
                  .values_list("username", flat=True))  # fmt: skip
    assert visible == {"province_officer", "kabkota_officer", "field_monitor", "viewer"}
    # National accounts have no region: national-only.
    assert "national_admin" not in visible


class FakeItem:
    """An incident-like object: region codes, sensitivity, owner office and creator."""

    def __init__(self, kabkota: str, sensitivity: str, creator: int | None = None) -> None:
        self.province_code, self.kabkota_code = kabkota.split(".")[0], kabkota
        self.sensitivity, self.created_by_id, self.pk = sensitivity, creator, id(self)


from waspada.core.scope import ScopeSpec, register  # noqa: E402

register(FakeItem, ScopeSpec(sensitivity="sensitivity", creator="created_by_id"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("persona", "sensitivity", "view", "listed"),
    [("kabkota_officer", Sensitivity.RESTRICTED, True, True),  # its own office's item
     ("province_officer", Sensitivity.RESTRICTED, False, True),  # exists, redacted
     ("field_monitor", Sensitivity.RESTRICTED, False, True),
     ("field_monitor", Sensitivity.INTER_AGENCY, True, True),
     ("viewer", Sensitivity.RESTRICTED, False, False),  # viewers never see restricted items
     ("viewer", Sensitivity.INTER_AGENCY, True, True),
     ("national_analyst", Sensitivity.RESTRICTED, True, True)],
)  # fmt: skip
def test_sensitivity(personas: dict[str, User], persona: str, sensitivity: str, view: bool, listed: bool) -> None:
    item: Any = FakeItem("32.73", sensitivity)
    assert can(personas[persona], Action.VIEW, item) is view
    assert can(personas[persona], Action.LIST, item) is listed
    assert redacted(personas[persona], item) is (listed and not view)


def test_external_viewer_reads_public_only(personas: dict[str, User]) -> None:
    viewer = personas["viewer"]
    viewer.is_external = True
    assert can(viewer, Action.VIEW, FakeItem("32.73", Sensitivity.PUBLIC))
    assert not can(viewer, Action.VIEW, FakeItem("32.73", Sensitivity.INTER_AGENCY))


def test_field_monitor_changes_only_its_own_reports(personas: dict[str, User]) -> None:
    monitor = personas["field_monitor"]
    assert can(monitor, Action.CHANGE, FakeItem("32.73", Sensitivity.RESTRICTED, creator=monitor.pk))
    assert not can(monitor, Action.CHANGE, FakeItem("32.73", Sensitivity.PUBLIC, creator=None))


def test_predicate_and_filter_agree_on_every_user_and_persona(personas: dict[str, User]) -> None:
    make_account("surabaya", Role.KABKOTA_OFFICER, "35.78")
    make_account("gambir", Role.VIEWER, "31.71")
    for actor in personas.values():
        for action in Action:
            filtered = set(restrict(User.objects.all(), actor, action).values_list("pk", flat=True))
            predicate = {user.pk for user in User.objects.all() if can(actor, action, user)}
            assert filtered == predicate, (actor.username, action)
