"""The index block of the situation board (core/board.py): the map of the user's area by category, the
categories counted, and the biggest changes since the previous computation, all through the scoped selectors."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Count
from django.db.models.functions import Abs

from waspada.core.board import Block
from waspada.core.scope import ScopeLevel, UserScope
from waspada.regions import selectors as regions
from waspada.regions.models import KABKOTA_LEVELS
from waspada.risk.models import Category, Level
from waspada.risk.selectors import latest_run, scores_for

CHANGES_SHOWN = 5
CATEGORY_COLOURS: dict[str, str] = {Category.RENDAH: "#1a9850", Category.SEDANG: "#fdae61", Category.TINGGI: "#d7301f"}


def _layer(scope: UserScope, versions: dict[str, str]) -> dict[str, Any] | None:
    """The boundary layer that draws the user's kab/kota: the country's, or its province's."""
    key = "national-kabkota" if scope.region_code is None else f"province-{scope.region_code.split('.')[0]}"
    if key not in versions:
        return None
    layer: dict[str, Any] = {"url": regions.layer_url(key, versions), "pane": "kabkota", "interactive": True,
                             "levels": list(KABKOTA_LEVELS)}  # fmt: skip
    if scope.level in (ScopeLevel.KABKOTA, ScopeLevel.DEEPER):
        layer["prefix"] = ".".join(scope.region_code.split(".")[:2])  # type: ignore[union-attr]
    return layer


def index_block(user: Any, scope: UserScope) -> Block:
    run = latest_run()
    context: dict[str, Any] = {"run": run, "colours": CATEGORY_COLOURS}
    if run is None:
        return Block("web/board/index_block.html", context, wide=True)
    scores = scores_for(run, user, Level.KABKOTA)
    categories = dict(scores.exclude(category="").order_by().values_list("category").annotate(n=Count("id")))
    context["counts"] = [(value, label, categories.get(value, 0), CATEGORY_COLOURS[value])
                         for value, label in reversed(Category.choices)]  # fmt: skip
    context["scored"] = sum(categories.values())
    changed = scores_for(run, user).exclude(change=None).exclude(change=0).annotate(size=Abs("change"))
    context["changes"] = list(changed.order_by("-size", "region_id")[:CHANGES_SHOWN])
    context["has_previous"] = run.previous_id is not None
    own = scores_for(run, user).filter(region_id=scope.region_code).first() if scope.region_code else None
    context["own"] = own
    context["map_categories"] = dict(scores.exclude(category="").values_list("region_id", "category"))
    context["map_layer"] = layer = _layer(scope, regions.layer_versions())
    context["map_layer_json"] = json.dumps(layer) if layer else ""
    return Block("web/board/index_block.html", context, wide=True)
