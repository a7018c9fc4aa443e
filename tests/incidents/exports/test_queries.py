"""No query per row: an export of many rows costs the same queries as one of a few (lookups load once per
export, stage tags and source kinds once per chunk)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench._intake_export import fill
from waspada.incidents.exports.jobs import request_export
from waspada.incidents.exports.services import run_export
from waspada.incidents.models import ExportJob, Incident


def queries(user: Any, fmt: str) -> tuple[int, int]:
    job = request_export(user, fmt, {}, language="id")
    with CaptureQueriesContext(connection) as captured:
        run_export(str(job.pk))
    job.refresh_from_db()
    assert job.status == "done", job.error
    return len(captured.captured_queries), job.row_count or 0


def test_queries_do_not_grow_with_rows(world: dict[str, Any], people: dict[str, Any],
                                       export_file: Callable[..., Any]) -> None:  # fmt: skip
    for person in ("analyst", "jabar"):
        for fmt in ("csv", "geojson"):
            queries(people[person], fmt)  # warms the per-process caches (time zones, regions)
            few, few_rows = queries(people[person], fmt)
            fill(Incident.objects.count() + 300)  # more rows in the same kab/kota and types
            many, many_rows = queries(people[person], fmt)
            assert many_rows >= few_rows + 100, (person, fmt)
            assert many == few, (person, fmt, few, many)
            ExportJob.objects.all().delete()
