"""The column layouts of the datasets' own exports, and one row of each read into a `SourceEvent`.

ACLED: the export tool's 31 upper-case columns (EVENT_ID_CNTY ... TIMESTAMP; the API's lower-case names match
too, headers being compared folded). UCDP GED: the columns of the GED CSV (id, date_start, type_of_violence,
best, latitude, longitude, adm_1, adm_2, where_prec, date_prec, ...). The columns the import reads are
required; a file missing any is refused naming them. The others are optional and kept in the record when
present (`Incident.external_record`).

SNPK: its public export layout could not be established from public material (the World Bank microdata
catalogue names V101 `area` and V102 `tanggal_kejadian` of about 100 variables; the rest is not published
where we could read it). `--source snpk` is refused with that explanation; SNPK rows re-keyed into the
events template go through the events import, which knows SNPK's categories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from waspada.incidents.intake.cells import CellError, parse_count, parse_date, parse_decimal, text
from waspada.incidents.intake.columns import normal
from waspada.incidents.intake.datasets import classify
from waspada.incidents.models import GeoPrecision, TimePrecision

ACLED_COLUMNS = (
    "EVENT_ID_CNTY", "EVENT_DATE", "YEAR", "TIME_PRECISION", "DISORDER_TYPE", "EVENT_TYPE", "SUB_EVENT_TYPE",
    "ACTOR1", "ASSOC_ACTOR_1", "INTER1", "ACTOR2", "ASSOC_ACTOR_2", "INTER2", "INTERACTION", "CIVILIAN_TARGETING",
    "ISO", "REGION", "COUNTRY", "ADMIN1", "ADMIN2", "ADMIN3", "LOCATION", "LATITUDE", "LONGITUDE", "GEO_PRECISION",
    "SOURCE", "SOURCE_SCALE", "NOTES", "FATALITIES", "TAGS", "TIMESTAMP",
)  # fmt: skip
ACLED_REQUIRED = (
    "EVENT_ID_CNTY", "EVENT_DATE", "TIME_PRECISION", "EVENT_TYPE", "SUB_EVENT_TYPE", "ACTOR1", "ACTOR2",
    "COUNTRY", "ADMIN1", "ADMIN2", "LOCATION", "LATITUDE", "LONGITUDE", "GEO_PRECISION", "NOTES", "FATALITIES",
)  # fmt: skip
UCDP_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id", "conflict_new_id",
    "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a",
    "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates", "where_description",
    "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
)  # fmt: skip
UCDP_REQUIRED = (
    "id", "type_of_violence", "side_a", "side_b", "where_prec", "adm_1", "adm_2", "latitude", "longitude",
    "country", "date_prec", "date_start", "best",
)  # fmt: skip
# What the record keeps besides what becomes incident fields (short columns only; notes are the narrative).
ACLED_KEPT = ("EVENT_TYPE", "SUB_EVENT_TYPE", "DISORDER_TYPE", "ACTOR1", "ASSOC_ACTOR_1", "INTER1", "ACTOR2",
              "ASSOC_ACTOR_2", "INTER2", "INTERACTION", "CIVILIAN_TARGETING", "ADMIN1", "ADMIN2", "ADMIN3",
              "LOCATION", "GEO_PRECISION", "TIME_PRECISION", "SOURCE", "SOURCE_SCALE", "TAGS", "TIMESTAMP")  # fmt: skip
UCDP_KEPT = ("type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b", "adm_1", "adm_2",
             "where_coordinates", "where_prec", "date_prec", "date_end", "deaths_civilians", "low", "high",
             "source_headline", "event_clarity")  # fmt: skip
MAX_KEPT_CHARS = 500

ACLED_TIME = {1: TimePrecision.DAY, 2: TimePrecision.WEEK, 3: TimePrecision.MONTH}
ACLED_GEO = {1: GeoPrecision.EXACT, 2: GeoPrecision.NEAR_PLACE, 3: GeoPrecision.KABKOTA}
# UCDP date_prec: 1 the day, 2 within 2-6 days, 3 the week, 4 the month, 5 longer (kept at month, the coarsest
# Waspada has). where_prec: 1 the place, 2 within 25 km, 3 the second-order unit, 4 the first-order unit,
# 5 between the two, 6 the country, 7 international waters or air space.
UCDP_TIME = {1: TimePrecision.DAY, 2: TimePrecision.WEEK, 3: TimePrecision.WEEK, 4: TimePrecision.MONTH,
             5: TimePrecision.MONTH}  # fmt: skip
UCDP_GEO = {1: GeoPrecision.EXACT, 2: GeoPrecision.NEAR_PLACE, 3: GeoPrecision.KABKOTA}
UCDP_PROVINCE_ONLY = (4, 5)  # the point is a province's centroid: it places the province, not a kab/kota
UCDP_NO_PLACE = (6, 7)
INDONESIA = ("indonesia", "360", "idn")


@dataclass
class SourceEvent:
    row: int
    event_id: str
    day: dt.date
    time_precision: str
    classified: classify.Classified
    dead: int | None
    lat: float | None
    lng: float | None
    geo_precision: str
    admin1: str
    admin2: str
    location: str
    notes: str
    source_text: str
    in_indonesia: bool
    point_usable: bool = True
    record: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Layout:
    source: str
    label: str
    columns: tuple[str, ...]
    required: tuple[str, ...]

    def match(self, header: list[Any]) -> tuple[dict[str, int], list[str], list[str]]:
        """(column -> index, missing required columns, ignored headers), comparing folded names."""
        wanted = {normal(name): name for name in self.columns}
        index: dict[str, int] = {}
        ignored: list[str] = []
        for position, cell in enumerate(header):
            shown = str(cell if cell is not None else "").strip()
            name = wanted.get(normal(shown))
            if name is None:
                if shown:
                    ignored.append(shown)
            else:
                index.setdefault(name, position)
        return index, [name for name in self.required if name not in index], ignored


ACLED = Layout("acled", "ACLED", ACLED_COLUMNS, ACLED_REQUIRED)
UCDP = Layout("ucdp", "UCDP GED", UCDP_COLUMNS, UCDP_REQUIRED)
LAYOUTS = {layout.source: layout for layout in (ACLED, UCDP)}


class Row:
    """One row's cells by column name, and its problems by column (the file is malformed where it has any)."""

    def __init__(self, number: int, values: tuple[Any, ...], index: dict[str, int]) -> None:
        self.number, self.values, self.index = number, values, index
        self.errors: dict[str, str] = {}

    def cell(self, name: str) -> Any:
        position = self.index.get(name)
        value = self.values[position] if position is not None and position < len(self.values) else None
        return value.strip() if isinstance(value, str) else value

    def text(self, name: str) -> str:
        return text(self.cell(name))

    def read(self, name: str, parse: Any) -> Any:
        try:
            return parse(self.cell(name))
        except CellError as error:
            self.errors.setdefault(name, str(error))
            return None

    def code(self, name: str, allowed: Mapping[int, str], *, default: int | None = None) -> Any:
        """A precision number (1, 2, 3...) read through `allowed`; empty gives `default`."""
        value = self.cell(name)
        if value in (None, "") and default is not None:
            return allowed[default]
        try:
            number = int(float(str(value).strip()))
        except ValueError:
            number = -1
        if number not in allowed:
            self.errors[name] = _("%(value)s is not one of %(codes)s.") % {
                "value": text(value) or _("(empty)"), "codes": ", ".join(str(code) for code in allowed)}  # fmt: skip
            return None
        return allowed[number]

    def required_text(self, name: str) -> str:
        value = self.text(name)
        if not value:
            self.errors[name] = _("Empty: every event needs it.")
        return value

    def kept(self, names: tuple[str, ...]) -> dict[str, Any]:
        return {name.lower(): self.text(name)[:MAX_KEPT_CHARS] for name in names if name in self.index
                and self.text(name)}  # fmt: skip

    def date(self, name: str) -> dt.date | None:
        value = self.cell(name)
        if isinstance(value, str) and len(value) > 10 and value[4:5] == "-" and value[10:11] in (" ", "T"):
            value = value[:10]  # UCDP writes "2019-08-29 00:00:00.000"
        if value in (None, ""):
            self.errors[name] = _("Empty: every event needs it.")
            return None
        found = self.read(name, parse_date)
        return found[0] if found else None

    def point(self, lat_name: str, lng_name: str) -> tuple[float | None, float | None]:
        lat, lng = self.read(lat_name, parse_decimal), self.read(lng_name, parse_decimal)
        if lat is not None and not -90 <= lat <= 90:
            self.errors[lat_name] = _("%(value)s is not a latitude (-90 to 90).") % {"value": lat}
        if lng is not None and not -180 <= lng <= 180:
            self.errors[lng_name] = _("%(value)s is not a longitude (-180 to 180).") % {"value": lng}
        if (lat is None) != (lng is None):
            self.errors.setdefault(lat_name if lat is None else lng_name, _("Give both latitude and longitude."))
        return (lat, lng) if lat_name not in self.errors and lng_name not in self.errors else (None, None)


