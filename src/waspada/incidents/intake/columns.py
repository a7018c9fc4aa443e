"""The columns of the two import kinds: Indonesian headers (as in the template), the other names accepted for
each (English, ACLED's and SNPK's column names), and how a header row is matched to them.

Headers match case- and accent-insensitively, ignoring punctuation, underscores and hints in brackets, so
"Tanggal", "TANGGAL (dd/mm/yyyy)", "tanggal_kejadian" and "Event date" all find the date column.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.incidents.models import ImportKind


@dataclass(frozen=True)
class Column:
    key: str  # what the value becomes (an Incident field or a source/actor part)
    header: str  # the Indonesian header of the template
    aliases: tuple[str, ...]
    description: Promise
    required: bool = False


@functools.lru_cache(maxsize=8192)  # choice cells repeat a few values thousands of times
def normal(text: Any) -> str:
    """Header (or choice) text folded for matching: no accents, brackets, punctuation or case."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(text or ""))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _c(key: str, header: str, aliases: str, description: str, *, required: bool = False) -> Column:
    return Column(key, header, tuple(a.strip() for a in aliases.split("|") if a.strip()),
                  gettext_lazy(description), required)  # fmt: skip


DATE = _c("occurred_on", "tanggal", "date|event date|event_date|occurred on|tgl|tanggal kejadian|tanggal peristiwa",
          "Date it happened, local: 05/02/2024, 5 Februari 2024, 2024-02-05, 05-02-2024 or a date cell (day first).",
          required=True)  # fmt: skip
TIME = _c("occurred_time", "jam", "time|local time|waktu|pukul|jam kejadian", "Local time, e.g. 14:30 (optional).")
TIME_PRECISION = _c("time_precision", "presisi waktu", "time precision|time_precision|ketepatan waktu",
                    "How exact the date is: day, week or month (ACLED 1, 2, 3). Empty: day.")  # fmt: skip
LAT = _c("lat", "lintang", "lat|latitude|garis lintang", "Latitude in decimal degrees, e.g. -6.9147 (optional).")
LNG = _c("lng", "bujur", "lng|lon|long|longitude|garis bujur", "Longitude in decimal degrees, e.g. 107.6098.")
GEO_PRECISION = _c("geo_precision", "presisi lokasi", "geo precision|geo_precision|location precision|ketepatan lokasi",
                   "How exact the point is: exact, near_place, kecamatan, kabkota (ACLED 1, 2, 3).")  # fmt: skip
SUBTYPE = _c("event_subtype", "subjenis", "sub-type|subtype|event subtype|sub event type|sub_event_type|sub jenis",
             "Sub-type code of the event type (optional; see the allowed values).")  # fmt: skip
TITLE = _c("title", "judul", "title|headline|judul kejadian", "A short title (at most 200 characters).")
DEAD = _c("dead", "meninggal", "dead|deaths|killed|fatalities|tewas|korban meninggal|korban jiwa|meninggal dunia",
          "People killed: a whole number of 0 or more; empty means unknown.")  # fmt: skip
INJURED = _c("injured", "luka", "injured|injuries|wounded|luka luka|korban luka|terluka",
             "People injured: a whole number of 0 or more; empty means unknown.")  # fmt: skip
SEVERITY = _c("severity", "tingkat keparahan", "severity|keparahan|tingkat|level",
              "1 to 5 by the severity rubric (see the allowed values).")  # fmt: skip
SENSITIVITY = _c("sensitivity", "sensitivitas", "sensitivity|kerahasiaan|klasifikasi",
                 "public, inter_agency or restricted. Empty: inter_agency.")  # fmt: skip
SOURCE_URL = _c("source_url", "url sumber", "source url|url|link|tautan", "Web address of the source (optional).")
RELIABILITY = _c("source_reliability", "keandalan sumber", "reliability|source reliability|keandalan",
                 "A to F (Admiralty grades). Empty: F, cannot be judged.")  # fmt: skip

