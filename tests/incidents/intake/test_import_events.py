"""Historical events from other datasets: types given as Waspada codes, ACLED event or sub-event types or SNPK
categories; severity derived from casualties; stored as closed records of their dataset."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.incidents.intake.import_support import EVENT_HEADER, counts, errors_of, event, run_import, xlsx
from waspada.incidents.intake.rows import derived_severity, title_from
from waspada.incidents.intake.typemap import TypeResolver
from waspada.incidents.models import HandlingLevel, Incident, Status, Transition

HEADER = [*EVENT_HEADER, "subjenis"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("money_politics", ("money_politics", None)),
        ("Politik uang", ("money_politics", None)),
        ("violence_clash/riot", ("violence_clash", "riot")),
        ("Riots", ("violence_clash", None)),
        ("Mob violence", ("violence_clash", None)),
        ("MOB VIOLENCE", ("violence_clash", None)),
        ("Attack", ("violence_clash", None)),
        ("Abduction/forced disappearance", ("intimidation_threat", "abduction_detention")),
        ("Peaceful protest", ("protest_demonstration", None)),
        ("Protests", ("protest_demonstration", None)),
        ("Protest with intervention", ("protest_demonstration", "dispersed_protest")),
        ("Looting/property destruction", ("property_destruction", None)),
        ("konflik_pemilihan_jabatan", ("violence_clash", None)),
        ("Konflik pemilihan dan jabatan", ("violence_clash", None)),
        ("Election and office conflict", ("violence_clash", None)),
        ("Konflik identitas", ("sara_provocation", None)),
    ],
)
def test_type_names_resolve_through_the_taxonomy(reference: None, name: str, expected: tuple[str, Any]) -> None:
    assert TypeResolver().resolve(name) == expected


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("Violence against civilians", "fits several Waspada types"),
        ("Battles", "Unknown event type"),
        ("Kriminalitas", "has no Waspada"),
        ("", "Give the event type"),
    ],
)
def test_names_outside_the_taxonomy_are_refused(reference: None, name: str, says: str) -> None:
    from django.utils import translation

    from waspada.incidents.intake.cells import CellError

    with translation.override("en"), pytest.raises(CellError, match=says):
        TypeResolver().resolve(name)


def test_severity_rule_and_titles() -> None:
    assert [
        derived_severity(1, dead, injured)
        for dead, injured in ((3, 0), (1, None), (0, 10), (None, 9), (0, 0), (None, None))
    ] == [5, 4, 4, 3, 1, 1]
    assert derived_severity(3, 0, 0) == 3 and derived_severity(2, 0, 1) == 3  # never below the type's default
    assert (
        title_from("Bentrok.\nLanjutan", "x") == "Bentrok."
        and title_from("", "Kekerasan (ACLED)") == "Kekerasan (ACLED)"
    )
    assert len(title_from("kata " * 60, "x")) <= 121


def test_events_are_closed_records_of_their_dataset(people: dict[str, Any]) -> None:
    rows = [
        [*event(), None],
        [
            *event(jenis="Violence against civilians", meninggal=2, luka=None, catatan="Penyerangan tim kampanye"),
            "Attack",
        ],
        [
            *event(
                jenis="konflik_pemilihan_jabatan",
                meninggal=None,
                luka=None,
                sumber="SNPK",
                catatan=None,
                tanggal="2 Januari 2015",
            ),
            None,
        ],
        [*event(jenis="Abduction/forced disappearance", meninggal=0, luka=0, catatan="Penculikan saksi"), None],
    ]
    outcome = run_import(people["nadmin"], xlsx(rows, header=HEADER), kind="events")
    assert outcome.committed, outcome.errors
    incidents = list(Incident.objects.order_by("pk").select_related("event_subtype"))
    assert [(i.event_type_id, i.event_subtype.code if i.event_subtype else None, i.severity) for i in incidents] == [
        ("violence_clash", None, 3),
        ("violence_clash", None, 4),
        ("violence_clash", None, 3),
        ("intimidation_threat", "abduction_detention", 2),
    ]
    assert [i.title for i in incidents] == [
        "Kericuhan setelah rekapitulasi.",
        "Penyerangan tim kampanye",
        "Kekerasan dan bentrokan (SNPK)",
        "Penculikan saksi",
    ]
    for incident in incidents:
        assert incident.status == Status.CLOSED and incident.handling_level == HandlingLevel.KABKOTA
        assert incident.created_by == people["nadmin"] and incident.kabkota_code == "32.73"
        source = incident.sources.get()
        assert source.kind == "other_system" and source.reliability == "F"
    assert incidents[2].sources.get().name == "SNPK" and incidents[2].occurred_on == dt.date(2015, 1, 2)
    assert incidents[2].dead is None and incidents[2].stage_links.get().tag_id == "luar_tahapan"
    step = Transition.objects.get(incident=incidents[0])
    assert (step.from_status, step.to_status) == ("", "closed") and "Historical record of ACLED" in step.comment


def test_event_errors_name_row_and_column(people: dict[str, Any]) -> None:
    before = counts()
    rows = [
        event(jenis="Battles"),
        event(kode_kabkota="32.73.01", catatan="B"),
        event(sumber=None, catatan="C"),
        event(kode_kabkota="32.04", catatan="D"),
        event(jenis="Violence against civilians", catatan="E"),
    ]
    outcome = run_import(people["bandung"], xlsx(rows, header=EVENT_HEADER), kind="events")
    assert [(row, column) for row, column, _message in errors_of(outcome)] == [
        (2, "jenis"),
        (3, "kode kab/kota"),
        (4, "sumber"),
        (5, "kode kab/kota"),
        (6, "jenis"),
    ]
    assert "is a District (kecamatan), not a regency or city" in outcome.errors[1].message
    assert outcome.errors[3].message == "32.04 is outside your scope."
    assert counts()[:2] == before[:2]