def read_acled(row: Row) -> SourceEvent | None:
    event_id = row.required_text("EVENT_ID_CNTY")
    day = row.date("EVENT_DATE")
    time_precision = row.code("TIME_PRECISION", ACLED_TIME, default=1)
    geo_precision = row.code("GEO_PRECISION", ACLED_GEO, default=3)
    dead = row.read("FATALITIES", parse_count)
    lat, lng = row.point("LATITUDE", "LONGITUDE")
    notes, tags = row.text("NOTES"), row.text("TAGS")
    classified = None
    try:
        classified = classify.acled(row.text("EVENT_TYPE"), row.text("SUB_EVENT_TYPE"), notes, tags)
    except classify.UnknownType as unknown:
        column = "SUB_EVENT_TYPE" if row.text("SUB_EVENT_TYPE") else "EVENT_TYPE"
        row.errors[column] = _("%(value)s is not an ACLED event type and sub-event type.") % {"value": str(unknown)}
    if row.errors or day is None or classified is None:
        return None
    country = normal(row.text("COUNTRY")) or normal(row.text("ISO"))
    return SourceEvent(
        row=row.number, event_id=event_id, day=day, time_precision=time_precision, classified=classified, dead=dead,
        lat=lat, lng=lng, geo_precision=geo_precision, admin1=row.text("ADMIN1"), admin2=row.text("ADMIN2"),
        location=row.text("LOCATION"), notes=notes, source_text=row.text("SOURCE"), in_indonesia=country in INDONESIA,
        record=row.kept(ACLED_KEPT),
    )  # fmt: skip


