"""The background task of an export (queue "exports"), run by `waspada worker`."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task(queue_name="exports")
def export_incidents(job_id: str) -> dict[str, Any]:
    from waspada.incidents.exports.services import run_export

    return run_export(job_id)
