"""The index method: its parameters (data/domain/index_method.yaml, docs/index.md), checked, versioned and read.

A method version is never edited: loading different parameters makes a new version and makes it the one in use,
so every stored score names the parameters it was computed with. The first computation loads the file when no
method exists yet; `waspada index load-method` loads it on demand.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeGuard

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from waspada.core.audit import record
from waspada.core.errors import DomainError
from waspada.core.permissions import has_permission
from waspada.risk.models import Category, IndexMethod, Level

METHOD_FILE = "index_method.yaml"
PROVINCE_MODES = ("population_mean", "max", "own")
SEVERITIES = ("1", "2", "3", "4", "5")


class MethodError(DomainError):
    status = 422


class MethodDenied(DomainError):
    status = 403


def _number(value: Any) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def check_params(params: Any) -> dict[str, str]:
    """Every problem of a parameter set, by its key path; empty when it can be used."""
    if not isinstance(params, Mapping):
        return {"params": _("The parameters must be a mapping.")}
    errors: dict[str, str] = {}

    def need(path: str, ok: bool, message: str) -> None:
        if not ok and path not in errors:
            errors[path] = message

    blend = params.get("blend")
    need("blend", isinstance(blend, Mapping), _("Give the weights of the monitoring and incident parts."))
    if isinstance(blend, Mapping):
        for part in ("monitoring", "incidents"):
            need(f"blend.{part}", _number(blend.get(part)) and 0 <= blend[part] <= 1, _("A number from 0 to 1."))
        if not errors:
            need("blend", abs(blend["monitoring"] + blend["incidents"] - 1) < 1e-9, _("The two weights must sum to 1."))
    cover = params.get("coverage_minimum")
    need("coverage_minimum", _number(cover) and 0 <= cover <= 1, _("A number from 0 to 1."))
    cats = params.get("categories")
    need("categories", isinstance(cats, Mapping), _("Give the category thresholds per level."))
    if isinstance(cats, Mapping):
        for level in Level.values:
            bands = cats.get(level)
            ok = (isinstance(bands, Mapping) and _number(bands.get("sedang")) and _number(bands.get("tinggi"))
                  and 0 < bands["sedang"] < bands["tinggi"] <= 100)  # fmt: skip
            need(f"categories.{level}", ok, _("Give sedang and tinggi with 0 < sedang < tinggi ≤ 100."))
    need("province_mode", params.get("province_mode") in PROVINCE_MODES,
         _("Choose one of: %(choices)s.") % {"choices": ", ".join(PROVINCE_MODES)})  # fmt: skip
    for key in ("top_contributions", "top_reasons"):
        value = params.get(key)
        need(key, isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 50,
             _("A whole number from 1 to 50."))  # fmt: skip
    inc = params.get("incidents")
    need("incidents", isinstance(inc, Mapping), _("Give the incident parameters."))
    if isinstance(inc, Mapping):
        statuses = inc.get("statuses")
        need("incidents.statuses", isinstance(statuses, list) and bool(statuses)
             and all(isinstance(s, str) for s in statuses), _("A list of incident statuses."))  # fmt: skip
        for key in ("lookback_days", "half_life_days", "half_score_rate"):
            need(f"incidents.{key}", _number(inc.get(key)) and inc[key] > 0, _("A number above 0."))
        sev = inc.get("severity_weights")
        need("incidents.severity_weights", isinstance(sev, Mapping) and set(map(str, sev)) == set(SEVERITIES)
             and all(_number(v) and v >= 0 for v in sev.values()),
             _("A weight of 0 or more for each severity 1 to 5."))  # fmt: skip
        types = inc.get("type_weights", {})
        need("incidents.type_weights",
             isinstance(types, Mapping) and all(_number(v) and v >= 0 for v in types.values()),
             _("A weight of 0 or more per event type."))  # fmt: skip
        default = inc.get("default_type_weight")
        need("incidents.default_type_weight", _number(default) and default >= 0, _("A number of 0 or more."))
        need("incidents.exclude_types", isinstance(inc.get("exclude_types", []), list), _("A list of event types."))
    return errors


def canonical(params: Mapping[str, Any]) -> str:
    return json.dumps(params, sort_keys=True, ensure_ascii=False)


def read_file(domain_dir: Path | None = None) -> dict[str, Any]:
    """The method file as {"version", "name", "params"}; MethodError naming the key of any problem."""
    path = Path(domain_dir or settings.DOMAIN_DIR) / METHOD_FILE
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, Mapping) or not isinstance(document.get("params"), Mapping):
        raise MethodError({"params": _("%(file)s has no `params` mapping.") % {"file": METHOD_FILE}})
    params = dict(document["params"])
    # Severity keys as strings, whichever way the YAML wrote them: the params are stored as JSON.
    incidents = dict(params.get("incidents") or {})
    if isinstance(incidents.get("severity_weights"), Mapping):
        incidents["severity_weights"] = {str(k): v for k, v in incidents["severity_weights"].items()}
        params["incidents"] = incidents
    errors = check_params(params)
    if errors:
        raise MethodError(errors, detail=_("%(file)s: nothing was loaded.") % {"file": METHOD_FILE})
    return {"version": int(document.get("version") or 1), "name": str(document.get("name") or ""), "params": params}


def _save_version(user: Any, name: str, params: Mapping[str, Any], note: str, wanted: int | None = None) -> IndexMethod:
    """A new version in use (the caller holds a transaction)."""
    highest = IndexMethod.objects.aggregate(n=Max("version"))["n"] or 0
    version = wanted if wanted is not None and wanted > highest else highest + 1
    IndexMethod.objects.filter(is_active=True).update(is_active=False)
    method = IndexMethod.objects.create(version=version, name=name[:200] or f"v{version}", params=dict(params),
                                        note=note, is_active=True,
                                        created_by=user if _real(user) else None)  # fmt: skip
    record(user if _real(user) else None, "risk.method", method, None,
           {"version": method.version, "name": method.name, "params": method.params})  # fmt: skip
    return method


def _real(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def load_method_file(user: Any = None, domain_dir: Path | None = None) -> tuple[IndexMethod, bool]:
    """The file's parameters as the method in use: unchanged when they are already in use (False), else a new
    version (True)."""
    data = read_file(domain_dir)
    with transaction.atomic():
        current = IndexMethod.objects.select_for_update().filter(is_active=True).first()
        if current is not None and canonical(current.params) == canonical(data["params"]):
            return current, False
        same = next((m for m in IndexMethod.objects.all() if canonical(m.params) == canonical(data["params"])), None)
        if same is not None:  # back to an earlier version's parameters: use that version again
            IndexMethod.objects.filter(is_active=True).update(is_active=False)
            IndexMethod.objects.filter(pk=same.pk).update(is_active=True)
            same.is_active = True
            record(user if _real(user) else None, "risk.method", same, None, {"version": same.version, "reused": True})
            return same, True
        note = _("Loaded from %(file)s.") % {"file": METHOD_FILE}
        return _save_version(user, data["name"], data["params"], note, wanted=data["version"]), True


def new_version(user: Any, params: Mapping[str, Any], *, name: str = "", note: str = "") -> IndexMethod:
    """A national admin's change of the parameters: checked whole, then saved as the next version in use."""
    if not has_permission(user, "risk.method"):
        raise MethodDenied({"user": _("Only a national administrator may change the index method.")})
    errors = check_params(params)
    if errors:
        raise MethodError(errors, detail=_("Nothing was saved."))
    with transaction.atomic():
        return _save_version(user, name, params, note)


def active_method() -> IndexMethod:
    """The method in use, loading the file when there is none yet."""
    method = IndexMethod.objects.filter(is_active=True).first()
    if method is None:
        method, _created = load_method_file()
    return method


def category_of(composite: float | None, level: str, params: Mapping[str, Any]) -> str:
    """rendah / sedang / tinggi from the level's lower bounds; empty without a score."""
    if composite is None:
        return ""
    bands = params["categories"][level]
    if composite >= bands["tinggi"]:
        return Category.TINGGI
    if composite >= bands["sedang"]:
        return Category.SEDANG
    return Category.RENDAH


def is_provisional(coverage: float, params: Mapping[str, Any]) -> bool:
    """A score whose answers cover less than the minimum: incident part only, its category provisional."""
    return coverage < float(params["coverage_minimum"])
