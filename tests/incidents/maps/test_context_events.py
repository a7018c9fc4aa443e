"""Context events (imported history that is not election-related, `is_context`) stay out of the election counts of
the list, the map, the summary and the situation board unless asked for (`context=include|only`); synthetic
history is marked where incidents are listed. The known set of tests/incidents/maps/conftest.py, with #1 (32.73,
violence) turned into an imported context event and #5 (31.71) into a synthetic one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.http import urlencode

from waspada.core.scope import scope_of
from waspada.incidents.board_block import incidents_block
from waspada.incidents.maps import memo
from waspada.incidents.models import Incident


@pytest.fixture
def history(world: dict[str, Any]) -> dict[str, Any]:
    ids = world["ids"]
    Incident.objects.filter(pk=ids[0]).update(is_context=True, external_source="acled", external_id="IDN1")
    Incident.objects.filter(pk=ids[4]).update(external_source="synthetic", external_id="syn-test-0000001",
                                              title="[SINTETIS] Serangan fajar di Gambir")  # fmt: skip
    memo.clear()
    return world


def _get(client: Client, path: str, **params: str) -> Any:
    response = client.get(path + ("?" + urlencode(params) if params else ""))
    assert response.status_code == 200, response.content
    return response.json()


def test_the_list_api_leaves_context_events_out_unless_asked(history: dict[str, Any],
                                                            client_for: Callable[[str], Client]) -> None:  # fmt: skip
    client = client_for("nadmin")
    context_id = history["ids"][0]
    default = [row["id"] for row in _get(client, "/api/v1/incidents")["results"]]
    assert context_id not in default and len(default) == 5
    included = [row["id"] for row in _get(client, "/api/v1/incidents", context="include")["results"]]
    assert context_id in included and len(included) == 6
    assert [row["id"] for row in _get(client, "/api/v1/incidents", context="only")["results"]] == [context_id]
    response = client.get("/api/v1/incidents?context=maybe")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "context"


def test_map_and_summary_count_election_incidents_by_default(history: dict[str, Any],
                                                            client_for: Callable[[str], Client]) -> None:  # fmt: skip
    client = client_for("nadmin")
    default = _get(client, "/api/v1/incidents/map")
    assert default["kabkota"].get("32.73") == 1 and default["total"] == 5
    included = _get(client, "/api/v1/incidents/map", context="include")
    assert included["kabkota"]["32.73"] == 2 and included["total"] == 6
    only = _get(client, "/api/v1/incidents/map", context="only")
    assert only["kabkota"] == {"32.73": 1} and only["total"] == 1
    summary = _get(client, "/api/v1/incidents/summary")
    with_context = _get(client, "/api/v1/incidents/summary", context="include")
    assert summary["total"] == 5 and with_context["total"] == 6
    assert summary["by_type"].get("violence_clash") == 1  # #4 only; #1 is a context event
    assert client.get("/api/v1/incidents/summary?context=x").status_code == 422


def test_pages_offer_the_filter_and_mark_the_rows(history: dict[str, Any],
                                                  client_for: Callable[[str], Client]) -> None:  # fmt: skip
    client = client_for("nadmin")
    page = client.get("/incidents/").content.decode()
    assert 'name="context"' in page and "Peristiwa konteks" in page
    assert "[SINTETIS] Serangan fajar di Gambir" in page
    assert '<span class="badge synthetic"' in page and ">sintetis</span>" in page
    assert f"#{history['ids'][0]} " not in page  # the context event is left out by default
    included = client.get("/incidents/?context=include").content.decode()
    assert f"#{history['ids'][0]} " in included and '<span class="badge context"' in included
    detail = client.get(f"/incidents/{history['ids'][4]}/").content.decode()
    assert '<span class="badge synthetic"' in detail
    for path in ("/incidents/map/", "/incidents/summary/"):
        assert 'name="context"' in client.get(path).content.decode()


def test_the_situation_board_counts_no_context_events(history: dict[str, Any], people: dict[str, Any]) -> None:
    Incident.objects.all().update(occurred_on=timezone.localdate(), severity=4)
    block = incidents_block(people["nadmin"], scope_of(people["nadmin"]))
    assert block is not None
    assert history["ids"][0] not in [incident.pk for incident in block.context["serious"]]
    counted = incidents_block(people["nadmin"], scope_of(people["nadmin"]))
    Incident.objects.filter(pk=history["ids"][0]).update(is_context=False)
    with_it = incidents_block(people["nadmin"], scope_of(people["nadmin"]))
    assert counted is not None and with_it is not None
    assert with_it.context["total"] == counted.context["total"] + 1
