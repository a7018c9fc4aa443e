"""/api/v1/incidents/exports: 202 and a queued job, bad input naming its field, scope, own jobs only."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from waspada.incidents.exports.services import run_export
from waspada.incidents.models import ExportJob

URL = "/api/v1/incidents/exports"


def post(client: Client, data: dict[str, Any]) -> Any:
    return client.post(URL, json.dumps(data), content_type="application/json")


def test_request_answers_202_with_a_queued_job(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    response = post(client_for("jabar"), {"format": "xlsx", "filters": {"region": "32.73", "type": "violence_clash"}})
    assert response.status_code == 202, response.content
    body = response.json()
    job = ExportJob.objects.get()
    assert body == {"id": str(job.pk), "status": "queued", "url": f"{URL}/{job.pk}"}
    assert response["Location"] == body["url"]
    assert job.filters == {"region": "32.73", "type": "violence_clash"} and job.format == "xlsx"
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.queue_name == "exports" and task.args_kwargs["args"] == [str(job.pk)]


def test_event_type_and_values_are_normalised(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    response = post(
        client_for("analyst"),
        {"format": "csv", "filters": {"event_type": "money_politics", "severity_min": 2, "q": "", "demo": False}},
    )
    assert response.status_code == 202, response.content
    assert ExportJob.objects.get().filters == {"type": "money_politics", "severity_min": "2", "demo": "0"}


@pytest.mark.parametrize(("data", "field"), [
    ({"format": "pdf"}, "format"),
    ({}, "format"),
    ({"format": "csv", "filters": {"date_from": "05/02/2024"}}, "filters.date_from"),
    ({"format": "csv", "filters": {"severity": "9"}}, "filters.severity"),
    ({"format": "csv", "filters": {"status": "done"}}, "filters.status"),
    ({"format": "csv", "filters": {"type": "alien_invasion"}}, "filters.type"),
    ({"format": "csv", "filters": {"stage": "no_such_stage"}}, "filters.stage"),
    ({"format": "csv", "filters": {"region": "99.99"}}, "filters.region"),
    ({"format": "csv", "filters": {"regoin": "32"}}, "filters.regoin"),
    ({"format": "csv", "filters": {"region": ["32", "31"]}}, "filters.region"),
])  # fmt: skip
def test_bad_input_is_422_naming_the_field(data: dict[str, Any], field: str, world: dict[str, Any],
                                           client_for: Callable[[str], Client]) -> None:  # fmt: skip
    response = post(client_for("analyst"), data)
    assert response.status_code == 422, response.content
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert not ExportJob.objects.exists() and not DBTaskResult.objects.exists()


@pytest.mark.parametrize(("person", "region"), [("bandung", "35.78"), ("bandung", "32.04"), ("jabar", "31"),
                                                ("viewer", "31.71"), ("monitor", "32.04.05")])  # fmt: skip
def test_a_region_outside_the_scope_is_403(person: str, region: str, world: dict[str, Any],
                                           client_for: Callable[[str], Client]) -> None:  # fmt: skip
    response = post(client_for(person), {"format": "csv", "filters": {"region": region}})
    assert response.status_code == 403, response.content
    assert response.json()["errors"][0]["field"] == "filters.region"
    assert region in response.json()["errors"][0]["message"]
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize(("person", "region"), [("bandung", "32"), ("bandung", "32.73.01"), ("analyst", "35.78")])
def test_regions_inside_or_containing_the_scope_are_accepted(person: str, region: str, world: dict[str, Any],
                                                             client_for: Callable[[str], Client]) -> None:  # fmt: skip
    assert post(client_for(person), {"format": "csv", "filters": {"region": region}}).status_code == 202


def test_too_many_waiting_exports(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    client = client_for("bandung")
    assert [post(client, {"format": "csv"}).status_code for _ in range(4)] == [202, 202, 202, 429]
    assert ExportJob.objects.count() == 3


def test_status_list_and_file_are_the_owners_only(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    owner, other = client_for("bandung"), client_for("analyst")
    job_id = post(owner, {"format": "csv", "filters": {"region": "32.73"}}).json()["id"]
    post(other, {"format": "geojson"})
    status = owner.get(f"{URL}/{job_id}").json()
    assert status["status"] == "queued" and status["download_url"] is None and status["row_count"] is None
    assert owner.get(f"{URL}/{job_id}/file").status_code == 404  # not ready yet
    assert other.get(f"{URL}/{job_id}").status_code == 404
    listing = owner.get(URL).json()
    assert listing["count"] == 1 and [job["id"] for job in listing["results"]] == [job_id]

    run_export(job_id)
    status = owner.get(f"{URL}/{job_id}").json()
    assert status["status"] == "done" and status["row_count"] == 3 and status["size"] > 0
    assert status["download_url"] == f"{URL}/{job_id}/file"
    assert other.get(f"{URL}/{job_id}").status_code == 404
    assert other.get(f"{URL}/{job_id}/file").status_code == 404
    response = owner.get(status["download_url"])
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    day = ExportJob.objects.get(pk=job_id).created_at.astimezone(ZoneInfo("Asia/Jakarta")).date()
    assert f'filename="waspada-insiden-{day.isoformat()}.csv"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert len(content) == status["size"] and content.count(b"\r\n") == 4


def test_unknown_job_is_404(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    client = client_for("analyst")
    assert client.get(f"{URL}/{uuid.uuid4()}").status_code == 404
    assert client.get(f"{URL}/{uuid.uuid4()}/file").status_code == 404


def test_bearer_token_and_anonymous(world: dict[str, Any], people: dict[str, Any]) -> None:
    from waspada.accounts.services import create_token

    secret = create_token(people["viewer"], "script").secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.post(URL, json.dumps({"format": "csv"}), content_type="application/json").status_code == 202
    assert Client().get(URL).status_code == 401
