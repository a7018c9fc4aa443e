"""The job through the real queue: enqueue, `waspada worker --batch`, download; failures, audit, cleanup."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from waspada.core.audit import verify_chain
from waspada.core.audit.models import AuditEvent
from waspada.incidents.exports.services import cleanup_exports
from waspada.incidents.models import ExportJob

# Committed transactions, as in production: the worker closes a connection it finds inside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def work() -> None:
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_page_request_worker_then_download(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    client = client_for("jabar")
    response = client.post(reverse("incidents:export_create"), {"format": "csv", "region": "32.04", "page": "2"})
    assert response.status_code == 302 and response["Location"] == reverse("incidents:exports")
    job = ExportJob.objects.get()
    assert job.status == "queued" and job.filters == {"region": "32.04"}
    work()
    job.refresh_from_db()
    assert job.status == "done" and job.row_count == 2 and job.started_at and job.finished_at
    assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"
    download = client.get(reverse("incidents:export_download", args=[job.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    content = b"".join(download.streaming_content)
    assert len(content) == job.size and b"Politik uang Cileunyi" in content
    assert client_for("analyst").get(reverse("incidents:export_download", args=[job.pk])).status_code == 404


def test_one_audit_event_per_export_with_the_files_checksum(world: dict[str, Any],
                                                             client_for: Callable[[str], Client]) -> None:  # fmt: skip
    client_for("bandung").post(reverse("incidents:export_create"), {"format": "geojson", "type": "violence_clash"})
    before = AuditEvent.objects.count()
    work()
    job = ExportJob.objects.get()
    events = list(AuditEvent.objects.filter(action="incidents.export"))
    assert len(events) == 1 and AuditEvent.objects.count() == before + 1
    event = events[0]
    with job.file.open("rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    assert event.actor_name == "bandung" and event.region_code == "32.73"
    assert event.batch["job_id"] == str(job.pk) and event.batch["checksum"] == digest
    assert event.batch["counts"] == {"rows": job.row_count, "redacted": 0, "bytes": job.size}
    assert event.batch["format"] == "geojson" and event.batch["filters"] == {"type": "violence_clash"}
    assert verify_chain().ok


def test_a_job_whose_user_lost_the_right_fails_with_a_reason(world: dict[str, Any], people: dict[str, Any],
                                                             client_for: Callable[[str], Client]) -> None:  # fmt: skip
    client_for("monitor").post(reverse("incidents:export_create"), {"format": "xlsx"})
    people["monitor"].is_active = False
    people["monitor"].save()
    work()
    job = ExportJob.objects.get()
    # The reason is written in the job's language (Indonesian by default).
    assert job.status == "failed" and "tidak lagi berwenang mengekspor" in job.error and not job.file
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
    assert not AuditEvent.objects.filter(action="incidents.export").exists()


def test_a_job_runs_once(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    from waspada.incidents.exports.services import run_export

    client_for("analyst").post(reverse("incidents:export_create"), {"format": "csv"})
    job = ExportJob.objects.get()
    work()
    assert run_export(str(job.pk)) == {"job": str(job.pk), "skipped": True}
    assert AuditEvent.objects.filter(action="incidents.export").count() == 1


def test_cleanup_removes_old_jobs_and_files(world: dict[str, Any], people: dict[str, Any], settings: Any) -> None:
    settings.WASPADA_EXPORT_KEEP_DAYS = 7
    now = timezone.now()
    old_name = default_storage.save("exports/2024/01/old.csv", ContentFile(b"id\n1\n"))
    new_name = default_storage.save("exports/2024/01/new.csv", ContentFile(b"id\n2\n"))
    old = ExportJob.objects.create(user=people["analyst"], format="csv", status="done", file=old_name,
                                   created_at=now - dt.timedelta(days=8))  # fmt: skip
    new = ExportJob.objects.create(user=people["analyst"], format="csv", status="done", file=new_name,
                                   created_at=now - dt.timedelta(days=6))  # fmt: skip
    assert cleanup_exports() == 1
    assert not ExportJob.objects.filter(pk=old.pk).exists() and ExportJob.objects.filter(pk=new.pk).exists()
    assert not default_storage.exists(old_name) and default_storage.exists(new_name)
    assert cleanup_exports(days=5) == 1 and not default_storage.exists(new_name)
