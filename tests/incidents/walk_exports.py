"""Permission-walk expectations for this area's routes (merged into tests/permission_expectations.py).

Every role may export (what it gets is its own scope's rows: tests/incidents/exports/). No job exists in the
walk, so the routes that take one answer 404 after the gate; own-versus-other jobs are tested there too."""

from __future__ import annotations

from tests.permission_expectations import Expect, api_everyone, everyone

NO_JOB = "00000000-0000-4000-8000-000000000000"

WEB: dict[str, Expect] = {
    "incidents:exports": everyone(),
    "incidents:export_create": everyone(302, method="POST", data={"format": "csv"}),
    "incidents:export_download": everyone(404, inside={"pk": NO_JOB}),
}
API: dict[str, Expect] = {
    "POST /api/v1/incidents/exports": api_everyone(202, data={"format": "csv"}),
    "GET /api/v1/incidents/exports": api_everyone(),
    "GET /api/v1/incidents/exports/{job_id}": api_everyone(404, inside={"job_id": NO_JOB}),
    "GET /api/v1/incidents/exports/{job_id}/file": api_everyone(404, inside={"job_id": NO_JOB}),
}
