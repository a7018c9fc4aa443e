"""Regressions for the reviewed defects: merges across offices, region probing of redacted rows, transition
answers on redacted items, the viewer's point on the page, null choices on PATCH, web edits of actors, huge
counts and over-long source URLs."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from tests.incidents.conftest import report, transition
from waspada.incidents.errors import Invalid
from waspada.incidents.inputs import IncidentInput
from waspada.incidents.models import Incident, IncidentActor, IncidentSource, Status
from waspada.incidents.views import _initial

URL = "/api/v1/incidents"


def _json(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def _body(**overrides: Any) -> dict[str, Any]:
    data = report(**overrides)
    data["occurred_on"] = str(data["occurred_on"])
    return data


def test_merge_refuses_another_office_or_a_weaker_sensitivity(make_incident: Callable[..., Any],
                                                               people: dict) -> None:  # fmt: skip
    restricted = make_incident(sensitivity="restricted")
    other_office = make_incident(by="kabbandung", region="32.04", sensitivity="inter_agency")
    weaker = make_incident(sensitivity="inter_agency")
    for master in (other_office, weaker):
        with pytest.raises(Invalid) as caught:
            transition(people["nadmin"], restricted, Status.DUPLICATE, duplicate_of=master.pk)
        assert "duplicate_of" in caught.value.errors
    assert IncidentSource.objects.filter(incident=restricted).count() == 1
    assert Incident.objects.get(pk=restricted.pk).status == Status.SUBMITTED
    stricter = make_incident(sensitivity="restricted")
    transition(people["bandung"], weaker, Status.DUPLICATE, duplicate_of=stricter.pk)
    assert IncidentSource.objects.filter(incident=stricter, merged_from=weaker).count() == 1


def test_fine_region_filter_skips_redacted_rows(make_incident: Callable[..., Any],
                                                client_for: Callable[[str], Client]) -> None:  # fmt: skip
    incident = make_incident(sensitivity="restricted", kecamatan="32.73.01")
    assert incident.place_code == "32.73.01"
    province = client_for("jabar")
    assert province.get(URL, {"region": "32.73.01"}).json()["count"] == 0
    assert province.get(URL, {"region": "32.73"}).json()["results"][0]["redacted"] is True
    assert client_for("bandung").get(URL, {"region": "32.73.01"}).json()["count"] == 1
    assert f"#{incident.pk}" not in province.get("/incidents/", {"region": "32.73.01"}).content.decode()


def test_transition_on_a_redacted_item_tells_nothing(make_incident: Callable[..., Any],
                                                     client_for: Callable[[str], Client]) -> None:  # fmt: skip
    incident = make_incident(sensitivity="restricted")
    province = client_for("jabar")
    answer = _json(province, "post", f"{URL}/{incident.pk}/transitions", {"to": "closed"})
    assert answer.status_code == 403  # as for every transition it may not make (tests/incidents/test_permission_walk)
    assert "ubmitted" not in answer.content.decode()
    page = province.post(f"/incidents/{incident.pk}/transition/", {"to": "closed"})
    told = " ".join(str(message) for message in get_messages(page.wsgi_request))
    assert told and "ubmitted" not in told and "iajukan" not in told
    assert Incident.objects.get(pk=incident.pk).status == Status.SUBMITTED


def test_viewer_sees_the_blurred_point_on_the_page(make_incident: Callable[..., Any],
                                                   client_for: Callable[[str], Client]) -> None:  # fmt: skip
    incident = make_incident(lat=-6.97123, lng=107.52345)
    viewer_html = client_for("viewer").get(f"/incidents/{incident.pk}/").content.decode()
    # The page's locale may write a decimal comma: compare the digits only.
    assert "6,97000" in viewer_html.replace(".", ",") and "97123" not in viewer_html and "52345" not in viewer_html
    assert "97123" in client_for("bandung").get(f"/incidents/{incident.pk}/").content.decode()


@pytest.mark.parametrize("field", ["sensitivity", "time_precision", "geo_precision"])
def test_patch_null_choice_is_refused(make_incident: Callable[..., Any], client_for: Callable[[str], Client],
                                      field: str) -> None:  # fmt: skip
    incident = make_incident(sensitivity="restricted", lat=-6.97, lng=107.52)
    answer = _json(client_for("bandung"), "patch", f"{URL}/{incident.pk}", {field: None})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field
    incident.refresh_from_db()
    assert (incident.sensitivity, incident.time_precision, incident.geo_precision) == ("restricted", "day", "exact")


def test_web_edit_keeps_actors_beyond_the_form(make_incident: Callable[..., Any],
                                               client_for: Callable[[str], Client]) -> None:  # fmt: skip
    actors = [{"actor_type": "supporters", "side": "initiator", "name": f"Massa {n}"} for n in "ABC"]
    incident = make_incident(actors=actors)
    client = client_for("bandung")

    def post(**changes: Any) -> None:
        initial = _initial(IncidentInput.current(incident))
        form = {key: "" if value is None else value for key, value in initial.items()} | changes
        assert client.post(f"/incidents/{incident.pk}/edit/", form).status_code == 302

    post(title="Judul baru")
    assert list(IncidentActor.objects.filter(incident=incident).values_list("name", flat=True)) == [
        "Massa A", "Massa B", "Massa C"]  # fmt: skip
    post(actor_name="Massa Z")
    assert list(IncidentActor.objects.filter(incident=incident).values_list("name", flat=True)) == [
        "Massa Z", "Massa B", "Massa C"]  # fmt: skip


@pytest.mark.parametrize("field", ["dead", "injured", "people_involved"])
def test_huge_counts_are_422(client_for: Callable[[str], Client], field: str) -> None:
    answer = _json(client_for("bandung"), "post", URL, _body(**{field: 10**20}))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field
    assert not Incident.objects.exists()


def test_overlong_source_url_is_422(client_for: Callable[[str], Client]) -> None:
    url = "https://example.id/" + "a" * 600
    answer = _json(client_for("bandung"), "post", URL, _body(sources=[{"kind": "media", "url": url}]))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "sources.0.url"
    assert not IncidentSource.objects.exists()


def test_followup_owner_must_read_the_incident(make_incident: Callable[..., Any], people: dict) -> None:
    """A monitor or viewer of the same kab/kota is in the region but cannot read a restricted item: not an owner."""
    from waspada.incidents.actions.followup import add_followup
    from waspada.incidents.actions.writer import Writer

    restricted = make_incident(sensitivity="restricted")
    bandung = Writer.of(people["bandung"])
    for name in ("monitor2", "viewer", "outsider"):
        with pytest.raises(Invalid) as caught:
            add_followup(bandung, restricted, {"description": "Koordinasi", "owner": people[name].pk})
        assert "owner" in caught.value.errors
    action = add_followup(bandung, restricted, {"description": "Koordinasi", "owner": people["analyst"].pk})
    assert action.owner == people["analyst"]
    open_item = make_incident(sensitivity="inter_agency")
    assert add_followup(bandung, open_item, {"description": "Pantau", "owner": people["monitor2"].pk}).owner


def test_a_failed_attachment_write_leaves_no_file(make_incident: Callable[..., Any], people: dict, settings: Any,
                                                  tmp_path: Any, monkeypatch: Any) -> None:  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    from waspada.incidents.actions import attach
    from waspada.incidents.actions.writer import Writer

    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    incident = make_incident()

    def broken_record(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("audit chain unavailable")

    monkeypatch.setattr(attach, "record", broken_record)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with pytest.raises(RuntimeError):
        attach.add_attachment(Writer.of(people["bandung"]), incident, SimpleUploadedFile("tps.png", png))
    assert not incident.attachments.exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []
