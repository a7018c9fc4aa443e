"""Export fixtures: files under a temporary MEDIA_ROOT, and a small world of incidents in and out of each
scope, sensitive and not, with informants whose names must never reach a file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.incidents.conftest import create, report
from tests.personas import create_foreign_regions
from waspada.incidents.exports.jobs import request_export
from waspada.incidents.exports.services import run_export
from waspada.incidents.models import ExportJob

# Every informant name and contact in the world: none may appear in any export, for any role.
SECRETS = ("Pak Ujang", "0812-0000-1111", "Bu Siti Rahasia", "0813-9999-2222", "Cak Dul", "dul@contoh.invalid")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _informant(name: str, contact: str) -> list[dict[str, Any]]:
    return [
        {"kind": "fkdm", "reliability": "B", "informant_name": name, "informant_contact": contact},
        {"kind": "media", "reliability": "C", "name": "Pikiran Rakyat", "url": "https://contoh.invalid/berita"},
    ]


@pytest.fixture
def world(people: dict[str, Any]) -> dict[str, Any]:
    """Incidents, by name: two of Kota Bandung's office (one restricted), one monitor report, two of Kabupaten
    Bandung (one restricted), one in DKI, one in Kota Surabaya (outside every regional scope)."""
    create_foreign_regions()
    make = create
    made = {
        "bandung_point": make(people["bandung"], report(lat=-6.91234, lng=107.56789, occurred_on=dt.date(2024, 2, 14),
                                                        sources=_informant("Pak Ujang", "0812-0000-1111"))),
        "bandung_restricted": make(people["bandung"], report(sensitivity="restricted", severity=4,
                                                             title="Rahasia kantor Kota Bandung",
                                                             occurred_on=dt.date(2024, 2, 14),
                                                             sources=_informant("Bu Siti Rahasia", "0813-9999-2222"))),
        "monitor_public": make(people["monitor"], report(sensitivity="public", event_type="money_politics",
                                                         event_subtype="cash_for_votes", severity=2,
                                                         title="Amplop di Coblong", occurred_on=dt.date(2024, 2, 10),
                                                         actors=[])),
        "kab_restricted": make(people["kabbandung"], report(region="32.04", sensitivity="restricted",
                                                            title="Rahasia Kabupaten Bandung",
                                                            occurred_on=dt.date(2024, 1, 20))),
        "kab_public": make(people["kabbandung"], report(region="32.04", sensitivity="public", severity=1,
                                                        event_type="money_politics", event_subtype="cash_for_votes",
                                                        title="Politik uang Cileunyi", actors=[],
                                                        occurred_on=dt.date(2023, 11, 30))),
        "dki": make(people["dki"], report(region="31.71", title="Bentrok Gambir", occurred_on=dt.date(2024, 2, 14))),
        "surabaya": make(people["nadmin"], report(region="35.78", title="Bentrok Surabaya",
                                                  occurred_on=dt.date(2024, 3, 1),
                                                  sources=_informant("Cak Dul", "dul@contoh.invalid"))),
    }  # fmt: skip
    return made


@pytest.fixture
def export_file(people: dict[str, Any]) -> Callable[..., tuple[ExportJob, bytes]]:
    """Request and run an export as a person (the worker's function, without the queue); the job and bytes."""

    def run(name: str, fmt: str = "csv", filters: dict[str, Any] | None = None) -> tuple[ExportJob, bytes]:
        job = request_export(people[name], fmt, filters or {}, language="id")
        run_export(str(job.pk))
        job.refresh_from_db()
        assert job.status == "done", job.error
        with job.file.open("rb") as handle:
            return job, handle.read()

    return run
