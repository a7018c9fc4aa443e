"""The per-stage monthly chart counts every incident once per bar; overlapping stages are shown as such."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from waspada.incidents.models import IncidentStage


def test_a_month_with_two_incidents_in_overlapping_stages_shows_two(
    make_incident: Callable[..., Any], client_for: Callable[[str], Client]
) -> None:
    first = make_incident("bandung", occurred_on="2024-02-14", title="Bentrok di TPS")
    make_incident("bandung", occurred_on="2024-02-14", title="Intimidasi di TPS")
    tags = list(IncidentStage.objects.filter(incident=first).values_list("tag_id", flat=True))
    assert len(tags) >= 2  # voting day lies in several stages at once (planning, voting, counting)

    client = client_for("jabar")
    data = client.get("/api/v1/incidents/summary?region=32").json()
    february = data["monthly"]["months"].index("2024-02")
    column = [values[february] for values in data["monthly"]["by_stage"].values()]
    assert sum(column) == 2 and data["total"] == 2
    assert list(data["monthly"]["by_stage"]) == ["+".join(sorted(tags, key=_tag_rank()))]
    # The breakdown by stage: one bar per stage, the incident once in each of its stages' bars.
    assert data["by_stage"] == dict.fromkeys(sorted(tags, key=_tag_rank()), 2)

    response = client.get("/incidents/summary/?region=32", HTTP_ACCEPT_LANGUAGE="id")
    page = response.context["by_stage"]
    assert page.totals == [2] and len(page.series) == 1
    name = page.series[0][0]
    assert name.count(" + ") == len(tags) - 1 and "_" not in name  # labels, never codes
    html = response.content.decode()
    assert page.note and page.note in html


def test_no_overlap_no_note(make_incident: Callable[..., Any], client_for: Callable[[str], Client]) -> None:
    make_incident("bandung", occurred_on="2021-03-03", title="Sebelum tahapan")
    response = client_for("jabar").get("/incidents/summary/?region=32")
    page = response.context["by_stage"]
    assert page.totals == [1] and page.note == ""


def _tag_rank() -> Callable[[str], int]:
    from waspada.elections.models import StageTag

    order = list(StageTag.objects.values_list("code", flat=True))
    return order.index