INCIDENT_COLUMNS: tuple[Column, ...] = (
    DATE, TIME, TIME_PRECISION,
    _c("region", "kode wilayah", "region|region code|kode|kode daerah|kode kab kota|kabkota|kode kemendagri|wilayah",
       "Kemendagri code of the kab/kota, kecamatan or desa, e.g. 32.73 or 32.73.01.", required=True),
    LAT, LNG, GEO_PRECISION,
    _c("event_type", "jenis kejadian", "event type|event_type|type|jenis|kategori",
       "Event type code or name (see the allowed values).", required=True),
    SUBTYPE,
    replace(TITLE, required=True),
    _c("narrative", "kronologi", "narrative|description|notes|uraian|deskripsi|keterangan",
       "What happened (optional)."),
    DEAD, INJURED,
    _c("people_involved", "orang terlibat", "people involved|people_involved|jumlah massa|jumlah orang|massa",
       "How many people took part (optional)."),
    _c("damage", "kerusakan", "damage|kerugian", "Damage to property (optional)."),
    replace(SEVERITY, required=True),
    SENSITIVITY,
    _c("source_kind", "jenis sumber", "source kind|source type|source_kind|tipe sumber",
       "field_officer, fkdm, media, police_report, public_report or other_system."),
    _c("source_name", "nama sumber", "source name|source|outlet|media|sumber", "Outlet or reference of the source."),
    SOURCE_URL, RELIABILITY,
    _c("actor1_type", "aktor 1 jenis", "actor 1 type|actor1 type|actor1|jenis aktor 1",
       "Actor type code of the initiator (side A), optional."),
    _c("actor1_name", "aktor 1 nama", "actor 1 name|actor1 name|nama aktor 1", "Name of the initiator (optional)."),
    _c("actor2_type", "aktor 2 jenis", "actor 2 type|actor2 type|actor2|jenis aktor 2",
       "Actor type code of the target (side B), optional."),
    _c("actor2_name", "aktor 2 nama", "actor 2 name|actor2 name|nama aktor 2", "Name of the target (optional)."),
)  # fmt: skip

EVENT_COLUMNS: tuple[Column, ...] = (
    DATE,
    _c("region", "kode kab/kota", "kabkota code|kab kota code|regency code|region code|kode kabkota|kode kab kota"
       "|kode kabupaten kota|kabkota|kode wilayah|kode", "Kemendagri code of the kab/kota, e.g. 32.73.", required=True),
    _c("event_type", "jenis", "type|event type|event_type|jenis kejadian|kategori|snpk category|kategori snpk",
       "A Waspada type code, an ACLED event type or sub-event type, or an SNPK category.", required=True),
    SUBTYPE, DEAD, INJURED,
    _c("source_name", "sumber", "source|dataset|source dataset|nama dataset|sumber data",
       "The dataset the event comes from, e.g. ACLED or SNPK.", required=True),
    _c("narrative", "catatan", "notes|note|keterangan|uraian|narrative|description", "Notes (optional)."),
    replace(TITLE, description=gettext_lazy("A short title (optional; taken from the notes or the type when empty).")),
    replace(SEVERITY, description=gettext_lazy("1 to 5 (optional; derived from the casualties and the type when "
                                               "empty).")),
    SENSITIVITY, TIME_PRECISION, LAT, LNG, GEO_PRECISION, SOURCE_URL, RELIABILITY,
)  # fmt: skip


def columns_for(kind: str) -> tuple[Column, ...]:
    return EVENT_COLUMNS if kind == ImportKind.EVENTS else INCIDENT_COLUMNS


@dataclass
class HeaderMatch:
    """Which file column holds which field, by 0-based index, and the header as the file writes it."""

    index: dict[str, int]
    names: dict[str, str]
    ignored: list[str]
    problems: list[tuple[str, str]]  # (column, message) on the header row

    def name(self, key: str, columns: tuple[Column, ...]) -> str:
        return self.names.get(key) or next(column.header for column in columns if column.key == key)


def match_headers(kind: str, header: list[Any]) -> HeaderMatch:
    columns = columns_for(kind)
    lookup: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, column.key, *column.aliases):
            lookup.setdefault(normal(name), column)
    found = HeaderMatch({}, {}, [], [])
    for index, cell in enumerate(header):
        text = str(cell if cell is not None else "").strip()
        if not text:
            continue
        known = lookup.get(normal(text))
        if known is None:
            found.ignored.append(text)
        elif known.key in found.index:
            found.problems.append(
                (
                    text,
                    _("Both %(first)s and %(second)s are the column %(header)s; keep one.")
                    % {"first": found.names[known.key], "second": text, "header": known.header},
                )
            )
        else:
            found.index[known.key], found.names[known.key] = index, text
    for column in columns:
        if column.required and column.key not in found.index:
            found.problems.append((column.header, _("The required column %(header)s is missing; use the template's "
                                                    "header row.") % {"header": column.header}))  # fmt: skip
    return found
