"""The export filters as a reader sees them: each filter's name and its value by name ("Status: Terverifikasi",
"Wilayah: Kota Bandung (32.73)"), never the stored codes. Used by the export pages; the stored job keeps codes."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.core.i18n import prefers_indonesian
from waspada.core.scope import Sensitivity
from waspada.elections.models import StageTag
from waspada.incidents.models import EventType, HandlingLevel, Status
from waspada.regions.models import Region

FILTER_LABELS = {
    "date_from": gettext_lazy("From"), "date_to": gettext_lazy("To"), "region": gettext_lazy("Region"),
    "type": gettext_lazy("Type"), "status": gettext_lazy("Status"), "stage": gettext_lazy("Stage"),
    "severity": gettext_lazy("Severity"), "severity_min": gettext_lazy("Minimum severity"),
    "sensitivity": gettext_lazy("Sensitivity"), "handling_level": gettext_lazy("Handling level"),
    "q": gettext_lazy("Search"), "demo": gettext_lazy("Demo records"),
}  # fmt: skip


def _choices(enum: type, value: str) -> str:
    labels = dict(enum.choices)  # type: ignore[attr-defined]
    return ", ".join(str(labels.get(part, part)) for part in value.split(","))


def _value(key: str, value: str) -> str:
    if key == "status":
        return _choices(Status, value)
    if key == "sensitivity":
        return _choices(Sensitivity, value)
    if key == "handling_level":
        return _choices(HandlingLevel, value)
    if key == "type":
        types = {t.code: t.label for t in EventType.objects.filter(code__in=value.split(","))}
        return ", ".join(types.get(part, part) for part in value.split(","))
    if key == "region":
        region = Region.objects.filter(code=value).only("name").first()
        return f"{region.name} ({value})" if region else value
    if key == "stage":
        tags = {t.code: (t.label_id if prefers_indonesian() else t.label_en) for t in
                StageTag.objects.filter(code__in=value.split(","))}  # fmt: skip
        return ", ".join(tags.get(part, part) for part in value.split(","))
    if key == "demo":
        return _("Yes") if value.lower() in {"1", "true", "yes", "ya"} else _("No")
    return value


def filter_rows(filters: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, value) pairs in the reader's language, in the order the filters were given."""
    return [(str(FILTER_LABELS.get(key, key)), _value(key, str(value))) for key, value in filters.items()]
