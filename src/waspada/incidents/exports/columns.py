"""The columns of an incident export and how one database row becomes one export row.

Stable column codes (snake_case, never renamed; new columns are added at the end):

    id, occurred_on, occurred_time, time_precision, province_code, province_name, kabkota_code, kabkota_name,
    kecamatan_code, desa_code, latitude, longitude, geo_precision, event_type, event_type_label,
    event_subtype, event_subtype_label, snpk_category, acled_event_type, acled_sub_event_type,
    bawaslu_legal_category, stage_tags, election, dead, injured, people_involved, severity, sensitivity,
    status, handling_level, corroboration, source_kinds, title, narrative, is_demo, created_at, redacted

Values: enumerations are their codes (status `verified`, sensitivity `restricted`, ...), dates ISO, empty
means unknown, `stage_tags` and `source_kinds` are lists (joined with ";" in CSV and XLSX). The SNPK, ACLED and
Bawaslu columns come from the taxonomy mappings (a sub-type's overrides applied), so rows join with those
datasets; SNPK records violent events only, so `snpk_category` says which SNPK category the event falls in
when it involved violence. `created_at` is in the exporting user's region time zone.

A redacted row (a restricted item of another office) carries only id, date, kab/kota, event type,
sensitivity and `redacted` = true. Informant identities are never read, let alone written: `source_kinds`
lists only the kinds of the sources (media, fkdm, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import BooleanField, Case, Q, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from waspada.elections.models import StageTag
from waspada.incidents.models import EventSubType, EventType, IncidentSource, IncidentStage, mappings_for
from waspada.incidents.serialize import VIEWER_DECIMALS  # viewers get the list's blurred point
from waspada.regions.models import KABKOTA_LEVELS, Level, Region


@dataclass(frozen=True)
class Column:
    code: str
    label: str | Promise


COLUMNS: tuple[Column, ...] = (
    Column("id", _("ID")),
    Column("occurred_on", _("Date")),
    Column("occurred_time", _("Local time")),
    Column("time_precision", _("Time precision")),
    Column("province_code", _("Province code")),
    Column("province_name", _("Province")),
    Column("kabkota_code", _("Regency/city code")),
    Column("kabkota_name", _("Regency/city")),
    Column("kecamatan_code", _("Kecamatan code")),
    Column("desa_code", _("Desa/kelurahan code")),
    Column("latitude", _("Latitude")),
    Column("longitude", _("Longitude")),
    Column("geo_precision", _("Location precision")),
    Column("event_type", _("Event type code")),
    Column("event_type_label", _("Event type")),
    Column("event_subtype", _("Sub-type code")),
    Column("event_subtype_label", _("Sub-type")),
    Column("snpk_category", _("SNPK category")),
    Column("acled_event_type", _("ACLED event type")),
    Column("acled_sub_event_type", _("ACLED sub-event type")),
    Column("bawaslu_legal_category", _("Bawaslu legal category")),
    Column("stage_tags", _("Stage tags")),
    Column("election", _("Election")),
    Column("dead", _("Dead")),
    Column("injured", _("Injured")),
    Column("people_involved", _("People involved")),
    Column("severity", _("Severity")),
    Column("sensitivity", _("Sensitivity")),
    Column("status", _("Status")),
    Column("handling_level", _("Handling level")),
    Column("corroboration", _("Independent sources")),
    Column("source_kinds", _("Source kinds")),
    Column("title", _("Title")),
    Column("narrative", _("Narrative")),
    Column("is_demo", _("Synthetic demo record")),
    Column("created_at", _("Recorded at")),
    Column("redacted", _("Redacted")),
)
CODES = tuple(column.code for column in COLUMNS)
INDEX = {code: position for position, code in enumerate(CODES)}
LIST_COLUMNS = (INDEX["stage_tags"], INDEX["source_kinds"])
BOOL_COLUMNS = (INDEX["is_demo"], INDEX["redacted"])
# What a redacted row keeps (docs/architecture.md, Scope: that it exists, its type, date and kab/kota).
_KEPT = tuple(INDEX[code] for code in ("id", "occurred_on", "kabkota_code", "kabkota_name", "event_type",
                                         "event_type_label", "sensitivity", "redacted"))  # fmt: skip

# What is read from the incident table, in this order (no joins: labels come from the lookups below).
FIELDS = ("id", "occurred_on", "occurred_time", "time_precision", "province_code", "kabkota_code", "kecamatan_id",
          "desa_id", "lat", "lng", "geo_precision", "event_type_id", "event_subtype_id", "election_id", "dead",
          "injured", "people_involved", "severity", "sensitivity", "status", "handling_level", "corroboration",
          "title", "narrative", "is_demo", "created_at")  # fmt: skip
READABLE = "export_readable"  # the annotation saying whether the user reads the row in full


class Lookups:
    """Labels and mappings loaded once per export; stage tags and source kinds once per chunk of rows."""

    def __init__(self, zone: ZoneInfo, *, blur: bool) -> None:
        self.zone, self.blur = zone, blur
        levels = [Level.PROVINCE, *KABKOTA_LEVELS]
        self.regions = dict(Region.objects.filter(level__in=levels).values_list("code", "name"))
        self.types = {row.code: row for row in EventType.objects.all()}
        self.type_labels = {code: row.label for code, row in self.types.items()}
        self.subtypes = {row.pk: row for row in EventSubType.objects.all()}
        self.subtype_labels = {pk: row.label for pk, row in self.subtypes.items()}
        self.tag_order = {code: n for n, code in enumerate(StageTag.objects.values_list("code", flat=True))}
        self._mappings: dict[tuple[str, int | None], tuple[Any, ...]] = {}

    def mapping(self, type_code: str, subtype_id: int | None) -> tuple[Any, ...]:
        key = (type_code, subtype_id)
        found = self._mappings.get(key)
        if found is None:
            event_type = self.types.get(type_code)
            if event_type is None:
                found = (None, None, None, None)
            else:
                values = mappings_for(event_type, self.subtypes.get(subtype_id) if subtype_id else None)
                found = (values["snpk_category"], values["acled_event_type"], values["acled_sub_event_type"],
                         values["bawaslu_legal_category"])  # fmt: skip
            self._mappings[key] = found
        return found

    def chunk(self, ids: list[int], readable_ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
        """Stage tags of every row and source kinds of the rows read in full: two queries per chunk."""
        tags: dict[int, list[str]] = {}
        for incident_id, tag in IncidentStage.objects.filter(incident_id__in=ids).values_list("incident_id", "tag_id"):
            tags.setdefault(incident_id, []).append(tag)
        order = self.tag_order
        for values in tags.values():
            values.sort(key=lambda code: order.get(code, 999))
        kinds: dict[int, list[str]] = {}
        if readable_ids:
            rows = IncidentSource.objects.filter(incident_id__in=readable_ids).values_list("incident_id", "kind")
            for incident_id, kind in rows.order_by():
                found = kinds.setdefault(incident_id, [])
                if kind not in found:
                    found.append(kind)
        return tags, kinds


def build_row(row: tuple[Any, ...], readable: bool, lookups: Lookups, tags: dict[int, list[str]],
              kinds: dict[int, list[str]]) -> list[Any]:  # fmt: skip
    """One export row (values in COLUMNS order) from one FIELDS tuple."""
    (pk, occurred_on, occurred_time, time_precision, province, kabkota, kecamatan, desa, lat, lng, geo_precision,
     type_code, subtype_id, election, dead, injured, people, severity, sensitivity, status, level, corroboration,
     title, narrative, is_demo, created_at) = row[:26]  # fmt: skip
    regions = lookups.regions
    if not readable:
        kept = (pk, occurred_on, kabkota or None, regions.get(kabkota) if kabkota else None, type_code,
                lookups.type_labels.get(type_code), sensitivity, True)  # fmt: skip
        out: list[Any] = [None] * len(CODES)
        for position, value in zip(_KEPT, kept, strict=True):
            out[position] = value
        out[LIST_COLUMNS[0]], out[LIST_COLUMNS[1]] = [], []
        return out
    if lat is not None and lng is not None and lookups.blur:
        lat, lng = round(lat, VIEWER_DECIMALS), round(lng, VIEWER_DECIMALS)
    subtype = lookups.subtypes.get(subtype_id) if subtype_id else None
    snpk, acled, acled_sub, bawaslu = lookups.mapping(type_code, subtype_id)
    return [
        pk, occurred_on, occurred_time.isoformat() if occurred_time else None, time_precision,
        province or None, regions.get(province) if province else None,
        kabkota or None, regions.get(kabkota) if kabkota else None, kecamatan, desa, lat, lng, geo_precision or None,
        type_code, lookups.type_labels.get(type_code), subtype.code if subtype else None,
        lookups.subtype_labels.get(subtype_id) if subtype else None, snpk, acled, acled_sub, bawaslu,
        tags.get(pk, []), election, dead, injured, people, severity, sensitivity, status, level, corroboration,
        kinds.get(pk, []), title, narrative, is_demo,
        created_at.astimezone(lookups.zone).isoformat(timespec="seconds") if created_at else None, False,
    ]  # fmt: skip


def readable_annotation(condition: Q) -> dict[str, Any]:
    """READABLE: whether the user reads the row in full (the same condition the list's redaction uses)."""
    return {READABLE: Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())}
