"""Synthetic ACLED-shaped exports for tests and benchmarks: the export tool's 31 columns with values from ACLED's
public codebook (event and sub-event types, disorder types, INTER actor codes 1-8, TIME_PRECISION 1-3,
GEO_PRECISION 1-3), never copied rows. Notes are made-up sentences, some with election words.

    from tools.acled_export import Place, acled_rows, to_csv, to_xlsx
    rows = acled_rows(1000, places, seed=19)    # places: where events happen (names as ACLED writes them)
    content = to_xlsx(rows)                     # EVENT_DATE a date cell; to_csv(rows, date_style="named")

`places_from_database()` draws places from the imported regions (inside Django).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass
from typing import Any

COLUMNS = (
    "EVENT_ID_CNTY", "EVENT_DATE", "YEAR", "TIME_PRECISION", "DISORDER_TYPE", "EVENT_TYPE", "SUB_EVENT_TYPE",
    "ACTOR1", "ASSOC_ACTOR_1", "INTER1", "ACTOR2", "ASSOC_ACTOR_2", "INTER2", "INTERACTION", "CIVILIAN_TARGETING",
    "ISO", "REGION", "COUNTRY", "ADMIN1", "ADMIN2", "ADMIN3", "LOCATION", "LATITUDE", "LONGITUDE", "GEO_PRECISION",
    "SOURCE", "SOURCE_SCALE", "NOTES", "FATALITIES", "TAGS", "TIMESTAMP",
)  # fmt: skip
# Codebook: event type -> (disorder type, sub-event types).
EVENT_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Battles": ("Political violence", ("Armed clash", "Government regains territory",
                                       "Non-state actor overtakes territory")),
    "Explosions/Remote violence": ("Political violence", ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                                          "Shelling/artillery/missile attack",
                                                          "Remote explosive/landmine/IED", "Grenade")),
    "Violence against civilians": ("Political violence", ("Sexual violence", "Attack",
                                                          "Abduction/forced disappearance")),
    "Protests": ("Demonstrations", ("Peaceful protest", "Protest with intervention",
                                    "Excessive force against protesters")),
    "Riots": ("Political violence; Demonstrations", ("Violent demonstration", "Mob violence")),
    "Strategic developments": ("Strategic developments", ("Agreement", "Arrests", "Change to group/activity",
                                                          "Disrupted weapons use", "Headquarters or base established",
                                                          "Looting/property destruction",
                                                          "Non-violent transfer of territory", "Other")),
}  # fmt: skip
# Roughly Indonesia's mix: mostly protests, then riots and violence against civilians.
WEIGHTS = {"Protests": 60, "Riots": 14, "Violence against civilians": 12, "Strategic developments": 8,
           "Battles": 4, "Explosions/Remote violence": 2}  # fmt: skip
ACTORS = {1: "Police Forces of Indonesia (2014-)", 2: "TPNPB: West Papua National Liberation Army",
          3: "Unidentified Armed Group (Indonesia)", 4: "Unidentified Communal Group (Indonesia)",
          5: "Rioters (Indonesia)", 6: "Protesters (Indonesia)", 7: "Civilians (Indonesia)",
          8: "Unidentified Military Forces"}  # fmt: skip
PROTEST_NOTES = ("students demonstrated against a planned fuel price rise.",
                 "workers rallied for a higher minimum wage.",
                 "residents protested against a mining permit.",
                 "supporters of a candidate protested the vote count at the KPU office.",
                 "protesters rejected the results of the regional head election (Pilkada).")  # fmt: skip
OTHER_NOTES = ("a group of men attacked a villager over a land dispute.",
               "two villages clashed after a football match.",
               "unknown persons burned a campaign post of a legislative candidate.",
               "police arrested suspects in a drug case.",
               "an armed group shot at a security post.")  # fmt: skip


@dataclass(frozen=True)
class Place:
    admin1: str  # as ACLED writes it ("West Java")
    admin2: str  # ("Kota Bandung", "Bandung", "Central Jakarta")
    location: str
    lat: float
    lng: float


def acled_rows(count: int, places: list[Place], *, seed: int = 19, start: dt.date = dt.date(2015, 1, 1),
               end: dt.date = dt.date(2023, 12, 31)) -> list[dict[str, Any]]:  # fmt: skip
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    span = (end - start).days
    kinds = list(WEIGHTS)
    weights = [WEIGHTS[kind] for kind in kinds]
    rows = []
    for number in range(1, count + 1):
        event_type = rng.choices(kinds, weights)[0]
        disorder, subs = EVENT_TYPES[event_type]
        sub = rng.choice(subs)
        place = places[number % len(places)]
        day = start + dt.timedelta(days=rng.randrange(span + 1))
        inter1 = 6 if event_type == "Protests" else 5 if event_type == "Riots" else rng.choice((1, 2, 3, 4))
        inter2 = 0 if event_type in ("Protests", "Strategic developments") else rng.choice((1, 7))
        what = rng.choice(PROTEST_NOTES if event_type == "Protests" else OTHER_NOTES)
        dead = 0 if event_type == "Protests" else rng.choice((0, 0, 0, 1, 2, 3))
        rows.append({
            "EVENT_ID_CNTY": f"IDN{number}", "EVENT_DATE": day, "YEAR": day.year,
            "TIME_PRECISION": rng.choice((1, 1, 1, 2, 3)), "DISORDER_TYPE": disorder, "EVENT_TYPE": event_type,
            "SUB_EVENT_TYPE": sub, "ACTOR1": ACTORS[inter1], "ASSOC_ACTOR_1": "", "INTER1": inter1,
            "ACTOR2": ACTORS.get(inter2, ""), "ASSOC_ACTOR_2": "", "INTER2": inter2,
            "INTERACTION": int(f"{min(inter1, inter2)}{max(inter1, inter2)}") if inter2 else inter1 * 10,
            "CIVILIAN_TARGETING": "Civilian targeting" if inter2 == 7 else "", "ISO": 360,
            "REGION": "Southeast Asia", "COUNTRY": "Indonesia", "ADMIN1": place.admin1, "ADMIN2": place.admin2,
            "ADMIN3": "", "LOCATION": place.location, "LATITUDE": round(place.lat, 4),
            "LONGITUDE": round(place.lng, 4), "GEO_PRECISION": rng.choice((1, 1, 2, 3)),
            "SOURCE": "Kompas; Antara", "SOURCE_SCALE": "National",
            "NOTES": f"On {day.day} {day:%B %Y}, in {place.location} ({place.admin2}, {place.admin1}), {what}",
            "FATALITIES": dead, "TAGS": "crowd size=no report" if event_type == "Protests" else "",
            "TIMESTAMP": 1_700_000_000 + number,
        })  # fmt: skip
    return rows


def to_csv(rows: list[dict[str, Any]], *, date_style: str = "named") -> bytes:
    """EVENT_DATE as "31 December 2023" (the export tool) or ISO ("iso", the API)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        day = row["EVENT_DATE"]
        shown = day.isoformat() if date_style == "iso" else f"{day.day} {day:%B %Y}"
        writer.writerow([shown if name == "EVENT_DATE" else row[name] for name in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    """EVENT_DATE a real date cell, as the export tool writes it."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    sheet.append(list(COLUMNS))
    for row in rows:
        values: list[Any] = [row[name] for name in COLUMNS]
        cell = WriteOnlyCell(sheet, value=row["EVENT_DATE"])
        cell.number_format = "D MMMM YYYY"
        values[1] = cell
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ENGLISH = {"utara": "North", "selatan": "South", "timur": "East", "barat": "West", "tengah": "Central",
           "tenggara": "Southeast"}  # fmt: skip


def english_province(name: str) -> str:
    """ACLED's spelling of a province: "Jawa Barat" -> "West Java", "Kepulauan Riau" -> "Riau Islands"."""
    special = {"Daerah Khusus Ibukota Jakarta": "Jakarta", "Daerah Istimewa Yogyakarta": "Yogyakarta",
               "Papua Barat Daya": "Southwest Papua", "Papua Pegunungan": "Highland Papua",
               "Kepulauan Bangka Belitung": "Bangka-Belitung"}  # fmt: skip
    if name in special:
        return special[name]
    words = name.replace("Jawa", "Java").replace("Sumatera", "Sumatra").split()
    if words[0] == "Kepulauan":
        return " ".join([*words[1:], "Islands"])
    if len(words) > 1 and words[-1].lower() in ENGLISH:
        return " ".join([ENGLISH[words[-1].lower()], *words[:-1]])
    return name


def places_from_database(limit: int | None = None) -> list[Place]:
    """One place per kab/kota at a point inside its boundary, named as ACLED would (inside Django)."""
    import json

    from shapely.geometry import shape

    from waspada.regions.models import KABKOTA_LEVELS, Level, Region, RegionBoundary

    provinces = dict(Region.objects.filter(level=Level.PROVINCE).values_list("code", "name"))
    places = []
    rows = RegionBoundary.objects.filter(region__level__in=KABKOTA_LEVELS, region__is_active=True).order_by("region")
    for code, name, level, geometry in rows.values_list("region_id", "region__name", "region__level",
                                                        "geometry")[:limit]:  # fmt: skip
        inside = shape(json.loads(geometry)).representative_point()
        lat, lng = inside.y, inside.x
        bare = name.removeprefix("Kota Administrasi ").removeprefix("Kabupaten Administrasi ")
        bare = bare.removeprefix("Kabupaten ").removeprefix("Kota ")
        admin2 = f"Kota {bare}" if level == Level.KOTA else bare
        places.append(Place(english_province(provinces[code[:2]]), admin2, bare, lat, lng))
    return places
