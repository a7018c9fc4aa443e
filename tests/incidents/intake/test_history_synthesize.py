"""`waspada history synthesize` (issue 19 item 5): the generated history written as closed incidents marked
synthetic, on the small test regions (Jakarta Pusat 31.71, Kab. Bandung 32.04, Kota Bandung 32.73, ...)."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tests.incidents.conftest import create, report
from waspada.core.audit.models import AuditEvent
from waspada.incidents.intake.datasets import synthesize
from waspada.incidents.models import ExternalSource, Incident, IncidentSource, IncidentStage, Status, Transition

ARGS = ["--from", "2019-01-01", "--to", "2019-12-31", "--events", "400", "--no-progress"]


def run(*extra: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("history", "synthesize", *ARGS, "--json", *extra, stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


@pytest.fixture
def regions(reference: None) -> None:
    """The small regions with the calendar and the taxonomy (tests/incidents/conftest.py)."""


def test_writes_closed_marked_incidents_once(regions: None) -> None:
    first = run()
    assert first["status"] == "written" and first["created"] == first["events"] > 300
    stored = Incident.objects.filter(external_source=ExternalSource.SYNTHETIC)
    assert stored.count() == first["events"] == Incident.objects.count()
    assert set(stored.values_list("status", flat=True)) == {Status.CLOSED}
    assert all(title.startswith("[SINTETIS] ") for title in stored.values_list("title", flat=True))
    assert stored.filter(is_context=True).count() == first["context"]
    assert stored.filter(is_context=False).count() == first["election_related"]
    assert len(set(stored.values_list("external_id", flat=True))) == first["events"]
    one = stored.filter(is_context=False, external_record__stage="voting").first()
    assert one is not None and one.kabkota_code and one.region_id == one.kabkota_code == one.place_code
    assert one.external_record["key"] == first["key"]
    # Pemilu 2019 is not in the calendar: the generator's stage gives the tag.
    assert set(IncidentStage.objects.filter(incident=one).values_list("tag_id", flat=True)) == {"pemungutan_suara"}
    assert Transition.objects.filter(incident__in=stored).count() == first["events"]
    assert AuditEvent.objects.filter(action="incidents.synthesize").count() == 1
    again = run()
    assert (again["status"], again["created"], again["unchanged"], again["key"]) == (
        "unchanged", 0, first["events"], first["key"])  # fmt: skip
    assert stored.count() == first["events"]


def test_same_seed_same_rows_and_replace_swaps(regions: None) -> None:
    first = run()
    rows = list(Incident.objects.order_by("external_id").values_list("external_id", "occurred_on", "kabkota_code",
                                                                     "event_type_id", "severity", "dead"))  # fmt: skip
    with pytest.raises(CommandError, match="--replace") as refused:
        run("--seed", "20")
    assert refused.value.returncode == 1
    assert Incident.objects.count() == first["events"]  # nothing half-written
    other = run("--seed", "20", "--replace")
    assert other["replaced"] == first["events"] and other["key"] != first["key"]
    assert Incident.objects.count() == other["events"]
    assert not Incident.objects.filter(external_id__startswith=f"syn-{first['key']}-").exists()
    assert Transition.objects.count() == other["events"]
    back = run("--replace")
    assert back["key"] == first["key"]
    assert list(Incident.objects.order_by("external_id").values_list(
        "external_id", "occurred_on", "kabkota_code", "event_type_id", "severity", "dead")) == rows  # fmt: skip


def test_replace_keeps_real_incidents(regions: None, people: dict[str, Any]) -> None:
    real = create(people["bandung"], report())
    run()
    # Someone worked on a synthetic incident: a source added, a real report marked its duplicate.
    synthetic = Incident.objects.filter(external_source=ExternalSource.SYNTHETIC).first()
    assert synthetic is not None
    IncidentSource.objects.create(incident=synthetic, kind="media", name="Uji", independence_key="uji")
    Incident.objects.filter(pk=real.pk).update(duplicate_of=synthetic)
    run("--seed", "3", "--replace")
    assert Incident.objects.filter(pk=real.pk, duplicate_of=None).exists()
    assert not IncidentSource.objects.filter(name="Uji").exists()
    assert Incident.objects.exclude(external_source=ExternalSource.SYNTHETIC).count() == 1


@pytest.mark.django_db(transaction=True)
def test_replace_clears_hidden_links_to_synthetic_incidents(regions: None, people: dict[str, Any]) -> None:
    """A real report's source merged from a synthetic incident (related_name="+", not among `related_objects`)
    keeps its row without the link, and the replaced set leaves no row pointing at a deleted incident."""
    real = create(people["bandung"], report())
    run()
    synthetic = Incident.objects.filter(external_source=ExternalSource.SYNTHETIC).first()
    assert synthetic is not None
    source = IncidentSource.objects.create(incident=real, kind="media", name="Gabungan", independence_key="gab",
                                           merged_from=synthetic)  # fmt: skip
    run("--seed", "3", "--replace")
    source.refresh_from_db()
    assert source.merged_from_id is None
    connection.check_constraints()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2020-01-01", "--to", "2019-01-01"], "--to"),
        (["--to", "2999-01-01"], "before today"),
        (["--events", "0"], "--events"),
        (["--seed", "-1"], "--seed"),
    ],
)
def test_bad_input_exit_2_names_the_option(regions: None, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message) as refused:
        call_command("history", "synthesize", *ARGS, *args, stdout=io.StringIO())
    assert refused.value.returncode == 2
    assert not Incident.objects.exists()


def test_no_regions_is_refused(db: None) -> None:
    with pytest.raises(synthesize.SynthesisError, match="regions import"):
        synthesize.synthesize(events=10)


def test_the_demo_step_ends_yesterday_and_replaces_its_history(regions: None, monkeypatch: Any) -> None:
    monkeypatch.setattr(synthesize, "DEMO_EVENTS", 300)
    out, err = io.StringIO(), io.StringIO()
    assert synthesize.demo_step(out, err) is True
    assert "[SINTETIS]" in out.getvalue() and not err.getvalue()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    stored = Incident.objects.filter(external_source=ExternalSource.SYNTHETIC)
    assert stored.latest("occurred_on").occurred_on <= yesterday
    assert stored.earliest("occurred_on").occurred_on >= synthesize.DEMO_START
    first = stored.count()
    assert synthesize.demo_step(io.StringIO(), io.StringIO()) is True
    assert stored.count() == first


def test_the_demo_step_skips_without_regions(db: None) -> None:
    err = io.StringIO()
    assert synthesize.demo_step(io.StringIO(), err) is False
    assert "regions import" in err.getvalue()
