"""Issue 15: a draft (created, not yet submitted) belongs to the office whose user wrote it.

Before submission no other office reads it, lists it or learns it exists: not the province over a kab/kota,
not the kab/kota under a province, not the national desk, not viewers. "Office" is the writer's: the national
desk for national roles, else the scope region of the province officer, kab/kota officer or field monitor.
The queryset forms (list, read, change) and the object forms must agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.incidents.conftest import PERSONAS, transition
from waspada.incidents import access
from waspada.incidents.models import Incident, Status

pytestmark = pytest.mark.django_db

NAMES = [*PERSONAS, "external"]


@pytest.fixture
def drafts(make_incident: Callable[..., Any]) -> dict[str, Incident]:
    return {
        "bandung": make_incident(by="bandung", submit=False),
        "monitor": make_incident(by="monitor", submit=False),
        "jabar": make_incident(by="jabar", submit=False),
        "nadmin": make_incident(by="nadmin", submit=False),
        "kabbandung": make_incident(by="kabbandung", region="32.04", submit=False),
    }


# Who sees each draft: its own office (the Kota Bandung office is its officer and its two field monitors).
OFFICE_OF_DRAFT = {
    "bandung": {"bandung", "monitor", "monitor2"},
    "monitor": {"bandung", "monitor", "monitor2"},
    "jabar": {"jabar"},
    "nadmin": {"nadmin", "analyst"},
    "kabbandung": {"kabbandung"},
}


def _names(rows: Any, drafts: dict[str, Incident]) -> set[str]:
    ids = set(rows.values_list("pk", flat=True))
    return {name for name, incident in drafts.items() if incident.pk in ids}


@pytest.mark.parametrize("name", NAMES)
def test_drafts_are_visible_to_their_own_office_only(people: dict[str, Any], drafts: dict[str, Incident],
                                                     name: str) -> None:  # fmt: skip
    user = people[name]
    expected = {draft for draft, office in OFFICE_OF_DRAFT.items() if name in office}
    everything = Incident.objects.all()
    assert _names(access.listed(everything, user), drafts) == expected
    assert _names(access.readable(everything, user), drafts) <= expected
    assert _names(access.changeable(everything, user), drafts) <= expected
    for draft, incident in drafts.items():
        assert access.can_list(user, incident) == (draft in expected), draft
        if draft not in expected:
            assert not access.can_read(user, incident) and not access.can_change(user, incident), draft


def test_the_province_neither_opens_nor_submits_a_kabkota_draft(drafts: dict[str, Incident],
                                                                 client_for: Callable[[str], Any]) -> None:  # fmt: skip
    draft = drafts["bandung"]
    assert client_for("jabar").get(f"/incidents/{draft.pk}/").status_code == 404
    assert client_for("kabbandung").get(f"/incidents/{draft.pk}/").status_code == 404
    assert client_for("bandung").get(f"/incidents/{draft.pk}/").status_code == 200
    listed = client_for("jabar").get("/api/v1/incidents?page_size=500").json()["results"]
    assert draft.pk not in {row["id"] for row in listed}


def test_once_submitted_the_usual_scope_applies(people: dict[str, Any], drafts: dict[str, Incident]) -> None:
    draft = drafts["bandung"]
    transition(people["bandung"], draft, Status.SUBMITTED)
    draft.refresh_from_db()
    assert access.can_read(people["jabar"], draft) and access.can_read(people["analyst"], draft)
