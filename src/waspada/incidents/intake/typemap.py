"""Which Waspada event type a type cell means: a Waspada code or label, an ACLED event type or sub-event type,
or an SNPK category, read back through the taxonomy's own mappings (taxonomy.yaml, `mappings_for`).

Rules, in this order (names compared case-, accent- and punctuation-insensitively):
1. A Waspada type code or label; "type/sub-type" or a sub-type code or label that only one type has.
2. An ACLED sub-event type, then an ACLED event type. A name mapped at the type level wins (Riots/Mob
   violence -> violence_clash); otherwise the sub-types that override the mapping are the candidates, and they
   must all belong to one type (Attack -> violence_clash; with one candidate its sub-type is kept:
   Abduction/forced disappearance -> intimidation_threat/abduction_detention). A name spanning several types
   (Violence against civilians) is refused: the message asks for the sub-event type or a Waspada code.
3. An SNPK category (code or label). SNPK records violent incidents only, so when a category fits several
   types (konflik_pemilihan_jabatan fits nearly all), the violent one, violence_clash, is taken; a category
   only named as an alternative maps to that type (konflik_identitas -> sara_provocation).
Names that map to nothing (ACLED Battles, SNPK kriminalitas) are refused: they are outside the taxonomy.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from waspada import datafiles
from waspada.incidents.intake.cells import CellError
from waspada.incidents.intake.columns import normal
from waspada.incidents.models import EventSubType, EventType, mappings_for

SNPK_VIOLENT_TYPE = "violence_clash"
Resolved = tuple[str, str | None]


@functools.lru_cache(maxsize=4)
def _snpk_labels(path: str, _mtime: float) -> dict[str, str]:
    document = datafiles.parse_yaml(Path(path).read_text(encoding="utf-8")) or {}
    labels = {}
    for item in (document.get("snpk") or {}).get("categories") or []:
        for key in ("label_id", "label_en"):
            if item.get(key):
                labels[normal(item[key])] = str(item["code"])
    return labels


def snpk_labels() -> dict[str, str]:
    """SNPK category labels (Indonesian and English) -> code, from taxonomy.yaml; empty when it is absent."""
    path = Path(settings.DOMAIN_DIR) / "taxonomy.yaml"
    try:
        return _snpk_labels(str(path), path.stat().st_mtime)
    except (OSError, yaml.YAMLError, AttributeError, TypeError):
        return {}


def _one_type(candidates: set[Resolved], type_level: set[str]) -> Resolved | None:
    if len(type_level) == 1:
        return next(iter(type_level)), None
    types = {type_code for type_code, _sub in candidates}
    if len(types) == 1:
        return (types.pop(), next(iter(candidates))[1]) if len(candidates) == 1 else (types.pop(), None)
    return None


class TypeResolver:
    """Built once per import from the taxonomy tables (a few dozen rows)."""

    def __init__(self) -> None:
        self.types = {row.code: row for row in EventType.objects.all()}
        self.subtypes: dict[tuple[str, str], EventSubType] = {}
        self.names: dict[str, Resolved] = {}
        sub_names: dict[str, set[Resolved]] = {}
        acled: dict[str, tuple[set[Resolved], set[str]]] = {}
        snpk: dict[str, tuple[set[str], set[str]]] = {}
        for sub in EventSubType.objects.all():
            sub.event_type = self.types[sub.event_type_id]
            self.subtypes[(sub.event_type_id, sub.code)] = sub
            for name in (sub.code, sub.label_id, sub.label_en, f"{sub.event_type_id}/{sub.code}"):
                sub_names.setdefault(normal(name), set()).add((sub.event_type_id, sub.code))
        for code, row in self.types.items():
            for name in (code, row.label_id, row.label_en):
                self.names.setdefault(normal(name), (code, None))
            type_map = mappings_for(row)
            for key in ("acled_event_type", "acled_sub_event_type"):
                if type_map[key]:
                    acled.setdefault(normal(type_map[key]), (set(), set()))[1].add(code)
            for sub_key, sub in self.subtypes.items():
                if sub_key[0] != code or not sub.overrides:
                    continue
                sub_map = mappings_for(row, sub)
                for key in ("acled_event_type", "acled_sub_event_type"):
                    if sub_map[key] and sub_map[key] != type_map[key]:
                        acled.setdefault(normal(sub_map[key]), (set(), set()))[0].add(sub_key)
            if row.snpk_category:
                snpk.setdefault(row.snpk_category, (set(), set()))[0].add(code)
            if row.snpk_alternative:
                snpk.setdefault(row.snpk_alternative, (set(), set()))[1].add(code)
        for name, candidates in sub_names.items():
            if len(candidates) == 1 and name not in self.names:
                self.names[name] = next(iter(candidates))
        self.acled = acled
        self.snpk = snpk
        self.snpk_names = {normal(code): code for code in snpk} | snpk_labels()

    def resolve(self, value: Any) -> Resolved:
        """(type code, sub-type code or None) of a type cell; CellError when it maps to no or several types."""
        shown = str(value or "").strip()
        key = normal(shown)
        if not key:
            raise CellError(_("Give the event type."))
        if key in self.names:
            return self.names[key]
        if key in self.acled:
            candidates, type_level = self.acled[key]
            found = _one_type(candidates | {(code, None) for code in type_level}, type_level)
            if found is None:
                raise CellError(_("ACLED “%(name)s” fits several Waspada types (%(types)s): give the ACLED sub-event "
                                  "type or a Waspada code.") % {"name": shown, "types": ", ".join(
                                      sorted({code for code, _sub in candidates} | type_level))})  # fmt: skip
            return found
        if key in self.snpk_names:
            primary, alternative = self.snpk.get(self.snpk_names[key], (set(), set()))
            if len(primary) == 1 or (primary and SNPK_VIOLENT_TYPE in primary):
                return (next(iter(primary)) if len(primary) == 1 else SNPK_VIOLENT_TYPE), None
            if not primary and len(alternative) == 1:
                return next(iter(alternative)), None
            raise CellError(_("SNPK category “%(name)s” has no Waspada event type; give a Waspada code (see the "
                              "allowed values).") % {"name": shown})  # fmt: skip
        raise CellError(_("Unknown event type “%(name)s”: give a Waspada code, an ACLED event or sub-event type, or "
                          "an SNPK category (see the allowed values).") % {"name": shown})  # fmt: skip

    def is_acled(self, value: Any) -> bool:
        return normal(value) in self.acled

    def subtype(self, type_code: str, value: Any) -> str | None:
        """The sub-type code of `type_code` a sub-type cell means (code, label or ACLED sub-event type)."""
        key = normal(value)
        if not key:
            return None
        for (owner, code), sub in self.subtypes.items():
            if owner == type_code and key in (normal(code), normal(sub.label_id), normal(sub.label_en)):
                return code
        if key in self.acled:
            candidates, type_level = self.acled[key]
            subs = [sub for owner, sub in candidates if owner == type_code]
            if len(subs) == 1:
                return subs[0]
            if subs or type_code in type_level:
                return None  # the ACLED name fits the type but no single narrower sub-type
        raise CellError(_("%(value)s is not a sub-type of %(type)s (see the allowed values).")
                        % {"value": str(value).strip(), "type": type_code})  # fmt: skip

    def labels(self, type_code: str) -> str:
        row = self.types.get(type_code)
        return row.label_id if row else type_code