def read_ucdp(row: Row) -> SourceEvent | None:
    event_id = row.required_text("id")
    day = row.date("date_start")
    time_precision = row.code("date_prec", UCDP_TIME, default=1)
    where = row.code("where_prec", {number: str(number) for number in range(1, 8)})
    dead = row.read("best", parse_count)
    lat, lng = row.point("latitude", "longitude")
    violence = row.code("type_of_violence", {1: "1", 2: "2", 3: "3"})
    if row.errors or day is None or violence is None or where is None:
        return None
    words = (row.text("source_headline"), row.text("where_description"), row.text("conflict_name"))
    classified = classify.ucdp(int(violence), *words)
    if int(where) in UCDP_NO_PLACE:
        lat = lng = None
    return SourceEvent(
        row=row.number, event_id=event_id, day=day, time_precision=time_precision, classified=classified, dead=dead,
        lat=lat, lng=lng, geo_precision=UCDP_GEO.get(int(where), ""), admin1=row.text("adm_1"),
        admin2=row.text("adm_2"), location=row.text("where_coordinates"), notes=row.text("source_headline"),
        source_text=row.text("source_office"), in_indonesia=normal(row.text("country")) in INDONESIA,
        point_usable=int(where) not in UCDP_PROVINCE_ONLY, record=row.kept(UCDP_KEPT),
    )  # fmt: skip


READERS = {"acled": read_acled, "ucdp": read_ucdp}
