"""Instruments and their versions: load from a file, read back as a plain spec, publish, copy on edit."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.audit import record
from waspada.core.permissions import has_permission
from waspada.monitoring.errors import Conflict, Denied, Invalid
from waspada.monitoring.models import (
    Dimension,
    Indicator,
    Instrument,
    InstrumentVersion,
    SubDimension,
    VersionStatus,
)
from waspada.monitoring.validation import check_spec, indicator_place

DEFAULT_FILE = "instrument_default.yaml"
INDICATOR_FIELDS = ("help_id", "help_en", "choices", "scoring", "weight", "required", "evidence_required",
                    "condition")  # fmt: skip


def version_spec(version: InstrumentVersion) -> dict[str, Any]:
    """The stored version as the plain structure validation and scoring read; each indicator carries its
    `place` ("Dimensi 1 › Subdimensi 1.2 › Indikator 1.2.3") and `id`."""
    indicators: dict[int, list[Indicator]] = {}
    for ind in version.indicators.order_by("order"):
        indicators.setdefault(ind.subdimension_id, []).append(ind)
    dims = []
    for d, dim in enumerate(version.dimensions.order_by("position").prefetch_related("subdimensions"), start=1):
        subs = []
        for s, sub in enumerate(sorted(dim.subdimensions.all(), key=lambda x: x.position), start=1):
            subs.append({"code": sub.code, "weight": sub.weight, "name_id": sub.name_id, "name_en": sub.name_en,
                         "indicators": [_indicator_dict(ind, indicator_place(d, s, i))
                                        for i, ind in enumerate(indicators.get(sub.pk, []), start=1)]})  # fmt: skip
        dims.append({"code": dim.code, "weight": dim.weight, "name_id": dim.name_id, "name_en": dim.name_en,
                     "subdimensions": subs})  # fmt: skip
    return {"code": version.instrument.code, "version": version.number, "dimensions": dims}


def _indicator_dict(ind: Indicator, place: str) -> dict[str, Any]:
    return {"id": ind.pk, "code": ind.code, "place": place, "answer_type": ind.answer_type, "text_id": ind.text_id,
            "text_en": ind.text_en, "basis": ind.source, **{f: getattr(ind, f) for f in INDICATOR_FIELDS}}  # fmt: skip


def indicators_by_code(spec: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {ind["code"]: ind for dim in spec["dimensions"] for sub in dim["subdimensions"] for ind in sub["indicators"]}


def _write_tree(version: InstrumentVersion, spec: Mapping[str, Any]) -> None:
    order = 0
    rows: list[Indicator] = []
    for d, dim in enumerate(spec["dimensions"], start=1):
        dimension = Dimension.objects.create(
            version=version, code=dim["code"], position=d, name_id=dim["name_id"], name_en=dim["name_en"],
            weight=dim.get("weight", 1), source=dim.get("basis", ""),
        )  # fmt: skip
        for s, sub in enumerate(dim["subdimensions"], start=1):
            subdimension = SubDimension.objects.create(
                dimension=dimension, code=sub["code"], position=s, name_id=sub["name_id"], name_en=sub["name_en"],
                weight=sub.get("weight", 1), source=sub.get("basis", ""),
            )  # fmt: skip
            for i, ind in enumerate(sub["indicators"], start=1):
                order += 1
                rows.append(Indicator(
                    version=version, subdimension=subdimension, code=ind["code"], position=i, order=order,
                    text_id=ind["text_id"], text_en=ind["text_en"], help_id=ind.get("help_id", ""),
                    help_en=ind.get("help_en", ""), answer_type=ind["answer_type"], choices=ind.get("choices") or [],
                    scoring=ind.get("scoring") or {}, weight=ind.get("weight", 1), required=ind.get("required", True),
                    evidence_required=ind.get("evidence_required", False), condition=ind.get("condition"),
                    source=ind.get("basis", ""),
                ))  # fmt: skip
    Indicator.objects.bulk_create(rows)


def _checked(spec: Mapping[str, Any]) -> None:
    problems = check_spec(spec)
    if problems:
        raise Invalid({f"instrument[{n}]": p for n, p in enumerate(problems)},
                      detail=_("The instrument is not consistent; nothing was saved."))  # fmt: skip


def load_instrument(data: Mapping[str, Any], user: Any = None) -> tuple[InstrumentVersion, bool]:
    """Create the instrument of `data` with its version 1, published. Idempotent: when the instrument already
    has a version 1, nothing changes and (that version, False) comes back."""
    _checked(data)
    with transaction.atomic():
        instrument, _created = Instrument.objects.get_or_create(
            code=data["code"], defaults={"name_id": data["name_id"], "name_en": data["name_en"]}
        )
        existing = instrument.versions.filter(number=1).first()
        if existing is not None:
            return existing, False
        version = InstrumentVersion.objects.create(instrument=instrument, number=1, created_by=_user(user))
        _write_tree(version, data)
        _publish(version, user)
        record(user, "monitoring.instrument_load", version, None, {"indicators": version.indicators.count()})
    return version, True


def load_default(domain_dir: Path, user: Any = None) -> tuple[InstrumentVersion, bool]:
    path = domain_dir / DEFAULT_FILE
    with path.open(encoding="utf-8") as handle:
        return load_instrument(yaml.safe_load(handle), user)


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _publish(version: InstrumentVersion, user: Any) -> None:
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = _user(user)
    version.save(update_fields=["status", "published_at", "published_by"])


def _require_manager(user: Any) -> None:
    if not has_permission(user, "monitoring.instruments"):
        raise Denied({"instrument": _("Your role may not change instruments.")})


def publish_version(user: Any, version: InstrumentVersion) -> InstrumentVersion:
    """Check the draft whole and publish it; from then on it never changes."""
    _require_manager(user)
    with transaction.atomic():
        version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_published:
            raise Conflict({"version": _("This version is already published.")})
        _checked(version_spec(version))
        _publish(version, user)
        record(user, "monitoring.version_publish", version, {"status": VersionStatus.DRAFT},
               {"status": VersionStatus.PUBLISHED})  # fmt: skip
    return version


def new_version(user: Any, version: InstrumentVersion) -> InstrumentVersion:
    """Copy a version into the next draft (copy on edit): answers keep the version they were given under."""
    _require_manager(user)
    with transaction.atomic():
        spec = version_spec(version)
        for dim, stored in zip(spec["dimensions"], version.dimensions.order_by("position"), strict=True):
            dim["basis"] = stored.source
            for sub, stored_sub in zip(dim["subdimensions"], stored.subdimensions.order_by("position"), strict=True):
                sub["basis"] = stored_sub.source
        last = version.instrument.versions.order_by("-number").first()
        draft = InstrumentVersion.objects.create(
            instrument=version.instrument, number=(last.number if last else 0) + 1, created_by=_user(user),
            note=_("Copied from version %(number)s") % {"number": version.number},
        )  # fmt: skip
        _write_tree(draft, spec)
        record(user, "monitoring.version_create", draft, None, {"from_version": version.number})
    return draft


def update_indicator(user: Any, indicator: Indicator, **changes: Any) -> Indicator:
    """Change a draft version's question; a published version refuses (make a new version first)."""
    _require_manager(user)
    allowed = {"text_id", "text_en", "source", *INDICATOR_FIELDS}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise Invalid({name: _("This field cannot be changed.") for name in unknown})
    with transaction.atomic():
        indicator = Indicator.objects.select_related("version").select_for_update().get(pk=indicator.pk)
        if indicator.version.is_published:
            raise Conflict({indicator.code: _("A published version never changes; make a new version to edit it.")})
        before = {name: getattr(indicator, name) for name in changes}
        for name, value in changes.items():
            setattr(indicator, name, value)
        indicator.save(update_fields=list(changes))
        record(user, "monitoring.indicator_update", indicator.version, {"indicator": indicator.code, **before},
               {"indicator": indicator.code, **changes})  # fmt: skip
    return indicator


def edit_indicator(user: Any, indicator: Indicator, **changes: Any) -> Indicator:
    """Edit a question wherever it is: in a draft in place; in a published version by first copying the version
    into the next draft (reusing an open draft of the same instrument) and editing the copy there."""
    version = indicator.version
    if not version.is_published:
        return update_indicator(user, indicator, **changes)
    with transaction.atomic():
        draft = version.instrument.versions.filter(status=VersionStatus.DRAFT).order_by("-number").first()
        if draft is None:
            draft = new_version(user, version)
        target = draft.indicators.filter(code=indicator.code).first()
        if target is None:
            raise Conflict({indicator.code: _("The open draft no longer has this question.")})
        return update_indicator(user, target, **changes)
