"""Choice cells: each accepts its code, its label in Indonesian or English (as the allowed-values sheet shows
them), a few common Indonesian words, and ACLED's precision numbers (1, 2, 3). Anything else goes on to the
incident service unchanged, which refuses it with the list of codes (the single report's own message)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import translation

from waspada.core.scope import Sensitivity
from waspada.incidents.intake.columns import normal
from waspada.incidents.models import ActorType, GeoPrecision, Reliability, SeverityLevel, SourceKind, TimePrecision

ENUMS: dict[str, type[models.TextChoices]] = {
    "time_precision": TimePrecision, "geo_precision": GeoPrecision, "sensitivity": Sensitivity,
    "source_kind": SourceKind, "source_reliability": Reliability,
}  # fmt: skip
EXTRA: dict[str, dict[str, str]] = {
    "time_precision": {"hari": "day", "tanggal": "day", "1": "day", "minggu": "week", "pekan": "week", "2": "week",
                       "bulan": "month", "3": "month"},
    "geo_precision": {"tepat": "exact", "titik": "exact", "1": "exact", "dekat": "near_place",
                      "sekitar": "near_place", "2": "near_place", "kab kota": "kabkota", "kabupaten": "kabkota",
                      "kota": "kabkota", "3": "kabkota"},
    "sensitivity": {"publik": "public", "umum": "public", "terbuka": "public", "antarinstansi": "inter_agency",
                    "antar instansi": "inter_agency", "antarlembaga": "inter_agency", "rahasia": "restricted",
                    "terbatas": "restricted"},
    "source_kind": {"petugas lapangan": "field_officer", "petugas": "field_officer", "berita": "media",
                    "pers": "media", "laporan polisi": "police_report", "polisi": "police_report",
                    "polri": "police_report", "laporan masyarakat": "public_report", "masyarakat": "public_report",
                    "warga": "public_report", "sistem lain": "other_system", "dataset": "other_system"},
}  # fmt: skip
ACTOR_FIELDS = ("actor1_type", "actor2_type")


def labels(choice: Any, language: str) -> str:
    with translation.override(language):
        return str(choice.label)


class Choices:
    """The accepted spellings of every choice column, built once per import."""

    def __init__(self) -> None:
        self.maps: dict[str, dict[str, str]] = {}
        for field, enum in ENUMS.items():
            names = {normal(key): code for key, code in EXTRA.get(field, {}).items()}
            for choice in enum:
                for name in (choice.value, labels(choice, "en"), labels(choice, "id")):
                    names.setdefault(normal(name), choice.value)
            self.maps[field] = names
        severity = {str(level): str(level) for level in range(1, 6)}
        for row in SeverityLevel.objects.all():
            severity |= {normal(row.label_id): str(row.level), normal(row.label_en): str(row.level)}
        self.maps["severity"] = severity
        actors: dict[str, str] = {}
        for actor in ActorType.objects.all():
            for name in (actor.code, actor.label_id, actor.label_en):
                actors.setdefault(normal(name), actor.code)
        for field in ACTOR_FIELDS:
            self.maps[field] = actors

    def pick(self, field: str, value: Any) -> str | None:
        """The code a cell means; None when empty; the cell as written when nothing matches (the service then
        names the allowed codes)."""
        shown = str(value).strip() if value is not None else ""
        if isinstance(value, float) and value.is_integer():
            shown = str(int(value))
        if not shown:
            return None
        return self.maps[field].get(normal(shown), shown)
